package dev.kiln.runtime;

/**
 * Weight initialisers with the slides' variances. Each fills {@code count} values from {@code off} of a
 * dense layer whose weights have fan-in {@code fanIn} and fan-out {@code fanOut}. Normal variants are
 * untruncated.
 */
public final class Initializers {

    private Initializers() {}

    /** Fills with zeros. */
    public static void zeros(float[] w, int off, int count) {
        java.util.Arrays.fill(w, off, off + count, 0f);
    }

    /** Glorot uniform: U(-r, r), {@code r = sqrt(6 / (fanIn + fanOut))}. */
    public static void glorotUniform(Rng rng, float[] w, int off, int count, int fanIn, int fanOut) {
        uniform(rng, w, off, count, Math.sqrt(6.0 / (fanIn + fanOut)));
    }

    /** Glorot normal: N(0, 2 / (fanIn + fanOut)). */
    public static void glorotNormal(Rng rng, float[] w, int off, int count, int fanIn, int fanOut) {
        normal(rng, w, off, count, Math.sqrt(2.0 / (fanIn + fanOut)));
    }

    /** He uniform: U(-r, r), {@code r = sqrt(6 / fanIn)}. */
    public static void heUniform(Rng rng, float[] w, int off, int count, int fanIn, int fanOut) {
        uniform(rng, w, off, count, Math.sqrt(6.0 / fanIn));
    }

    /** He normal: N(0, 2 / fanIn). */
    public static void heNormal(Rng rng, float[] w, int off, int count, int fanIn, int fanOut) {
        normal(rng, w, off, count, Math.sqrt(2.0 / fanIn));
    }

    /** LeCun normal: N(0, 1 / fanIn). */
    public static void lecunNormal(Rng rng, float[] w, int off, int count, int fanIn, int fanOut) {
        normal(rng, w, off, count, Math.sqrt(1.0 / fanIn));
    }

    private static void uniform(Rng rng, float[] w, int off, int count, double limit) {
        for (int i = 0; i < count; i++) {
            w[off + i] = (float) ((2 * rng.nextDouble() - 1) * limit);
        }
    }

    private static void normal(Rng rng, float[] w, int off, int count, double sigma) {
        for (int i = 0; i < count; i++) {
            w[off + i] = (float) (rng.nextGaussian() * sigma);
        }
    }
}
