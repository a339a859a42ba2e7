package dev.kiln.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Batch normalisation of the preceding layer's output, per unit, as the slides' algorithm: in training,
 * mini-batch mean μ and biased variance σ², {@code x̂ = (x − μ)/sqrt(σ² + ε)}, {@code y = γ·x̂ + β}; at
 * inference the running statistics replace μ and σ². Place it after a {@link Dense} with linear activation
 * and before an {@link Activate} layer (the slides' placement), or after an activation; never after the
 * output layer.
 *
 * <p>Running statistics follow Keras: {@code moving = momentum·moving + (1 − momentum)·batch}, so momentum
 * 0.99 keeps 99% of the old value. PyTorch's {@code momentum} means the opposite (its 0.1 is Keras's 0.9).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface BatchNorm {

    /** Weight of the old running statistics, in [0, 1). Default 0.99 (Keras). */
    double momentum() default 0.99;

    /** ε added to the variance, greater than 0. Default 1e-3 (Keras). */
    double epsilon() default 1e-3;

    /** Whether γ is learned (else 1). Default true. */
    boolean scale() default true;

    /** Whether β is learned (else 0). Default true. */
    boolean center() default true;
}
