package dev.kiln.runtime.kernels;

/** The activations the epilogue kernels apply; generated code passes a constant. */
public enum ActivationFunction {
    /** {@code f(z) = z}. */
    LINEAR,
    /** {@code f(z) = max(0, z)}; {@code f'(0)} is taken as 0, as in PyTorch. */
    RELU,
    /** {@code f(z) = 1 / (1 + e^-z)}; {@code f' = a(1 - a)}. */
    SIGMOID,
    /** {@code f(z) = tanh z}; {@code f' = 1 - a²}. */
    TANH;

    /** Scalar value of the activation, the reference the kernels are tested against. */
    public float apply(float z) {
        return switch (this) {
            case LINEAR -> z;
            case RELU -> Math.max(0f, z);
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-z)));
            case TANH -> (float) Math.tanh(z);
        };
    }

    /** Derivative expressed through the activation's output {@code a = f(z)}. */
    public float derivativeFromOutput(float a) {
        return switch (this) {
            case LINEAR -> 1f;
            case RELU -> a > 0f ? 1f : 0f;
            case SIGMOID -> a * (1f - a);
            case TANH -> 1f - a * a;
        };
    }
}
