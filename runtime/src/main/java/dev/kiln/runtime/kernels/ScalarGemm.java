package dev.kiln.runtime.kernels;

/** Scalar twin of {@link VectorGemm}: the test oracle and the fallback without the Vector API. */
public final class ScalarGemm {

    private ScalarGemm() {}

    /** Same contract as {@link Gemm#multiply}. */
    public static void multiply(int m, int n, int k,
                                float[] a, int aOff, int aRowStride, int aColStride,
                                float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[cRow + j] = 0f;
            }
            int aRow = aOff + i * aRowStride;
            // i-p-j order: the inner loop streams a row of B and a row of C.
            for (int p = 0; p < k; p++) {
                float av = a[aRow + p * aColStride];
                int bRow = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] = Math.fma(av, b[bRow + j], c[cRow + j]);
                }
            }
        }
    }
}
