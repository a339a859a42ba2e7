package dev.kiln.runtime.kernels;

/**
 * Copies the rows of a batch out of a data set into a model's input buffer. Rows picked in shuffled order
 * are scattered over a data set much larger than the caches, so a copy waits on memory rather than
 * computes; two threads keep twice as many reads in flight.
 */
public final class Rows {

    private Rows() {}

    /** At or above this many floats a batch is copied by all the pool's threads. */
    static final int PARALLEL_THRESHOLD = 32 * 1024;

    private static final ThreadLocal<Split> JOBS = ThreadLocal.withInitial(Split::new);

    /**
     * Copies rows {@code order[from], …, order[from + n - 1]} (or rows {@code from, …, from + n - 1} when
     * {@code order} is null) of the row-major {@code src}, each {@code width} floats, to rows
     * {@code 0, …, n - 1} of {@code dst}.
     */
    public static void gather(float[] src, int width, int[] order, int from, int n, float[] dst) {
        if (WorkerPool.THREADS > 1 && (long) n * width >= PARALLEL_THRESHOLD) {
            Split job = JOBS.get();
            job.set(src, width, order, from, n, dst);
            WorkerPool.run(job);
            job.release();
        } else {
            gather(src, width, order, from, dst, 0, n);
        }
    }

    private static void gather(float[] src, int width, int[] order, int from, float[] dst, int firstRow, int endRow) {
        for (int i = firstRow; i < endRow; i++) {
            int r = order == null ? from + i : order[from + i];
            System.arraycopy(src, r * width, dst, i * width, width);
        }
    }

    /** A batch split into contiguous blocks of rows, one per thread. */
    static final class Split extends WorkerPool.Job {
        private float[] src;
        private int width;
        private int[] order;
        private int from;
        private int n;
        private float[] dst;

        void set(float[] src, int width, int[] order, int from, int n, float[] dst) {
            this.src = src;
            this.width = width;
            this.order = order;
            this.from = from;
            this.n = n;
            this.dst = dst;
        }

        void release() {
            src = null;
            order = null;
            dst = null;
        }

        @Override
        protected void run(int part, int parts) {
            gather(src, width, order, from, dst, (int) ((long) n * part / parts), (int) ((long) n * (part + 1) / parts));
        }
    }
}
