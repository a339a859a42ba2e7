package dev.kiln.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-tiled SIMD matrix product. The micro-kernel holds a 6-row × 2-vector block of {@code C} in 12
 * accumulators; per step of the reduction it loads two vectors of a row of {@code B} and broadcasts six
 * elements of {@code A}, so every loaded vector feeds six FMAs. 12 accumulators + 2 B vectors + 1
 * broadcast fit AVX2's 16 registers without spilling. Column tails use a 1-vector kernel, then scalars;
 * row tails use a 1-row kernel.
 */
final class VectorGemm {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();
    private static final int ROWS = 6;
    /** Rows of C per micro-tile: splits between threads fall on multiples of it. */
    static final int ROW_BLOCK = ROWS;
    /** Columns of C per micro-tile: splits between threads fall on multiples of it. */
    static final int COLUMN_BLOCK = 2 * L;

    private VectorGemm() {}

    static void multiply(int m, int n, int k,
                         float[] a, int aOff, int ars, int acs,
                         float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc) {
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            int i = 0;
            for (; i + ROWS <= m; i += ROWS) {
                tile6x2(k, a, aOff + i * ars, ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
            }
            for (; i < m; i++) {
                tile1x2(k, a, aOff + i * ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j);
            }
        }
        for (; j + L <= n; j += L) {
            for (int i = 0; i < m; i++) {
                tile1x1(k, a, aOff + i * ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j);
            }
        }
        if (j < n) {
            scalarColumns(m, j, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc);
        }
    }

    private static void tile6x2(int k, float[] a, int aBase, int ars, int acs,
                                float[] b, int bBase, int ldb, float[] c, int cBase, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bi = bBase + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            int ai = aBase + p * acs;
            // a.fma(b, acc), not acc.fma(a, b): the latter makes C2 copy a register before each FMA.
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ai + ars]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ai + 2 * ars]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ai + 3 * ars]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[ai + 4 * ars]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[ai + 5 * ars]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        c00.intoArray(c, cBase);
        c01.intoArray(c, cBase + L);
        c10.intoArray(c, cBase + ldc);
        c11.intoArray(c, cBase + ldc + L);
        c20.intoArray(c, cBase + 2 * ldc);
        c21.intoArray(c, cBase + 2 * ldc + L);
        c30.intoArray(c, cBase + 3 * ldc);
        c31.intoArray(c, cBase + 3 * ldc + L);
        c40.intoArray(c, cBase + 4 * ldc);
        c41.intoArray(c, cBase + 4 * ldc + L);
        c50.intoArray(c, cBase + 5 * ldc);
        c51.intoArray(c, cBase + 5 * ldc + L);
    }

    private static void tile1x2(int k, float[] a, int aBase, int acs,
                                float[] b, int bBase, int ldb, float[] c, int cBase) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bi = bBase + p * ldb;
            FloatVector av = FloatVector.broadcast(S, a[aBase + p * acs]);
            c0 = av.fma(FloatVector.fromArray(S, b, bi), c0);
            c1 = av.fma(FloatVector.fromArray(S, b, bi + L), c1);
        }
        c0.intoArray(c, cBase);
        c1.intoArray(c, cBase + L);
    }

    private static void tile1x1(int k, float[] a, int aBase, int acs,
                                float[] b, int bBase, int ldb, float[] c, int cBase) {
        FloatVector c0 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            FloatVector av = FloatVector.broadcast(S, a[aBase + p * acs]);
            c0 = av.fma(FloatVector.fromArray(S, b, bBase + p * ldb), c0);
        }
        c0.intoArray(c, cBase);
    }

    private static void scalarColumns(int m, int j0, int n, int k,
                                      float[] a, int aOff, int ars, int acs,
                                      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * ars;
            for (int j = j0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[aRow + p * acs], b[bOff + p * ldb + j], sum);
                }
                c[cOff + i * ldc + j] = sum;
            }
        }
    }
}
