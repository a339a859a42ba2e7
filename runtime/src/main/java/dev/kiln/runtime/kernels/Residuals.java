package dev.kiln.runtime.kernels;

/**
 * Element-wise sums for residual (skip) connections: the forward pass adds a block's input to its output,
 * and the backward pass adds the gradient that reaches the block's output to the gradient of its input.
 */
public final class Residuals {

    private Residuals() {}

    /**
     * {@code out[i] = a[i] + b[i]} for the first {@code count} elements. {@code out} may be the same array as
     * {@code a} or {@code b}, since each element is read before it is written.
     */
    public static void add(float[] a, float[] b, float[] out, int count) {
        if (Simd.ENABLED) {
            VectorResiduals.add(a, b, out, count);
        } else {
            ScalarResiduals.add(a, b, out, count);
        }
    }

    /** {@code target[i] += source[i]} for the first {@code count} elements. */
    public static void addInto(float[] target, float[] source, int count) {
        if (Simd.ENABLED) {
            VectorResiduals.addInto(target, source, count);
        } else {
            ScalarResiduals.addInto(target, source, count);
        }
    }
}
