package dev.kiln.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The update rule a {@link Model} trains with. Every numeric attribute left at its default ({@code NaN})
 * takes the optimizer's own default, as in PyTorch:
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>type</th><th>learningRate</th><th>momentum</th><th>beta1</th><th>beta2</th><th>epsilon</th></tr>
 *   <tr><td>SGD</td><td>0.01</td><td>-</td><td>-</td><td>-</td><td>-</td></tr>
 *   <tr><td>MOMENTUM, NESTEROV</td><td>0.01</td><td>0.9</td><td>-</td><td>-</td><td>-</td></tr>
 *   <tr><td>ADAM</td><td>1e-3</td><td>-</td><td>0.9</td><td>0.999</td><td>1e-8</td></tr>
 * </table>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Optimizer {

    /** Which update rule. */
    OptimizerType type();

    /** Step size η. Default: the optimizer's own (table above). */
    double learningRate() default Double.NaN;

    /** Momentum μ for MOMENTUM and NESTEROV, in [0, 1). Default 0.9. */
    double momentum() default Double.NaN;

    /** Adam's first-moment decay β1, in [0, 1). Default 0.9. */
    double beta1() default Double.NaN;

    /** Adam's second-moment decay β2, in [0, 1). Default 0.999. */
    double beta2() default Double.NaN;

    /** Adam's ε, added outside the square root, greater than 0. Default 1e-8. */
    double epsilon() default Double.NaN;
}
