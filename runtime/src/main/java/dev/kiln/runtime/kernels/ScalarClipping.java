package dev.kiln.runtime.kernels;

/** Scalar twin of {@link VectorClipping}. */
public final class ScalarClipping {

    private ScalarClipping() {}

    /** Same contract as {@link Clipping#sumOfSquares}, summed in double. */
    public static double sumOfSquares(float[] g, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) g[i] * g[i];
        }
        return sum;
    }

    /** Same contract as {@link Clipping#clampValues}. */
    public static void clampValues(float[] g, int count, float limit) {
        clampValues(g, 0, count, limit);
    }

    static void clampValues(float[] g, int from, int count, float limit) {
        for (int i = from; i < count; i++) {
            g[i] = Math.min(Math.max(g[i], -limit), limit);
        }
    }
}
