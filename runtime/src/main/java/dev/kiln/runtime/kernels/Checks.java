package dev.kiln.runtime.kernels;

/** Whether arrays hold only finite numbers, for stopping a diverging training before it spoils the weights. */
public final class Checks {

    private Checks() {}

    /** At or above this many values a check is split over the pool's threads. */
    static final int PARALLEL_THRESHOLD = 64 * 1024;

    private static final ThreadLocal<Split> JOBS = ThreadLocal.withInitial(Split::new);

    /** True when the first {@code count} values are all finite (no NaN, no infinity). */
    public static boolean allFinite(float[] x, int count) {
        return allFinite(x, 0, count);
    }

    /** True when {@code x[from, to)} holds only finite values (no NaN, no infinity). */
    public static boolean allFinite(float[] x, int from, int to) {
        if (!Simd.ENABLED) {
            return ScalarChecks.allFinite(x, from, to);
        }
        if (WorkerPool.THREADS > 1 && to - from >= PARALLEL_THRESHOLD) {
            Split job = JOBS.get();
            job.set(x, from, to);
            WorkerPool.run(job);
            return job.finish();
        }
        return VectorChecks.allFinite(x, from, to);
    }

    /** A check over contiguous ranges, one per thread; a part that finds a non-finite value says so. */
    static final class Split extends WorkerPool.Job {
        private float[] x;
        private int from;
        private int count;
        /** Only ever set to true by a part; volatile, as parts run on other threads. */
        private volatile boolean nonFinite;

        void set(float[] x, int from, int to) {
            this.x = x;
            this.from = from;
            this.count = to - from;
            this.nonFinite = false;
        }

        /** Whether every part found only finite values. */
        boolean finish() {
            x = null;
            return !nonFinite;
        }

        @Override
        protected void run(int part, int parts) {
            int start = from + WorkerPool.rangeStart(count, part, parts);
            int end = from + WorkerPool.rangeStart(count, part + 1, parts);
            if (!VectorChecks.allFinite(x, start, end)) {
                nonFinite = true;
            }
        }
    }
}
