package dev.kiln.runtime.kernels;

/** Reductions over the rows of a row-major matrix. */
public final class Reductions {

    private Reductions() {}

    /**
     * {@code out[outOff + j] = Σ_i x[i*cols + j]} over {@code rows} rows: the bias gradient from a layer's
     * δ. Rows are added in order, so the result does not depend on the vector width's tail split.
     */
    public static void columnSums(float[] x, int rows, int cols, float[] out, int outOff) {
        if (Simd.ENABLED) {
            VectorReductions.columnSums(x, rows, cols, out, outOff);
        } else {
            ScalarReductions.columnSums(x, rows, cols, out, outOff);
        }
    }
}
