package dev.kiln.runtime.kernels;

/** Scalar twin of {@link VectorPenalties}, and its tails. */
public final class ScalarPenalties {

    private ScalarPenalties() {}

    /** Same contract as {@link Penalties#addGradient}. */
    public static void addGradient(float[] w, float[] g, int from, int to, float l1, float l2) {
        float twoL2 = 2f * l2;
        for (int i = from; i < to; i++) {
            g[i] += l1 * Math.signum(w[i]) + twoL2 * w[i];
        }
    }

    /** Same contract as {@link Penalties#maxNorm}. */
    public static void maxNorm(float[] w, int rows, int cols, float maxNorm, float[] norms) {
        columnScales(w, rows, cols, maxNorm, norms, 0);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                w[i * cols + j] *= norms[j];
            }
        }
    }

    /**
     * Writes into {@code norms[j]} (for columns from {@code from}) the factor column j is scaled by:
     * {@code maxNorm / norm} when the norm exceeds {@code maxNorm}, else 1.
     */
    static void columnScales(float[] w, int rows, int cols, float maxNorm, float[] norms, int from) {
        for (int j = from; j < cols; j++) {
            float sq = 0f;
            for (int i = 0; i < rows; i++) {
                float v = w[i * cols + j];
                sq += v * v;
            }
            norms[j] = sq;
        }
        for (int j = from; j < cols; j++) {
            float norm = (float) Math.sqrt(norms[j]);
            norms[j] = norm > maxNorm ? maxNorm / norm : 1f;
        }
    }
}
