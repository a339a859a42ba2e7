package dev.kiln.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-tiled SIMD matrix product on packed panels. The micro-kernel holds a 5-row × 2-vector block of
 * {@code C} in 10 accumulators; per step of the reduction it loads two vectors of a packed row of {@code B}
 * and broadcasts five packed elements of {@code A}, so every loaded vector feeds five FMAs, and everything
 * stays in AVX2's 16 registers. Rows past the end of {@code A}
 * are packed as zeros and not stored; columns past the last whole panel use a 1-vector kernel, then
 * masked vectors. Every element of {@code C} is one FMA chain over the reduction in order, whichever kernel
 * computes it.
 */
final class VectorGemm {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();
    /**
     * Rows per micro-tile. Five, not six: with six rows C2 on JDK 25 spills one of the twelve accumulators
     * to the stack (seen in the disassembly), which more than halves throughput (43 against 98 GFLOP/s
     * measured on one core for a 16-column tile, k = 256).
     */
    private static final int ROWS = 5;
    /** Rows of C per micro-tile: splits between threads fall on multiples of it. */
    static final int ROW_BLOCK = ROWS;

    private VectorGemm() {}

    /** Per-thread packing buffers, grown on demand and then reused: a product allocates nothing. */
    private static final ThreadLocal<float[][]> PACKS = ThreadLocal.withInitial(() -> new float[2][0]);

    static void multiply(int m, int n, int k,
                         float[] a, int aOff, int ars, int acs,
                         float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc) {
        if (small(m)) {
            smallRows(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, 0, chunks(n), true);
            return;
        }
        int panels = n / (2 * L);
        if (panels > 0 && k > 0) {
            // Pack A into blocks of 5 rows (p-major within a block, zero rows past m) and each panel of B
            // into 16 contiguous floats per p: the micro-kernel then reads two arrays sequentially, which
            // lets the JIT drop its range checks and the prefetchers keep up.
            float[] ap = packBuffer(0, packedSize(m, k));
            packA(m, k, a, aOff, ars, acs, ap, 0, blocks(m));
            panels(m, k, ap, b, bOff, ldb, c, cOff, ldc, 0, panels);
        }
        tails(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc);
    }

    /**
     * Whether A has too few rows to pack: below one block of 5, packing would compute padding rows and copy
     * all of B for a product that reads B once (a single-sample prediction is a vector-matrix product).
     */
    static boolean small(int m) {
        return m < ROWS;
    }

    /** Whole chunks of four vectors across the columns, the unit of the small-A kernel. */
    static int chunks(int n) {
        return n / (4 * L);
    }

    /**
     * The product for a few rows of A, without packing: each row times chunks {@code [from, to)} of four
     * vectors of columns, reading B in place row by row; with {@code tail}, also the columns past the last
     * whole chunk. Each element is one FMA chain over p in order, as in the packed kernel, so the result is
     * the same whichever path or split computes it.
     */
    static void smallRows(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc, int from, int to, boolean tail) {
        for (int i = 0; i < m; i++) {
            int chunk = from;
            // Two chunks at a time where they can: eight FMA chains keep both FMA units busy where four
            // would wait on each FMA's latency, and each row of B is read in one run twice as long.
            for (; chunk + 1 < to; chunk += 2) {
                int j = chunk * 4 * L;
                row8(k, a, aOff + i * ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j);
            }
            if (chunk < to) {
                int j = chunk * 4 * L;
                row4(k, a, aOff + i * ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j);
            }
        }
        if (!tail) {
            return;
        }
        int j = chunks(n) * 4 * L;
        for (; j + L <= n; j += L) {
            for (int i = 0; i < m; i++) {
                tile1x1(k, a, aOff + i * ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j);
            }
        }
        if (j < n) {
            scalarColumns(m, j, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc);
        }
    }

