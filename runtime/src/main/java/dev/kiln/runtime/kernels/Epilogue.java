package dev.kiln.runtime.kernels;

/**
 * The element-wise passes around a dense layer's product, each one pass over the layer's output.
 *
 * <p>Forward: {@code z ← z + b} in place (z then holds the pre-activation), {@code out = f(z)} ({@code out}
 * may be {@code z} itself when the derivative needs only the output), and when dropout follows,
 * {@code dropped = out ⊙ mask} in the same pass. Backward: {@code δ ← δ ⊙ mask ⊙ f'}, with {@code f'}
 * from the stored output, or from the stored pre-activation for the activations that need it
 * ({@link ActivationFunction#needsInput()}).
 */
public final class Epilogue {

    private Epilogue() {}

    /**
     * For each of {@code rows} rows of {@code cols} values: {@code z ← z + bias}, {@code out = f(z)}, and
     * with a non-null {@code mask}, {@code dropped = out ⊙ mask}. {@code bias} may be null (no bias).
     */
    public static void forward(ActivationFunction f, float alpha, float[] z, int rows, int cols,
                               float[] bias, int biasOff, float[] out, float[] mask, float[] dropped) {
        if (Simd.ENABLED) {
            VectorEpilogue.forward(f, alpha, z, rows, cols, bias, biasOff, out, mask, dropped);
        } else {
            ScalarEpilogue.forward(f, alpha, z, rows, cols, bias, biasOff, out, mask, dropped);
        }
    }

    /** {@code dst[i] = src[i] · mask[i]}: DropConnect's masked weights. */
    public static void maskedCopy(float[] src, float[] mask, float[] dst, int count) {
        // A linear epilogue writes out = src, then dropped = out·mask over it: the masked copy.
        forward(ActivationFunction.LINEAR, 0f, src, 1, count, null, 0, dst, mask, dst);
    }

    /** {@code delta[i] ← delta[i] · mask[i]}: back through a dropout that has a pass of its own. */
    public static void applyMask(float[] delta, float[] mask, int count) {
        backward(ActivationFunction.LINEAR, 0f, delta, null, null, mask, count);
    }

    /**
     * {@code delta[i] ← delta[i] · f'(pre[i], out[i])} for the first {@code count} elements, and with a
     * non-null {@code mask} (dropout after the activation) also {@code · mask[i]}. {@code pre} may be null
     * when {@code f} does not need its input.
     */
    public static void backward(ActivationFunction f, float alpha, float[] delta, float[] pre, float[] out,
                                float[] mask, int count) {
        if (Simd.ENABLED) {
            VectorEpilogue.backward(f, alpha, delta, pre, out, mask, count);
        } else {
            ScalarEpilogue.backward(f, alpha, delta, pre, out, mask, 0, count);
        }
    }
}
