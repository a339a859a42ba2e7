package dev.kiln.runtime.kernels;

/**
 * The activations the epilogue kernels apply; generated code passes a constant, and {@code alpha} for the
 * ones that take a parameter (leaky ReLU's slope, ELU's α). These scalar methods are the reference the
 * vector kernels are tested against, and the kernels' formulas for tails.
 */
public enum ActivationFunction {
    /** {@code f(z) = z}. */
    LINEAR,
    /** {@code f(z) = max(0, z)}; {@code f'(0)} is taken as 0, as in PyTorch. */
    RELU,
    /** {@code f(z) = z} for z &gt; 0, else {@code α·z} (α &gt; 0). */
    LEAKY_RELU,
    /** {@code f(z) = z} for z &gt; 0, else {@code α(e^z − 1)}. */
    ELU,
    /** {@code f(z) = λ·z} for z &gt; 0, else {@code λα(e^z − 1)}, with Klambauer et al.'s λ and α. */
    SELU,
    /** {@code f(z) = 1 / (1 + e^-z)}; {@code f' = a(1 - a)}. */
    SIGMOID,
    /** {@code f(z) = tanh z}; {@code f' = 1 - a²}. */
    TANH,
    /** {@code f(z) = log(1 + e^z)}, computed as {@code max(z, 0) + log1p(e^-|z|)}; {@code f' = 1 - e^-a}. */
    SOFTPLUS,
    /**
     * {@code f(z) = z·Φ(z)}, the exact (erf) form, with erf from Abramowitz and Stegun 7.1.26 (absolute
     * error below 1.5e-7); {@code f' = Φ(z) + z·φ(z)}.
     */
    GELU,
    /** SiLU / swish: {@code f(z) = z·σ(z)}; {@code f' = σ(z)(1 + z(1 − σ(z)))}. */
    SILU;

    /** SELU's λ, to double precision (Klambauer et al. 2017). */
    public static final double SELU_LAMBDA = 1.0507009873554804934193349852946;
    /** SELU's α, to double precision. */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;

    static final float SELU_L = (float) SELU_LAMBDA;
    static final float SELU_LA = (float) (SELU_LAMBDA * SELU_ALPHA);

    /**
     * Whether the derivative needs the activation's input z, not only its output: then the input must be kept
     * for the backward pass ({@link Epilogue#backward}'s {@code pre}). The processor's table of activation
     * facts is checked against this.
     *
     * @return true for GELU and SiLU
     */
    public boolean needsInput() {
        return this == GELU || this == SILU;
    }

    /** {@code f(z)}. */
    public float apply(float z, float alpha) {
        return switch (this) {
            case LINEAR -> z;
            case RELU -> Math.max(0f, z);
            case LEAKY_RELU -> z > 0f ? z : alpha * z;
            case ELU -> z > 0f ? z : alpha * (float) Math.expm1(z);
            case SELU -> z > 0f ? SELU_L * z : SELU_LA * (float) Math.expm1(z);
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-z)));
            case TANH -> (float) Math.tanh(z);
            case SOFTPLUS -> Math.max(z, 0f) + (float) Math.log1p(Math.exp(-Math.abs(z)));
            case GELU -> z * normalCdf(z);
            case SILU -> z * (float) (1.0 / (1.0 + Math.exp(-z)));
        };
    }

    /** {@code f'} at input {@code z} with output {@code a = f(z)}; each uses whichever it needs. */
    public float derivative(float z, float a, float alpha) {
        return switch (this) {
            case LINEAR -> 1f;
            case RELU -> a > 0f ? 1f : 0f;
            case LEAKY_RELU -> a > 0f ? 1f : alpha;
            case ELU -> a > 0f ? 1f : a + alpha;
            case SELU -> a > 0f ? SELU_L : a + SELU_LA;
            case SIGMOID -> a * (1f - a);
            case TANH -> 1f - a * a;
            case SOFTPLUS -> -(float) Math.expm1(-a);
            case GELU -> normalCdf(z) + z * (float) (Math.exp(-0.5 * z * z) * INV_SQRT_2PI);
            case SILU -> {
                float s = (float) (1.0 / (1.0 + Math.exp(-z)));
                yield s * (1f + z * (1f - s));
            }
        };
    }

    static final double INV_SQRT_2PI = 0.3989422804014327;
    static final float ERF_P = 0.3275911f;
    static final float ERF_A1 = 0.254829592f;
    static final float ERF_A2 = -0.284496736f;
    static final float ERF_A3 = 1.421413741f;
    static final float ERF_A4 = -1.453152027f;
    static final float ERF_A5 = 1.061405429f;

    /** Φ(z) = ½(1 + erf(z/√2)), with the same erf approximation as the vector kernel. */
    static float normalCdf(float z) {
        float x = Math.abs(z) * 0.70710677f;
        float t = 1f / (1f + ERF_P * x);
        float poly = ((((ERF_A5 * t + ERF_A4) * t + ERF_A3) * t + ERF_A2) * t + ERF_A1) * t;
        float erf = 1f - poly * (float) Math.exp(-x * x);
        return 0.5f * (1f + (z < 0 ? -erf : erf));
    }
}
