package dev.kiln.runtime.kernels;

/** Gradient clipping: norms of gradient ranges and clamping of values. */
public final class Clipping {

    private Clipping() {}

    /** {@code Σ g[i]²} for {@code from ≤ i < to}. */
    public static double sumOfSquares(float[] g, int from, int to) {
        return Simd.ENABLED ? VectorClipping.sumOfSquares(g, from, to) : ScalarClipping.sumOfSquares(g, from, to);
    }

    /** {@code g[i] ← min(max(g[i], -limit), limit)} for the first {@code count} values. */
    public static void clampValues(float[] g, int count, float limit) {
        if (Simd.ENABLED) {
            VectorClipping.clampValues(g, count, limit);
        } else {
            ScalarClipping.clampValues(g, count, limit);
        }
    }
}
