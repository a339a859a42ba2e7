package dev.kiln.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The update rule a {@link Model} trains with, with its hyperparameters. Every numeric attribute left at
 * its default ({@code NaN}) takes the optimizer's own default, PyTorch's:
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>type</th><th>learningRate</th><th>other</th></tr>
 *   <tr><td>SGD</td><td>0.01</td><td></td></tr>
 *   <tr><td>MOMENTUM, NESTEROV</td><td>0.01</td><td>momentum 0.9</td></tr>
 *   <tr><td>ADAGRAD</td><td>0.01</td><td>epsilon 1e-10</td></tr>
 *   <tr><td>RMSPROP</td><td>0.01</td><td>rho 0.99, epsilon 1e-8</td></tr>
 *   <tr><td>ADADELTA</td><td>1.0</td><td>rho 0.9, epsilon 1e-6</td></tr>
 *   <tr><td>ADAM, AMSGRAD</td><td>1e-3</td><td>beta1 0.9, beta2 0.999, epsilon 1e-8</td></tr>
 *   <tr><td>ADAMAX, NADAM</td><td>2e-3</td><td>beta1 0.9, beta2 0.999, epsilon 1e-8</td></tr>
 *   <tr><td>ADAMW</td><td>1e-3</td><td>beta1 0.9, beta2 0.999, epsilon 1e-8, weightDecay 0.01</td></tr>
 * </table>
 *
 * <p>An attribute that the chosen type does not use is a compile error rather than silently ignored.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Optimizer {

    /** Which update rule. */
    OptimizerType type();

    /** Step size η, greater than 0. Default: the optimizer's own (table above). */
    double learningRate() default Double.NaN;

    /** Momentum μ for MOMENTUM and NESTEROV, in [0, 1). Default 0.9. */
    double momentum() default Double.NaN;

    /** First-moment decay β1 of the Adam family, in [0, 1). Default 0.9. */
    double beta1() default Double.NaN;

    /** Second-moment decay β2 of the Adam family, in [0, 1). Default 0.999. */
    double beta2() default Double.NaN;

    /** Decay ρ of RMSProp's (PyTorch's {@code alpha}) and AdaDelta's running averages, in [0, 1). */
    double rho() default Double.NaN;

    /** ε, greater than 0, added to denominators. Default: the optimizer's own (table above). */
    double epsilon() default Double.NaN;

    /**
     * Decoupled weight decay λ ≥ 0 (Loshchilov and Hutter): after each step's gradient is computed,
     * {@code w ← w - η λ w}, on weights only, never biases. Any optimizer accepts it. Default 0.01 for
     * ADAMW, 0 for the others.
     */
    double weightDecay() default Double.NaN;

    /**
     * Clip each gradient value to [-clipValue, clipValue] before the update (Keras {@code clipvalue}).
     * Greater than 0; default off. At most one of the three clipping attributes may be set.
     */
    double clipValue() default Double.NaN;

    /**
     * Rescale each tensor's gradient (a layer's weights, its bias) to L2 norm {@code clipNorm} when it is larger
     * (Keras {@code clipnorm}). Greater than 0; default off.
     */
    double clipNorm() default Double.NaN;

    /**
     * Rescale all gradients together to global L2 norm {@code globalClipNorm} when it is larger:
     * {@code g ← g · c / max(‖g‖, c)} (Keras {@code global_clipnorm}). Greater than 0; default off.
     */
    double globalClipNorm() default Double.NaN;
}
