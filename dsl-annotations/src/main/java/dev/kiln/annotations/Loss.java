package dev.kiln.annotations;

/** Loss functions, each averaged over the samples of a mini-batch. */
public enum Loss {
    /**
     * Softmax cross-entropy with integer class labels: {@code -log softmax(z)[y]}. Requires an output layer
     * with {@link Activation#SOFTMAX} and at least 2 units; softmax and loss are computed together from the
     * logits (gradient {@code softmax(z) - onehot(y)}), which is exact and never takes the log of 0.
     */
    SOFTMAX_CROSS_ENTROPY,

    /**
     * Binary cross-entropy with targets in [0, 1], computed from the logit:
     * {@code max(z,0) - z*t + log(1 + e^-|z|)}. Requires an output layer with {@link Activation#SIGMOID};
     * sigmoid and loss are fused (gradient {@code sigmoid(z) - t}).
     */
    BINARY_CROSS_ENTROPY,

    /** Mean squared error {@code (1/k) * sum (y - t)^2} over the k outputs of a sample, with float targets. */
    MEAN_SQUARED_ERROR
}
