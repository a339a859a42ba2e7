package dev.kiln.runtime.kernels;

/**
 * The element-wise passes around a dense layer's product, each one pass over the layer's output.
 *
 * <p>Forward: {@code z ← z + b} in place (z then holds the pre-activation), {@code out = f(z)} ({@code out}
 * may be {@code z} itself when the derivative needs only the output), and when dropout follows,
 * {@code dropped = out ⊙ mask} in the same pass. Backward: {@code δ ← δ ⊙ mask ⊙ f'}, with {@code f'}
 * from the stored output, or from the stored pre-activation for the activations that need it
 * (GELU and SiLU).
 */
public final class Epilogue {

    /** Below this many elements a pass runs on the caller alone. */
    static final int PARALLEL_THRESHOLD = 16 * 1024;

    private static final ThreadLocal<Split> JOBS = ThreadLocal.withInitial(Split::new);

    private Epilogue() {}

    /**
     * A pass split over threads: forward by blocks of rows, backward by ranges starting at multiples of 64.
     * Each element gets the same arithmetic whichever part holds it, so results do not depend on the number
     * of parts.
     */
    static final class Split extends WorkerPool.Job {
        private boolean isForward;
        private ActivationFunction f;
        private float alpha;
        private float[] z;
        private int rows;
        private int cols;
        private float[] bias;
        private int biasOff;
        private float[] out;
        private float[] mask;
        private float[] dropped;
        private float[] delta;
        private float[] pre;
        private int count;

        void forward(ActivationFunction f, float alpha, float[] z, int rows, int cols, float[] bias, int biasOff,
                     float[] out, float[] mask, float[] dropped) {
            this.isForward = true;
            this.f = f;
            this.alpha = alpha;
            this.z = z;
            this.rows = rows;
            this.cols = cols;
            this.bias = bias;
            this.biasOff = biasOff;
            this.out = out;
            this.mask = mask;
            this.dropped = dropped;
        }

        void backward(ActivationFunction f, float alpha, float[] delta, float[] pre, float[] out, float[] mask,
                      int count) {
            this.isForward = false;
            this.f = f;
            this.alpha = alpha;
            this.delta = delta;
            this.pre = pre;
            this.out = out;
            this.mask = mask;
            this.count = count;
        }

        void release() {
            z = null;
            bias = null;
            out = null;
            mask = null;
            dropped = null;
            delta = null;
            pre = null;
        }

        @Override
        protected void run(int part, int parts) {
            if (isForward) {
                int from = (int) ((long) rows * part / parts);
                int to = (int) ((long) rows * (part + 1) / parts);
                if (from < to) {
                    int at = from * cols;
                    VectorEpilogue.forward(f, alpha, z, at, to - from, cols, bias, biasOff, out, mask, dropped);
                }
            } else {
                int from = WorkerPool.rangeStart(count, part, parts);
                int to = WorkerPool.rangeStart(count, part + 1, parts);
                if (from < to) {
                    VectorEpilogue.backward(f, alpha, delta, pre, out, mask, from, to);
                }
            }
        }
    }

    /**
     * For each of {@code rows} rows of {@code cols} values: {@code z ← z + bias}, {@code out = f(z)}, and
     * with a non-null {@code mask}, {@code dropped = out ⊙ mask}. {@code bias} may be null (no bias).
     */
    public static void forward(ActivationFunction f, float alpha, float[] z, int rows, int cols,
                               float[] bias, int biasOff, float[] out, float[] mask, float[] dropped) {
        if (Simd.ENABLED && WorkerPool.THREADS > 1 && rows > 1 && (long) rows * cols >= PARALLEL_THRESHOLD) {
            Split job = JOBS.get();
            job.forward(f, alpha, z, rows, cols, bias, biasOff, out, mask, dropped);
            WorkerPool.run(job);
            job.release();
        } else if (Simd.ENABLED) {
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
        if (pre == null && f.needsInput()) {
            throw new IllegalArgumentException(f + "'s derivative needs its input, but pre is null");
        }
        if (Simd.ENABLED && WorkerPool.THREADS > 1 && count >= PARALLEL_THRESHOLD) {
            Split job = JOBS.get();
            job.backward(f, alpha, delta, pre, out, mask, count);
            WorkerPool.run(job);
            job.release();
        } else if (Simd.ENABLED) {
            VectorEpilogue.backward(f, alpha, delta, pre, out, mask, count);
        } else {
            ScalarEpilogue.backward(f, alpha, delta, pre, out, mask, 0, count);
        }
    }
}
