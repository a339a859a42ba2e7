package dev.kiln.runtime.kernels;

/**
 * Weight penalties and constraints of a dense layer: L1 and L2 terms added to the loss and its gradient
 * (L2(λ) adds {@code λ·Σw²}, gradient {@code 2λw}; L1(λ) adds {@code λ·Σ|w|}, gradient {@code λ·sign(w)}),
 * and the max-norm constraint on each unit's incoming weights.
 */
public final class Penalties {

    private Penalties() {}

    /** {@code l1·Σ|w| + l2·Σw²} over {@code w[from, to)}, in double. */
    public static double value(float[] w, int from, int to, float l1, float l2) {
        double abs = 0;
        double sq = 0;
        for (int i = from; i < to; i++) {
            abs += Math.abs(w[i]);
            sq += (double) w[i] * w[i];
        }
        return l1 * abs + l2 * sq;
    }

    /** {@code g[i] += l1·sign(w[i]) + 2·l2·w[i]} for {@code from ≤ i < to}. */
    public static void addGradient(float[] w, float[] g, int from, int to, float l1, float l2) {
        if (Simd.ENABLED) {
            VectorPenalties.addGradient(w, g, from, to, l1, l2);
        } else {
            ScalarPenalties.addGradient(w, g, from, to, l1, l2);
        }
    }

    /**
     * Max-norm: each column {@code j} of the row-major ({@code rows × cols}) weights, the incoming weights of
     * unit {@code j}, is rescaled to L2 norm {@code maxNorm} when its norm is larger. {@code norms} is
     * scratch of at least {@code cols} floats.
     */
    public static void maxNorm(float[] w, int rows, int cols, float maxNorm, float[] norms) {
        if (Simd.ENABLED) {
            VectorPenalties.maxNorm(w, rows, cols, maxNorm, norms);
        } else {
            ScalarPenalties.maxNorm(w, rows, cols, maxNorm, norms);
        }
    }
}
