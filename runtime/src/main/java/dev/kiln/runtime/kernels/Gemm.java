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

    /** Below this many multiply-adds a product runs on the caller alone: a hand-off would cost more. */
    static final long PARALLEL_THRESHOLD = 64 * 1024;

    private static final ThreadLocal<Split> JOBS = ThreadLocal.withInitial(Split::new);

    /**
     * A dense layer's product {@code y = x·W}: {@code x} holds {@code rows} rows of {@code in} values, {@code w}
     * is {@code in × units} (starting at index 0 of its array, as a layer's weights do), {@code y} gets
     * {@code rows × units}.
     */
    public static void product(int rows, int in, int units, float[] x, float[] w, float[] y) {
        multiply(rows, units, in, x, 0, in, 1, w, 0, units, y, 0, units);
    }

    /**
     * The weight gradient {@code g = xᵀ·δ} ({@code in × units}) of a layer that read {@code x} ({@code rows × in})
     * and whose output got the gradient {@code delta} ({@code rows × units}); {@code x} is read transposed
     * through its strides, with no copy.
     */
    public static void weightGradient(int rows, int in, int units, float[] x, float[] delta, float[] g) {
        multiply(in, units, rows, x, 0, 1, in, delta, 0, units, g, 0, units);
    }

    /**
     * The gradient with respect to a layer's input, {@code dx = δ·Wᵀ} ({@code rows × in}), from its output's
     * gradient {@code delta} ({@code rows × units}) and weights {@code w} ({@code in × units}), which it first
     * transposes into {@code wT} (scratch of {@code in × units}) so that the product reads rows.
     */
    public static void inputGradient(int rows, int in, int units, float[] delta, float[] w, float[] wT,
                                     float[] dx) {
        Transpose.transpose(w, 0, in, units, wT, 0);
        multiply(rows, in, units, delta, 0, units, 1, wT, 0, in, dx, 0, in);
    }

    /** Computes {@code C = A·B}; see the class comment for the addressing. */
    public static void multiply(int m, int n, int k,
                                float[] a, int aOff, int aRowStride, int aColStride,
                                float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc) {
        if (!Simd.ENABLED) {
            ScalarGemm.multiply(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, ldb, c, cOff, ldc);
        } else if (WorkerPool.THREADS > 1 && (long) m * n * k >= PARALLEL_THRESHOLD) {
            Split job = JOBS.get();
            job.set(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, ldb, c, cOff, ldc);
            WorkerPool.run(job);
            job.release();
        } else {
            VectorGemm.multiply(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, ldb, c, cOff, ldc);
        }
    }

    /**
     * A product split over threads. When B is the larger operand, by panels of columns: the threads first
     * pack A together into one shared buffer, wait for each other, then each computes its panels (so each
     * reads half of B and A is packed once). Otherwise by blocks of rows, each thread packing its own rows.
     * Every element of C is computed by the same FMA chain whichever part holds it, so the result does not
     * depend on the number of parts.
     */
    static final class Split extends WorkerPool.Job {
        private int m;
        private int n;
        private int k;
        private float[] a;
        private int aOff;
        private int ars;
        private int acs;
        private float[] b;
        private int bOff;
        private int ldb;
        private float[] c;
        private int cOff;
        private int ldc;
        private float[] sharedA = new float[0];
        private final java.util.concurrent.atomic.AtomicInteger packed = new java.util.concurrent.atomic.AtomicInteger();

        void set(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
                 float[] c, int cOff, int ldc) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.aOff = aOff;
            this.ars = ars;
            this.acs = acs;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            if (sharedA.length < VectorGemm.packedSize(m, k)) {
                sharedA = new float[VectorGemm.packedSize(m, k)];
            }
            packed.set(0);
        }

        /** Drops the array references, so a finished product keeps nothing alive. */
        void release() {
            a = null;
            b = null;
            c = null;
        }

        @Override
        protected void run(int part, int parts) {
            int panels = VectorGemm.panels(n);
            boolean byColumns = (long) k * n > (long) m * k && panels >= 2;
            if (parts == 1) {
                VectorGemm.multiply(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc);
            } else if (VectorGemm.small(m)) {
                // A few rows (a prediction): each part takes a share of the columns, so each reads half of B.
                int chunks = VectorGemm.chunks(n);
                VectorGemm.smallRows(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc,
                        share(chunks, part, parts), share(chunks, part + 1, parts), part == parts - 1);
            } else if (byColumns) {
                int blocks = VectorGemm.blocks(m);
                try {
                    VectorGemm.packA(m, k, a, aOff, ars, acs, sharedA, share(blocks, part, parts),
                            share(blocks, part + 1, parts));
                } finally {
                    // Even a failed part must reach the barrier, or the others would wait for it forever;
                    // the pool then reports the failure.
                    packed.incrementAndGet();
                }
                while (packed.get() < parts) {
                    Thread.onSpinWait();
                }
                VectorGemm.panels(m, k, sharedA, b, bOff, ldb, c, cOff, ldc, share(panels, part, parts),
                        share(panels, part + 1, parts));
                if (part == parts - 1) {
                    VectorGemm.tails(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc);
                }
            } else {
                int unit = VectorGemm.ROW_BLOCK;
                int blocks = (m + unit - 1) / unit;
                int from = Math.min(m, share(blocks, part, parts) * unit);
                int to = Math.min(m, share(blocks, part + 1, parts) * unit);
                if (from < to) {
                    VectorGemm.multiply(to - from, n, k, a, aOff + from * ars, ars, acs, b, bOff, ldb, c,
                            cOff + from * ldc, ldc);
                }
            }
        }

        /** Start of part {@code part}'s share of {@code total} units. */
        private static int share(int total, int part, int parts) {
            return (int) ((long) total * part / parts);
        }
    }
}
