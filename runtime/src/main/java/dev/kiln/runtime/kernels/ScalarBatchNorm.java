package dev.kiln.runtime.kernels;

/**
 * Scalar twin of {@link VectorBatchNorm}. Column sums are accumulated row by row into the output arrays, in
 * the same order as the vector kernel, so the two agree exactly.
 */
public final class ScalarBatchNorm {

    private ScalarBatchNorm() {}

    /** Same contract as {@link BatchNormKernels#forwardTraining}. */
    public static void forwardTraining(float[] x, int rows, int cols, float[] gamma, int gammaOff, float[] beta,
                                       int betaOff, float eps, float[] mean, float[] invStd, float[] xhat, float[] y,
                                       float[] runningMean, float[] runningVar, float momentum) {
        java.util.Arrays.fill(mean, 0, cols, 0f);
        java.util.Arrays.fill(invStd, 0, cols, 0f);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                mean[j] += x[i * cols + j];
            }
        }
        float inv = 1f / rows;
        for (int j = 0; j < cols; j++) {
            mean[j] *= inv;
        }
        // Two passes: the variance from deviations, which stays accurate when |mean| >> sd.
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float d = x[i * cols + j] - mean[j];
                invStd[j] += d * d;
            }
        }
        finishStatistics(0, cols, inv, eps, mean, invStd, runningMean, runningVar, momentum);
        normalizeRows(x, rows, cols, gamma, gammaOff, beta, betaOff, mean, invStd, xhat, y, 0, cols);
    }

    /**
     * Turns the summed squared deviations in {@code invStd} into 1/sqrt(var + ε) for columns
     * {@code [from, to)}, updating the running statistics first.
     */
    static void finishStatistics(int from, int to, float inv, float eps, float[] mean, float[] invStd,
                                 float[] runningMean, float[] runningVar, float momentum) {
        float keep = 1f - momentum;
        for (int j = from; j < to; j++) {
            float var = invStd[j] * inv;
            if (runningMean != null) {
                runningMean[j] = momentum * runningMean[j] + keep * mean[j];
                runningVar[j] = momentum * runningVar[j] + keep * var;
            }
            invStd[j] = 1f / (float) Math.sqrt(var + eps);
        }
    }

    /** x̂ and y for columns {@code [from, to)} of rows {@code cols} wide. */
    static void normalizeRows(float[] x, int rows, int cols, float[] gamma, int gammaOff, float[] beta, int betaOff,
                              float[] mean, float[] invStd, float[] xhat, float[] y, int from, int to) {
        for (int i = 0; i < rows; i++) {
            for (int j = from; j < to; j++) {
                int k = i * cols + j;
                float h = (x[k] - mean[j]) * invStd[j];
                xhat[k] = h;
                float v = gamma == null ? h : gamma[gammaOff + j] * h;
                y[k] = beta == null ? v : v + beta[betaOff + j];
            }
        }
    }

    /** Per-column scale and shift of inference; shared by both twins. */
    static void foldedScaleShift(int cols, float[] gamma, int gammaOff, float[] beta, int betaOff, float eps,
                                 float[] runningMean, float[] runningVar, float[] scale, float[] shift) {
        for (int j = 0; j < cols; j++) {
            float s = 1f / (float) Math.sqrt(runningVar[j] + eps);
            if (gamma != null) {
                s *= gamma[gammaOff + j];
            }
            scale[j] = s;
            shift[j] = (beta == null ? 0f : beta[betaOff + j]) - runningMean[j] * s;
        }
    }

    /** {@code y = x·scale + shift} per column, for columns from {@code from}. */
    static void affine(float[] x, int rows, int cols, float[] scale, float[] shift, float[] y, int from) {
        for (int i = 0; i < rows; i++) {
            for (int j = from; j < cols; j++) {
                int k = i * cols + j;
                y[k] = x[k] * scale[j] + shift[j];
            }
        }
    }

    /** Same contract as {@link BatchNormKernels#backward}. */
    public static void backward(float[] delta, float[] xhat, int rows, int cols, float[] gamma, int gammaOff,
                                float[] invStd, float[] gammaGrad, int gammaGradOff, float[] betaGrad,
                                int betaGradOff, float[] sumD, float[] sumDX) {
        java.util.Arrays.fill(sumD, 0, cols, 0f);
        java.util.Arrays.fill(sumDX, 0, cols, 0f);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int k = i * cols + j;
                sumD[j] += delta[k];
                sumDX[j] += delta[k] * xhat[k];
            }
        }
        backwardFinish(delta, xhat, rows, cols, gamma, gammaOff, invStd, gammaGrad, gammaGradOff, betaGrad,
                betaGradOff, sumD, sumDX, 0, cols);
    }

    /** The gradients for columns {@code [from, to)} of rows {@code cols} wide, from their sums. */
    static void backwardFinish(float[] delta, float[] xhat, int rows, int cols, float[] gamma, int gammaOff,
                               float[] invStd, float[] gammaGrad, int gammaGradOff, float[] betaGrad,
                               int betaGradOff, float[] sumD, float[] sumDX, int from, int to) {
        for (int j = from; j < to; j++) {
            if (gammaGrad != null) {
                gammaGrad[gammaGradOff + j] = sumDX[j];
            }
            if (betaGrad != null) {
                betaGrad[betaGradOff + j] = sumD[j];
            }
        }
        float n = rows;
        for (int i = 0; i < rows; i++) {
            for (int j = from; j < to; j++) {
                int k = i * cols + j;
                float g = gamma == null ? 1f : gamma[gammaOff + j];
                float c = g * invStd[j] / n;
                delta[k] = c * (n * delta[k] - sumD[j] - xhat[k] * sumDX[j]);
            }
        }
    }
}
