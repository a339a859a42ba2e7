package dev.kiln.runtime.kernels;

/**
 * Scalar twin of {@link VectorLayerNorm}, and the reference it is tested against. Row sums run left to
 * right here and lane by lane there, so the statistics, and what depends on them, agree to rounding; the
 * element-wise formulas and the column sums of the γ and β gradients are the same operations in the same
 * order in both.
 */
public final class ScalarLayerNorm {

    private ScalarLayerNorm() {}

    /** Same contract as {@link LayerNormKernels#forward}. */
    public static void forward(float[] x, int rows, int cols, float[] gamma, int gammaOff, float[] beta,
                               int betaOff, float eps, float[] invStd, float[] xhat, float[] y) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            // The mean is summed as deviations from the row's first value: a constant row then sums to exactly
            // 0, so its mean is exact and its x̂ exactly 0, and a large common offset does not cost precision.
            float first = x[row];
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                sum += x[row + j] - first;
            }
            float mean = mean(first, sum, cols);
            float squares = 0f;
            for (int j = 0; j < cols; j++) {
                float d = x[row + j] - mean;
                squares += d * d;
            }
            float inv = invStd(squares, cols, eps);
            invStd[r] = inv;
            normalizeRow(x, row, cols, gamma, gammaOff, beta, betaOff, mean, inv, xhat, y, 0);
        }
    }

    /** The row's mean from its first value and the sum of the deviations from it; shared by both twins. */
    static float mean(float first, float sum, int cols) {
        return first + sum / cols;
    }

    /** {@code 1/sqrt(σ² + ε)} from the sum of squared deviations; shared by both twins. */
    static float invStd(float squares, int cols, float eps) {
        return 1f / (float) Math.sqrt(squares / cols + eps);
    }

    /** x̂ and y of the row starting at {@code row}, for columns from {@code from}. */
    static void normalizeRow(float[] x, int row, int cols, float[] gamma, int gammaOff, float[] beta, int betaOff,
                             float mean, float inv, float[] xhat, float[] y, int from) {
        for (int j = from; j < cols; j++) {
            int k = row + j;
            float h = (x[k] - mean) * inv;
            xhat[k] = h;
            float v = gamma == null ? h : gamma[gammaOff + j] * h;
            y[k] = beta == null ? v : v + beta[betaOff + j];
        }
    }

    /** Same contract as {@link LayerNormKernels#backward}. */
    public static void backward(float[] delta, float[] xhat, int rows, int cols, float[] gamma, int gammaOff,
                                float[] invStd, float[] gammaGrad, int gammaGradOff, float[] betaGrad,
                                int betaGradOff) {
        clearGradients(cols, gammaGrad, gammaGradOff, betaGrad, betaGradOff);
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float sumG = 0f;
            float sumGX = 0f;
            for (int j = 0; j < cols; j++) {
                int k = row + j;
                float d = delta[k];
                float h = xhat[k];
                // The column sums take δ before this row's δ is overwritten below.
                if (gammaGrad != null) {
                    gammaGrad[gammaGradOff + j] += d * h;
                }
                if (betaGrad != null) {
                    betaGrad[betaGradOff + j] += d;
                }
                float g = gamma == null ? d : d * gamma[gammaOff + j];
                sumG += g;
                sumGX += g * h;
            }
            inputGradientRow(delta, xhat, row, cols, gamma, gammaOff, invStd[r], sumG, sumGX, 0);
        }
    }

    /** Zeroes the gradient arrays that are present, so that the row loop can add into them. */
    static void clearGradients(int cols, float[] gammaGrad, int gammaGradOff, float[] betaGrad, int betaGradOff) {
        if (gammaGrad != null) {
            java.util.Arrays.fill(gammaGrad, gammaGradOff, gammaGradOff + cols, 0f);
        }
        if (betaGrad != null) {
            java.util.Arrays.fill(betaGrad, betaGradOff, betaGradOff + cols, 0f);
        }
    }

    /** ∂L/∂x over the row starting at {@code row}, for columns from {@code from}, given the row's two sums. */
    static void inputGradientRow(float[] delta, float[] xhat, int row, int cols, float[] gamma, int gammaOff,
                                 float inv, float sumG, float sumGX, int from) {
        float n = cols;
        float c = inv / n;
        for (int j = from; j < cols; j++) {
            int k = row + j;
            float g = gamma == null ? delta[k] : delta[k] * gamma[gammaOff + j];
            delta[k] = c * (n * g - sumG - xhat[k] * sumGX);
        }
    }
}
