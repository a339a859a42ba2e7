package dev.kiln.annotations;

/** Activation functions a {@link Dense} layer applies to its output. */
public enum Activation {
    /** Identity: {@code f(z) = z}. */
    LINEAR,
    /** Rectified linear unit: {@code f(z) = max(0, z)}; derivative taken as 0 at 0. */
    RELU,
    /** Logistic sigmoid: {@code f(z) = 1 / (1 + e^-z)}. */
    SIGMOID,
    /** Hyperbolic tangent. */
    TANH,
    /**
     * Softmax over the layer's units. Only on the output layer, with {@link Loss#SOFTMAX_CROSS_ENTROPY},
     * where it is fused with the loss.
     */
    SOFTMAX
}
