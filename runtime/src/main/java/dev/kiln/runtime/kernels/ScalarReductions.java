package dev.kiln.runtime.kernels;

/** Scalar twin of {@link VectorReductions}. */
public final class ScalarReductions {

    private ScalarReductions() {}

    /** Same contract as {@link Reductions#columnSums}. */
    public static void columnSums(float[] x, int rows, int cols, float[] out, int outOff) {
        for (int j = 0; j < cols; j++) {
            out[outOff + j] = 0f;
        }
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                out[outOff + j] += x[row + j];
            }
        }
    }
}
