package dev.kiln.runtime;

/**
 * The seeded generator behind weight initialisation, dropout masks and shuffling: SplitMix64
 * (Steele, Lea and Flood), written out here rather than taken from {@code java.util} so that a seed gives
 * the same stream on every JDK. Not thread-safe; each consumer owns one.
 */
public final class Rng {

    /** SplitMix64's increment: the state advances by this much per draw. */
    public static final long GAMMA = 0x9E3779B97F4A7C15L;

    private long state;
    private double spareGaussian = Double.NaN;

    /** A generator whose stream is fixed by {@code seed}. */
    public Rng(long seed) {
        this.state = seed;
    }

    /** A generator for a named purpose, independent of others derived from the same seed. */
    public static Rng derive(long seed, long purpose) {
        return new Rng(mix(seed ^ mix(purpose + GAMMA)));
    }

    /** Next 64 random bits. */
    public long nextLong() {
        state += GAMMA;
        return mix(state);
    }

    /**
     * Skips the next {@code draws} draws and returns the state they start from. SplitMix64 is a counter,
     * so draw {@code j} of the block is {@code mix(start + (j + 1)·GAMMA)} ({@link #draw}): a large block,
     * such as a dropout mask, can be computed in vector lanes and on several threads and still give exactly
     * the numbers that {@code draws} calls of {@link #nextLong()} would have.
     */
    public long reserve(long draws) {
        long start = state;
        state += draws * GAMMA;
        return start;
    }

    /** Draw {@code j} (from 0) of the block that {@link #reserve} started at {@code start}. */
    public static long draw(long start, long j) {
        return mix(start + (j + 1) * GAMMA);
    }

    /** SplitMix64's output function (Steele, Lea and Flood); the vector mask kernel repeats it lane-wise. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform float in [0, 1), from the top 24 bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform double in [0, 1), from the top 53 bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform int in [0, bound), without modulo bias (Lemire's multiply-and-reject). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, but was " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Standard normal sample (Marsaglia's polar method; the second value of each pair is kept). */
    public double nextGaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * factor;
        return u * factor;
    }

    /**
     * The generator's whole state as text ({@code state:spare} in hex), so a checkpoint can resume the exact
     * stream; {@link #restoreState} reads it back.
     */
    public String saveState() {
        return Long.toHexString(state) + ":" + Long.toHexString(Double.doubleToRawLongBits(spareGaussian));
    }

    /**
     * Continues the stream saved by {@link #saveState}.
     *
     * @throws IllegalArgumentException when {@code saved} is null or not such a text
     */
    public void restoreState(String saved) {
        if (saved == null) {
            throw new IllegalArgumentException("Rng.restoreState needs a saved state, but got null.");
        }
        int colon = saved.indexOf(':');
        try {
            if (colon < 1) {
                throw new NumberFormatException("no colon");
            }
            long s = Long.parseUnsignedLong(saved.substring(0, colon), 16);
            long spare = Long.parseUnsignedLong(saved.substring(colon + 1), 16);
            this.state = s;
            this.spareGaussian = Double.longBitsToDouble(spare);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + saved + "' is not a saved generator state (hex state:spare).");
        }
    }

    /**
     * Fisher–Yates shuffle of the first {@code count} entries.
     *
     * @throws IllegalArgumentException when {@code values} is null or {@code count} is not from 0 to its length
     */
    public void shuffle(int[] values, int count) {
        if (values == null) {
            throw new IllegalArgumentException("Rng.shuffle needs an array, but got null.");
        }
        if (count < 0 || count > values.length) {
            throw new IllegalArgumentException("Rng.shuffle count must be from 0 to the array's length "
                    + values.length + ", but was " + count + ".");
        }
        for (int i = count - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
