package dev.kiln.runtime.kernels;

/** Whether arrays hold only finite numbers, for stopping a diverging training before it spoils the weights. */
public final class Checks {

    private Checks() {}

    /** True when the first {@code count} values are all finite (no NaN, no infinity). */
    public static boolean allFinite(float[] x, int count) {
        return Simd.ENABLED ? VectorChecks.allFinite(x, count) : ScalarChecks.allFinite(x, 0, count);
    }
}
