package dev.kiln.annotations;

/** Activation functions a {@link Dense} layer applies to its output. */
public enum Activation {
    /** Identity: {@code f(z) = z}. */
    LINEAR,
    /** Rectified linear unit: {@code f(z) = max(0, z)}; derivative taken as 0 at 0. */
    RELU,
    /** Leaky ReLU: {@code f(z) = max(αz, z)}, slope {@link Dense#alpha()} (default 0.01, as the slides). */
    LEAKY_RELU,
    /**
     * PReLU: {@code z} for z &gt; 0, else {@code α_j·z} with one slope α_j per unit, learned (He et al.
     * 2015); slopes start at 0.25, as in PyTorch, and get no weight decay or penalty.
     */
    PRELU,
    /**
     * RReLU: {@code z} for z &gt; 0, else {@code r·z}, with r drawn uniformly from [1/8, 1/3] for every
     * element in training and fixed to the mean 11/48 at inference (Xu et al. 2015).
     */
    RRELU,
    /** ELU: {@code z} for z &gt; 0, else {@code α(e^z − 1)}; α is {@link Dense#alpha()} (default 1.0). */
    ELU,
    /**
     * SELU: {@code λz} for z &gt; 0, else {@code λα(e^z − 1)}, with λ ≈ 1.0507 and α ≈ 1.6733 to double
     * precision (Klambauer et al.). Self-normalising with LeCun normal initialisation, the default for it.
     */
    SELU,
    /** Logistic sigmoid: {@code f(z) = 1 / (1 + e^-z)}. */
    SIGMOID,
    /** Hyperbolic tangent. */
    TANH,
    /** Softplus: {@code f(z) = log(1 + e^z)}. */
    SOFTPLUS,
    /** GELU, the exact form {@code z·Φ(z)} (PyTorch's default), with erf accurate to 1.5e-7. */
    GELU,
    /** SiLU, also called swish: {@code f(z) = z·σ(z)}. */
    SILU,
    /**
     * Softmax over the layer's units. Only on the output layer; with {@link Loss#SOFTMAX_CROSS_ENTROPY} it
     * is fused with the loss.
     */
    SOFTMAX
}