    /** One row of A times eight vectors of columns of B. */
    private static void row8(int k, float[] a, int aBase, int acs, float[] b, int bBase, int ldb, float[] c,
                             int cBase) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S);
        FloatVector c5 = FloatVector.zero(S);
        FloatVector c6 = FloatVector.zero(S);
        FloatVector c7 = FloatVector.zero(S);
        for (int p = 0, ai = aBase, bi = bBase; p < k; p++, ai += acs, bi += ldb) {
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c0 = av.fma(FloatVector.fromArray(S, b, bi), c0);
            c1 = av.fma(FloatVector.fromArray(S, b, bi + L), c1);
            c2 = av.fma(FloatVector.fromArray(S, b, bi + 2 * L), c2);
            c3 = av.fma(FloatVector.fromArray(S, b, bi + 3 * L), c3);
            c4 = av.fma(FloatVector.fromArray(S, b, bi + 4 * L), c4);
            c5 = av.fma(FloatVector.fromArray(S, b, bi + 5 * L), c5);
            c6 = av.fma(FloatVector.fromArray(S, b, bi + 6 * L), c6);
            c7 = av.fma(FloatVector.fromArray(S, b, bi + 7 * L), c7);
        }
        c0.intoArray(c, cBase);
        c1.intoArray(c, cBase + L);
        c2.intoArray(c, cBase + 2 * L);
        c3.intoArray(c, cBase + 3 * L);
        c4.intoArray(c, cBase + 4 * L);
        c5.intoArray(c, cBase + 5 * L);
        c6.intoArray(c, cBase + 6 * L);
        c7.intoArray(c, cBase + 7 * L);
    }

    /** One row of A times four vectors of columns of B. */
    private static void row4(int k, float[] a, int aBase, int acs, float[] b, int bBase, int ldb, float[] c,
                             int cBase) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S);
        for (int p = 0, ai = aBase, bi = bBase; p < k; p++, ai += acs, bi += ldb) {
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c0 = av.fma(FloatVector.fromArray(S, b, bi), c0);
            c1 = av.fma(FloatVector.fromArray(S, b, bi + L), c1);
            c2 = av.fma(FloatVector.fromArray(S, b, bi + 2 * L), c2);
            c3 = av.fma(FloatVector.fromArray(S, b, bi + 3 * L), c3);
        }
        c0.intoArray(c, cBase);
        c1.intoArray(c, cBase + L);
        c2.intoArray(c, cBase + 2 * L);
        c3.intoArray(c, cBase + 3 * L);
    }

    /** Row blocks of A. */
    static int blocks(int m) {
        return (m + ROWS - 1) / ROWS;
    }

    /** Floats the packed A takes. */
    static int packedSize(int m, int k) {
        return blocks(m) * ROWS * k;
    }

    /** Whole 16-column panels of C. */
    static int panels(int n) {
        return n / (2 * L);
    }

    /** This thread's packing buffer {@code which} (0: A, 1: a panel of B), grown to {@code size}. */
    private static float[] packBuffer(int which, int size) {
        float[][] packs = PACKS.get();
        if (packs[which].length < size) {
            packs[which] = new float[size];
        }
        return packs[which];
    }

    /** The micro-kernel over panels {@code [from, to)} of C, with A already packed in {@code ap}. */
    static void panels(int m, int k, float[] ap, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                       int from, int to) {
        float[] bp = packBuffer(1, 2 * L * k);
        int blocks = blocks(m);
        for (int panel = from; panel < to; panel++) {
            int j = panel * 2 * L;
            packB(k, b, bOff + j, ldb, bp);
            for (int block = 0; block < blocks; block++) {
                int i = block * ROWS;
                packed5x2(k, ap, block * ROWS * k, bp, c, cOff + i * ldc + j, ldc, Math.min(ROWS, m - i));
            }
        }
    }

    /** Columns past the last whole panel: one vector at a time, then scalars. */
    static void tails(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc) {
        int j = panels(n) * 2 * L;
        for (; j + L <= n; j += L) {
            for (int i = 0; i < m; i++) {
                tile1x1(k, a, aOff + i * ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j);
            }
        }
        if (j < n) {
            scalarColumns(m, j, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc);
        }
    }

    /** Packs row blocks {@code [from, to)} of A into {@code ap}. */
    static void packA(int m, int k, float[] a, int aOff, int ars, int acs, float[] ap, int from, int to) {
        for (int block = from; block < to; block++) {
            int base = block * ROWS * k;
            int i = block * ROWS;
            if (i + ROWS <= m) {
                // p outer, rows inner: the writes are sequential, the five reads are five streams.
                int r0 = aOff + i * ars;
                for (int p = 0, src = r0, dst = base; p < k; p++, src += acs, dst += ROWS) {
                    ap[dst] = a[src];
                    ap[dst + 1] = a[src + ars];
                    ap[dst + 2] = a[src + 2 * ars];
                    ap[dst + 3] = a[src + 3 * ars];
                    ap[dst + 4] = a[src + 4 * ars];
                }
            } else {
                for (int p = 0; p < k; p++) {
                    for (int r = 0; r < ROWS; r++) {
                        ap[base + p * ROWS + r] = i + r < m ? a[aOff + (i + r) * ars + p * acs] : 0f;
                    }
                }
            }
        }
    }

    private static void packB(int k, float[] b, int bOff, int ldb, float[] bp) {
        for (int p = 0; p < k; p++) {
            int src = bOff + p * ldb;
            FloatVector.fromArray(S, b, src).intoArray(bp, p * 2 * L);
            FloatVector.fromArray(S, b, src + L).intoArray(bp, p * 2 * L + L);
        }
    }

    /** The 5 × 16 micro-kernel on packed panels; stores the first {@code rows} rows of the tile. */
    private static void packed5x2(int k, float[] ap, int aBase, float[] bp, float[] c, int cBase, int ldc, int rows) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        // The packed A index is the induction variable itself: written as aBase + p·ROWS, C2 on JDK 25 kept
        // a range check per load in the loop and ran at a third of the speed (35 against 98 GFLOP/s).
        int aEnd = aBase + k * ROWS;
        for (int ai = aBase, bi = 0; ai < aEnd; ai += ROWS, bi += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            // a.fma(b, acc), not acc.fma(a, b): the latter makes C2 copy a register before each FMA.
            FloatVector av = FloatVector.broadcast(S, ap[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
        }
        store(c00, c01, c, cBase);
        if (rows > 1) {
            store(c10, c11, c, cBase + ldc);
        }
        if (rows > 2) {
            store(c20, c21, c, cBase + 2 * ldc);
        }
        if (rows > 3) {
            store(c30, c31, c, cBase + 3 * ldc);
        }
        if (rows > 4) {
            store(c40, c41, c, cBase + 4 * ldc);
        }
    }

    private static void store(FloatVector lo, FloatVector hi, float[] c, int at) {
        lo.intoArray(c, at);
        hi.intoArray(c, at + L);
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

    /**
     * The last {@code n − j0} (fewer than a vector's) columns with masked vectors, four rows at a time: the
     * output layer's 10 units are all tail when a vector holds 16 floats, and scalar loops there took an
     * eighth of a training step.
     */
    private static void scalarColumns(int m, int j0, int n, int k,
                                      float[] a, int aOff, int ars, int acs,
                                      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        VectorMask<Float> mask = S.indexInRange(0, n - j0);
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            FloatVector c0 = FloatVector.zero(S);
            FloatVector c1 = FloatVector.zero(S);
            FloatVector c2 = FloatVector.zero(S);
            FloatVector c3 = FloatVector.zero(S);
            int a0 = aOff + i * ars;
            for (int p = 0; p < k; p++) {
                FloatVector bv = FloatVector.fromArray(S, b, bOff + p * ldb + j0, mask);
                int ap = a0 + p * acs;
                c0 = FloatVector.broadcast(S, a[ap]).fma(bv, c0);
                c1 = FloatVector.broadcast(S, a[ap + ars]).fma(bv, c1);
                c2 = FloatVector.broadcast(S, a[ap + 2 * ars]).fma(bv, c2);
                c3 = FloatVector.broadcast(S, a[ap + 3 * ars]).fma(bv, c3);
            }
            int at = cOff + i * ldc + j0;
            c0.intoArray(c, at, mask);
            c1.intoArray(c, at + ldc, mask);
            c2.intoArray(c, at + 2 * ldc, mask);
            c3.intoArray(c, at + 3 * ldc, mask);
        }
        for (; i < m; i++) {
            FloatVector c0 = FloatVector.zero(S);
            int a0 = aOff + i * ars;
            for (int p = 0; p < k; p++) {
                c0 = FloatVector.broadcast(S, a[a0 + p * acs])
                        .fma(FloatVector.fromArray(S, b, bOff + p * ldb + j0, mask), c0);
            }
            c0.intoArray(c, cOff + i * ldc + j0, mask);
        }
    }
}
