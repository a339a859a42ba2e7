package dev.kiln.runtime.kernels;

/**
 * Layer normalisation (Ba, Kiros and Hinton, 2016) over each row of a row-major ({@code rows × cols}) batch,
 * one sample per row: the row's mean {@code μ} and biased variance {@code σ²},
 * {@code x̂ = (x − μ)/sqrt(σ² + ε)}, {@code y = γ·x̂ + β} per column. The statistics are the sample's own, so
 * training and inference compute the same thing and there are no running statistics. {@code gamma} or
 * {@code beta} may be null when scaling or centring is off; {@code ε} must be greater than 0, which keeps a
 * constant row's {@code x̂} at 0.
 *
 * <p>The statistics are computed in float in two passes, the mean and then the sum of squared deviations
 * from it, so the variance stays accurate when {@code |μ|} is much larger than {@code σ}. The vector kernel
 * sums each row in a different order from its scalar twin, so the two agree to rounding, not exactly; the
 * gradients of γ and β are summed over the rows in order, on the calling thread, by both twins alike, so
 * they do not depend on the number of threads.
 */
public final class LayerNormKernels {

    private LayerNormKernels() {}

    /**
     * Forward pass: {@code 1/sqrt(σ²_r + ε)} of each row into {@code invStd[r]}, {@code x̂} into
     * {@code xhat} and {@code y} into {@code y}. {@code xhat} and {@code y} are distinct from {@code x} and
     * from each other.
     *
     * @param x        the batch, {@code rows × cols} row-major
     * @param gamma    γ from {@code gammaOff}, {@code cols} values, or null for γ = 1
     * @param beta     β from {@code betaOff}, {@code cols} values, or null for β = 0
     * @param eps      ε added to each row's variance, greater than 0
     * @param invStd   receives one value per row; at least {@code rows} long
     * @param xhat     receives {@code x̂}, {@code rows × cols}, kept for {@link #backward}
     * @param y        receives the output, {@code rows × cols}
     */
    public static void forward(float[] x, int rows, int cols, float[] gamma, int gammaOff, float[] beta,
                               int betaOff, float eps, float[] invStd, float[] xhat, float[] y) {
        if (Simd.ENABLED) {
            VectorLayerNorm.forward(x, rows, cols, gamma, gammaOff, beta, betaOff, eps, invStd, xhat, y);
        } else {
            ScalarLayerNorm.forward(x, rows, cols, gamma, gammaOff, beta, betaOff, eps, invStd, xhat, y);
        }
    }

    /**
     * Backward pass, in place on {@code delta} (∂L/∂y in, ∂L/∂x out): per row, with {@code g = δ·γ},
     * {@code ∂L/∂x = invStd/n · (n·g − Σg − x̂·Σ(g·x̂))} over the row's {@code n = cols} columns. Writes
     * (does not add to) {@code ∂L/∂γ = Σ_rows δ·x̂} and {@code ∂L/∂β = Σ_rows δ} per column into the gradient
     * arrays when they are non-null.
     *
     * @param delta        ∂L/∂y on entry, ∂L/∂x on return, {@code rows × cols}
     * @param xhat         {@code x̂} of the forward pass
     * @param gamma        γ from {@code gammaOff}, or null for γ = 1
     * @param invStd       the forward pass's {@code 1/sqrt(σ²_r + ε)} per row
     * @param gammaGrad    receives ∂L/∂γ from {@code gammaGradOff}, or null
     * @param betaGrad     receives ∂L/∂β from {@code betaGradOff}, or null
     */
    public static void backward(float[] delta, float[] xhat, int rows, int cols, float[] gamma, int gammaOff,
                                float[] invStd, float[] gammaGrad, int gammaGradOff, float[] betaGrad,
                                int betaGradOff) {
        if (Simd.ENABLED) {
            VectorLayerNorm.backward(delta, xhat, rows, cols, gamma, gammaOff, invStd, gammaGrad, gammaGradOff,
                    betaGrad, betaGradOff);
        } else {
            ScalarLayerNorm.backward(delta, xhat, rows, cols, gamma, gammaOff, invStd, gammaGrad, gammaGradOff,
                    betaGrad, betaGradOff);
        }
    }
}
