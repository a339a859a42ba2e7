package dev.kiln.annotations;

/** Loss functions, each averaged over the samples of a mini-batch. */
public enum Loss {
    /**
     * Softmax cross-entropy with integer class labels: {@code -log softmax(z)[y]}. Requires an output layer
     * with {@link Activation#SOFTMAX} and at least 2 units; softmax and loss are computed together from the
     * logits (gradient {@code softmax(z) - onehot(y)}), which is exact and never takes the log of 0. With
     * {@link Model#labelSmoothing()} ε the target is {@code (1 − ε)·onehot(y) + ε/K} (PyTorch's and Keras's
     * label smoothing).
     */
    SOFTMAX_CROSS_ENTROPY,

    /**
     * Binary cross-entropy with targets in [0, 1], computed from the logit:
     * {@code max(z,0) - z*t + log(1 + e^-|z|)}. Requires an output layer with {@link Activation#SIGMOID};
     * sigmoid and loss are fused (gradient {@code sigmoid(z) - t}).
     */
    BINARY_CROSS_ENTROPY,

    /** Mean squared error {@code (1/k) * sum (y - t)^2} over the k outputs of a sample, with float targets. */
    MEAN_SQUARED_ERROR,

    /**
     * Mean absolute error {@code (1/k) * sum |y - t|} over the k outputs of a sample, with float targets: less
     * swayed by outliers than squared error. Its gradient at {@code y = t} is taken as 0 (PyTorch's
     * {@code L1Loss}).
     */
    MEAN_ABSOLUTE_ERROR,

    /**
     * Huber loss over the k outputs of a sample, {@code (1/k) * sum h(y - t)} with {@code h(d) = d²/2} for
     * {@code |d| ≤ δ} and {@code δ(|d| − δ/2)} beyond ({@link Model#huberDelta()}, default 1): squared error
     * near the target, absolute error for outliers (PyTorch's {@code HuberLoss(delta)}).
     */
    HUBER
}
