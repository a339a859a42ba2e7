package dev.kiln.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fully connected layer: {@code a = f(x·W + b)} for each input row {@code x}, with {@code W} of shape
 * (input width × units). Its input width is the previous layer's width, or {@link Model#inputs()} for the
 * first layer. Bias, activation and (when a {@link Dropout} follows) the dropout mask are applied in the
 * same pass over the output.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Dense {

    /** Number of output units, at least 1. */
    int units();

    /** Activation applied to {@code x·W + b}. Default {@link Activation#LINEAR}, as in Keras. */
    Activation activation() default Activation.LINEAR;

    /**
     * The activation's parameter: leaky ReLU's slope for z &lt; 0 (default 0.01) or ELU's α (default 1.0).
     * Greater than 0; other activations take none, and setting it for them is a compile error.
     */
    double alpha() default Double.NaN;

    /**
     * Weight initialisation. Default {@link Initializer#DEFAULT}: He normal for the ReLU family (ReLU, leaky
     * ReLU, ELU, GELU, SiLU), LeCun normal for SELU, Glorot uniform otherwise.
     */
    Initializer initializer() default Initializer.DEFAULT;

    /** Whether the layer has a bias vector. Default true. */
    boolean bias() default true;

    /** L1 penalty λ ≥ 0: adds {@code λ·Σ|w|} to the loss (gradient {@code λ·sign(w)}). Default 0. */
    double l1() default 0;

    /** L2 penalty λ ≥ 0: adds {@code λ·Σw²} to the loss (gradient {@code 2λw}). Default 0. */
    double l2() default 0;

    /** Whether the L1 and L2 penalties also apply to the bias. Default false: weights only. */
    boolean penalizeBias() default false;

    /**
     * Max-norm constraint r &gt; 0: after each update, each unit's incoming weight vector is rescaled to L2
     * norm r when its norm exceeds r. Default off.
     */
    double maxNorm() default Double.NaN;

    /**
     * DropConnect (Wan et al. 2013): in training, each weight is dropped with this probability for the step,
     * kept ones scaled by 1/(1 − p), so the expected weights are unchanged; inference uses the weights as
     * they are. In [0, 1); default 0, off.
     */
    double dropConnect() default 0;
}
