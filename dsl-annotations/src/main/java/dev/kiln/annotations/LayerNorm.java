package dev.kiln.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Layer normalisation of the preceding layer's output (Ba, Kiros and Hinton, 2016): each row is normalised over
 * its units, {@code x̂ = (x − μ)/sqrt(σ² + ε)} with the row's mean μ and biased variance σ², then
 * {@code y = γ·x̂ + β} with γ and β learned per unit. Unlike {@link BatchNorm} it computes the same thing in
 * training and at inference, keeps no running statistics, and works for a batch of one. Place it after a
 * {@link Dense} (before or after the activation, as with {@code @BatchNorm}); never after the output layer, and
 * at most one normalisation per block.
 *
 * <p>Matches PyTorch's {@code nn.LayerNorm(units)}, whose ε default this shares.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface LayerNorm {

    /** ε added to the variance, greater than 0. Default 1e-5 (PyTorch). */
    double epsilon() default 1e-5;

    /** Whether γ is learned (else 1). Default true. */
    boolean scale() default true;

    /** Whether β is learned (else 0). Default true. */
    boolean center() default true;
}
