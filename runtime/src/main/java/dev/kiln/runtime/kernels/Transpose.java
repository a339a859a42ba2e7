package dev.kiln.runtime.kernels;

/**
 * Transposes a row-major matrix. Used once per training step to give the backward pass a row-major
 * {@code Wᵀ}, so that {@code Δ·Wᵀ} runs on the same register-tiled product as everything else; its cost is
 * one pass over the weights, against a product that passes over them batch-size times. Large transposes are
 * split over the pool's threads by ranges of source rows; a copy is exact, so the split cannot change a bit.
 */
public final class Transpose {

    /** At or above this many elements a transpose is split over the pool's threads (about 8 µs of work). */
    static final int PARALLEL_THRESHOLD = 16 * 1024;

    private static final ThreadLocal<Split> JOBS = ThreadLocal.withInitial(Split::new);

    private Transpose() {}

    /** Writes the transpose of {@code src} (rows × cols, at {@code srcOff}) into {@code dst} (cols × rows). */
    public static void transpose(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
        if (!Simd.ENABLED) {
            ScalarTranspose.transpose(src, srcOff, rows, cols, dst, dstOff, 0, rows);
        } else if (WorkerPool.THREADS > 1 && (long) rows * cols >= PARALLEL_THRESHOLD) {
            Split job = JOBS.get();
            job.set(src, srcOff, rows, cols, dst, dstOff);
            WorkerPool.run(job);
            job.release();
        } else {
            VectorTranspose.transpose(src, srcOff, rows, cols, dst, dstOff, 0, rows);
        }
    }

    /**
     * A transpose split by source rows into ranges starting at multiples of 64, so that the parts write separate
     * 256-byte pieces of every destination row rather than interleaved elements of the same cache lines.
     */
    static final class Split extends WorkerPool.Job {
        private float[] src;
        private int srcOff;
        private int rows;
        private int cols;
        private float[] dst;
        private int dstOff;

        void set(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
            this.src = src;
            this.srcOff = srcOff;
            this.rows = rows;
            this.cols = cols;
            this.dst = dst;
            this.dstOff = dstOff;
        }

        /** Drops the array references, so a finished transpose keeps nothing alive. */
        void release() {
            src = null;
            dst = null;
        }

        @Override
        protected void run(int part, int parts) {
            int from = WorkerPool.rangeStart(rows, part, parts);
            int to = WorkerPool.rangeStart(rows, part + 1, parts);
            if (from < to) {
                VectorTranspose.transpose(src, srcOff, rows, cols, dst, dstOff, from, to);
            }
        }
    }
}
