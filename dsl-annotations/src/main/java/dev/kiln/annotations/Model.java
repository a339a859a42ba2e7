package dev.kiln.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as a Kiln model and holds the settings that belong to the whole network.
 *
 * <p>The processor generates {@code <ClassName>Model} in the same package; it extends the annotated class,
 * so the class must be non-final, non-private, top-level or static nested, and have a no-argument
 * constructor the generated class can call.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Model {

    /** Width of one input row (number of features). Required, at least 1. */
    int inputs();

    /** The loss the network is trained on. The output layer's activation must fit it (see {@link Loss}). */
    Loss loss();

    /**
     * Seed for weight initialisation, dropout masks and, unless the fit options say otherwise, the
     * per-epoch shuffle. The same seed gives bit-identical training. Default 42.
     */
    long seed() default 42L;

    /**
     * The largest mini-batch the generated model allocates its buffers for, once, when it is built.
     * A training step then allocates nothing. The generated class also has a constructor that takes
     * this number at run time. Default 512.
     */
    int maxBatchSize() default 512;

    /**
     * Whether several sigmoid outputs with {@link Loss#BINARY_CROSS_ENTROPY} are independent yes/no labels.
     * Required for binary cross-entropy with more than one output unit, so that a model meant for one of
     * several classes (softmax cross-entropy) is not declared as one by mistake. Default false.
     */
    boolean multiLabel() default false;

    /** Epochs {@code fit} runs unless its options say otherwise. Default 1, as in Keras. */
    int epochs() default 1;

    /**
     * Mini-batch size {@code fit} uses unless its options say otherwise: 1 for stochastic gradient descent,
     * {@link #maxBatchSize()} or more for full-batch on small sets. Default 32, as in Keras, or the maximum
     * batch size when that is smaller; a value written here may not exceed {@link #maxBatchSize()}.
     */
    int batchSize() default 32;

    /**
     * δ of {@link Loss#HUBER}: where the loss turns from squared to absolute error, in the targets' units; greater
     * than 0. Only with that loss. Default 1.0 (PyTorch).
     */
    double huberDelta() default 1.0;

    /**
     * Label smoothing ε of {@link Loss#SOFTMAX_CROSS_ENTROPY}, in [0, 1): each row's target becomes
     * {@code (1 − ε)·onehot(y) + ε/K} over the K classes, which keeps the network from growing its logits
     * without bound. Only with that loss. Default 0 (none).
     */
    double labelSmoothing() default 0.0;
}
