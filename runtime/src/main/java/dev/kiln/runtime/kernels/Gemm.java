package dev.kiln.runtime.kernels;

/**
 * Matrix product {@code C = A·B} for row-major float matrices, the one product that forward and backward
 * passes are written in.
 *
 * <p>{@code A} (m × k) is addressed through two strides, so one kernel serves both layouts training needs:
 * element {@code A[r][p]} is {@code a[aOff + r*aRowStride + p*aColStride]}. A plain row-major {@code A}
 * has strides {@code (k, 1)}; the transpose of a row-major (k × m) matrix, as in the weight gradient
 * {@code Xᵀ·Δ}, has strides {@code (1, m)}. {@code B} (k × n) is row-major with leading dimension
 * {@code ldb}, and {@code C} (m × n) is overwritten, with leading dimension {@code ldc}. The third layout,
 * {@code Δ·Wᵀ}, is computed on a transposed copy of {@code W} (see {@link Transpose}).
 */
public final class Gemm {

    private Gemm() {}

    /** Computes {@code C = A·B}; see the class comment for the addressing. */
    public static void multiply(int m, int n, int k,
                                float[] a, int aOff, int aRowStride, int aColStride,
                                float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc) {
        if (Simd.ENABLED) {
            VectorGemm.multiply(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, ldb, c, cOff, ldc);
        } else {
            ScalarGemm.multiply(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, ldb, c, cOff, ldc);
        }
    }
}
