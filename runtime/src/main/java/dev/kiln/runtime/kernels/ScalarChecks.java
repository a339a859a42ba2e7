package dev.kiln.runtime.kernels;

/** Scalar twin of {@link Checks}. */
public final class ScalarChecks {

    private ScalarChecks() {}

    /** True when {@code x[from, to)} holds only finite numbers. */
    public static boolean allFinite(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Float.isFinite(x[i])) {
                return false;
            }
        }
        return true;
    }
}
