package dev.kiln.runtime.kernels;

import dev.kiln.runtime.Rng;

/**
 * Dropout masks: inverted dropout (each entry 0 with probability {@code rate}, else {@code 1 / (1 - rate)}),
 * Gaussian dropout and alpha dropout, and the uniform slopes of RReLU.
 */
public final class DropoutMasks {

    private DropoutMasks() {}

    /**
     * Refuses a drop probability the kernels cannot use: one outside [0, 1), one that becomes 1 as the float
     * they compute in, where 1/(1 − rate) is infinite, or one that becomes 0 there, which would silently drop
     * nothing. The processor applies the same rule to
     * {@code @Dropout(rate)} at compile time, which a test checks value for value.
     *
     * @param rate  the probability of dropping a unit
     * @param layer the dropout layer's name, for the message
     * @return {@code rate}
     * @throws IllegalArgumentException when it is not usable
     */
    public static double checkRate(double rate, String layer) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("A dropout rate is the probability of dropping a unit and must be in"
                    + " [0, 1), but was " + rate + " for " + layer + ".");
        }
        if ((float) rate >= 1) {
            throw new IllegalArgumentException("The dropout rate " + rate + " for " + layer + " becomes 1.0 as a"
                    + " float, which the model computes in; use at most 0.9999999.");
        }
        if (rate != 0 && (float) rate == 0) {
            throw new IllegalArgumentException("The dropout rate " + rate + " for " + layer + " becomes 0 as a"
                    + " float, which the model computes in; use 0, or at least 1.4e-45.");
        }
        return rate;
    }

    /**
     * Gaussian dropout (Srivastava et al.; Keras's {@code GaussianDropout}): multiplicative noise
     * N(1, σ²) with {@code σ² = rate / (1 − rate)}, the variance of inverted dropout at that rate.
     */
    public static void fillGaussian(Rng rng, float[] mask, int count, float rate) {
        double sd = Math.sqrt(rate / (1.0 - rate));
        for (int i = 0; i < count; i++) {
            mask[i] = (float) (1 + sd * rng.nextGaussian());
        }
    }

    /** SELU's saturation value −λα, where alpha dropout sends dropped units. */
    public static final double ALPHA_PRIME = -ActivationFunction.SELU_LAMBDA * ActivationFunction.SELU_ALPHA;

    /** Alpha dropout's scale {@code a = ((1 − q)(1 + q·α'²))^(−1/2)} for drop probability q. */
    public static float alphaScale(float rate) {
        return (float) Math.pow((1.0 - rate) * (1.0 + rate * ALPHA_PRIME * ALPHA_PRIME), -0.5);
    }

    /** Alpha dropout's shift {@code b = −a·α'·q}. */
    public static float alphaShift(float rate) {
        return (float) (-alphaScale(rate) * ALPHA_PRIME * rate);
    }

    /**
     * Alpha dropout (Klambauer et al.), which keeps a SELU network's mean and variance: a kept unit becomes
     * {@code a·x + b}, a dropped one {@code a·α' + b}. The mask holds {@code a} or 0, which is also the
     * gradient factor.
     */
    public static void fillAlpha(Rng rng, float[] mask, int count, float rate) {
        float a = alphaScale(rate);
        for (int i = 0; i < count; i++) {
            mask[i] = rng.nextFloat() < rate ? 0f : a;
        }
    }

    /** Applies an alpha-dropout mask: {@code out = x·mask + (mask == 0 ? a·α' + b : b)}. */
    public static void applyAlpha(float[] x, float[] mask, float[] out, int count, float rate) {
        float b = alphaShift(rate);
        float dropped = (float) (alphaScale(rate) * ALPHA_PRIME) + b;
        for (int i = 0; i < count; i++) {
            out[i] = mask[i] == 0f ? dropped : x[i] * mask[i] + b;
        }
    }

    /** Fills the first {@code count} entries of {@code values} with uniform draws from [lower, upper). */
    public static void fillUniform(Rng rng, float[] values, int count, float lower, float upper) {
        float width = upper - lower;
        for (int i = 0; i < count; i++) {
            values[i] = lower + width * rng.nextFloat();
        }
    }

    /** At or above this many entries a mask is filled by all the pool's threads. */
    static final int PARALLEL_THRESHOLD = 16 * 1024;

    private static final ThreadLocal<Split> JOBS = ThreadLocal.withInitial(Split::new);

    /**
     * Fills the first {@code count} entries of {@code mask} from {@code rng}: each entry is 0 with
     * probability {@code rate}, else {@code 1 / (1 - rate)}. Two 24-bit uniforms come from each 64-bit draw
     * (masks are the largest consumer of random numbers), and the draws are reserved from {@code rng} as
     * one block, so the mask is the same whether it is filled in vector lanes, on one thread or on several.
     */
    public static void fill(Rng rng, float[] mask, int count, float rate) {
        float keep = 1f / (1f - rate);
        int draws = (count + 1) / 2;
        long start = rng.reserve(draws);
        if (Simd.ENABLED && WorkerPool.THREADS > 1 && count >= PARALLEL_THRESHOLD) {
            Split job = JOBS.get();
            job.set(start, mask, count, rate, keep);
            WorkerPool.run(job);
            job.release();
        } else {
            fill(start, mask, count, rate, keep, 0, draws);
        }
    }

    private static void fill(long start, float[] mask, int count, float rate, float keep, int fromDraw, int toDraw) {
        if (Simd.ENABLED && VectorDropoutMasks.ENABLED) {
            VectorDropoutMasks.fill(start, mask, count, rate, keep, fromDraw, toDraw);
        } else {
            ScalarDropoutMasks.fill(start, mask, count, rate, keep, fromDraw, toDraw);
        }
    }

    /** A mask split into contiguous blocks of draws, one per thread; each entry depends only on its index. */
    static final class Split extends WorkerPool.Job {
        private long start;
        private float[] mask;
        private int count;
        private float rate;
        private float keep;

        void set(long start, float[] mask, int count, float rate, float keep) {
            this.start = start;
            this.mask = mask;
            this.count = count;
            this.rate = rate;
            this.keep = keep;
        }

        void release() {
            mask = null;
        }

        @Override
        protected void run(int part, int parts) {
            int draws = (count + 1) / 2;
            // Blocks of 64 draws keep every part's vectors whole.
            int from = WorkerPool.rangeStart(draws, part, parts);
            int to = WorkerPool.rangeStart(draws, part + 1, parts);
            if (from < to) {
                fill(start, mask, count, rate, keep, from, to);
            }
        }
    }
}
