package dev.kiln.runtime.kernels;

/** Scalar twin of {@link VectorEpilogue}. */
public final class ScalarEpilogue {

    private ScalarEpilogue() {}

    /** Same contract as {@link Epilogue#biasActivateDropout}; {@code mask} and {@code out} may be null. */
    public static void biasActivate(ActivationFunction f, float[] z, int rows, int cols,
                                    float[] bias, int biasOff, float[] mask, float[] out) {
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                float v = z[row + j] + (bias == null ? 0f : bias[biasOff + j]);
                float a = f.apply(v);
                z[row + j] = a;
                if (mask != null) {
                    out[row + j] = a * mask[row + j];
                }
            }
        }
    }

    /** Same contract as {@link Epilogue#activationBackward}. */
    public static void activationBackward(ActivationFunction f, float[] delta, float[] a, float[] mask,
                                          int count) {
        for (int i = 0; i < count; i++) {
            float d = delta[i] * f.derivativeFromOutput(a[i]);
            delta[i] = mask == null ? d : d * mask[i];
        }
    }
}
