package dev.kiln.runtime.kernels;

/**
 * The element-wise passes around a dense layer's product, each one pass over the layer's output.
 *
 * <p>Forward: {@code z ← f(z + b)} in place, and when dropout follows, {@code out = z ⊙ mask} in the same
 * pass. Backward: {@code δ ← δ ⊙ mask ⊙ f'(a)} in place, where {@code a} is the stored activation. Every
 * activation's derivative is computed from its output, so the pre-activation need not be kept.
 */
public final class Epilogue {

    private Epilogue() {}

    /**
     * For each of {@code rows} rows of {@code cols} values in {@code z}: {@code z ← f(z + bias)}.
     * {@code bias} may be null (layer without bias).
     */
    public static void biasActivate(ActivationFunction f, float[] z, int rows, int cols,
                                    float[] bias, int biasOff) {
        if (Simd.ENABLED) {
            VectorEpilogue.biasActivate(f, z, rows, cols, bias, biasOff, null, null);
        } else {
            ScalarEpilogue.biasActivate(f, z, rows, cols, bias, biasOff, null, null);
        }
    }

    /** As {@link #biasActivate}, and also writes {@code out = z ⊙ mask} for a following dropout layer. */
    public static void biasActivateDropout(ActivationFunction f, float[] z, int rows, int cols,
                                           float[] bias, int biasOff, float[] mask, float[] out) {
        if (Simd.ENABLED) {
            VectorEpilogue.biasActivate(f, z, rows, cols, bias, biasOff, mask, out);
        } else {
            ScalarEpilogue.biasActivate(f, z, rows, cols, bias, biasOff, mask, out);
        }
    }

    /**
     * {@code delta[i] ← delta[i] · f'(a[i])} for the first {@code count} elements; with a non-null
     * {@code mask} (dropout after the activation) also {@code · mask[i]}.
     */
    public static void activationBackward(ActivationFunction f, float[] delta, float[] a, float[] mask,
                                          int count) {
        if (Simd.ENABLED) {
            VectorEpilogue.activationBackward(f, delta, a, mask, count);
        } else {
            ScalarEpilogue.activationBackward(f, delta, a, mask, count);
        }
    }
}
