package dev.kiln.runtime.kernels;

/**
 * Batch normalisation over the rows of a ({@code rows × cols}) batch, one unit per column, as the slides'
 * algorithm: mini-batch mean and biased variance, {@code x̂ = (x − μ)/sqrt(σ² + ε)}, {@code y = γ·x̂ + β}.
 * Running statistics follow Keras: {@code moving = momentum·moving + (1 − momentum)·batch}, with the
 * biased batch variance. {@code gamma} or {@code beta} may be null when scaling or centring is off.
 */
public final class BatchNormKernels {

    private BatchNormKernels() {}

    /**
     * Training forward: batch statistics into {@code mean} and {@code invStd} (1/sqrt(σ² + ε)), {@code x̂} into
     * {@code xhat}, {@code y} into {@code y}; with non-null running arrays, also updates them.
     */
    public static void forwardTraining(float[] x, int rows, int cols, float[] gamma, int gammaOff, float[] beta,
                                       int betaOff, float eps, float[] mean, float[] invStd, float[] xhat, float[] y,
                                       float[] runningMean, float[] runningVar, float momentum) {
        if (Simd.ENABLED) {
            VectorBatchNorm.forwardTraining(x, rows, cols, gamma, gammaOff, beta, betaOff, eps, mean, invStd, xhat, y,
                    runningMean, runningVar, momentum);
        } else {
            ScalarBatchNorm.forwardTraining(x, rows, cols, gamma, gammaOff, beta, betaOff, eps, mean, invStd, xhat, y,
                    runningMean, runningVar, momentum);
        }
    }

    /**
     * Inference forward with the running statistics: {@code y = x·s + t} with {@code s = γ/sqrt(σ²_run + ε)}
     * and {@code t = β − μ_run·s}, computed into the scratch arrays {@code scale} and {@code shift}.
     */
    public static void forwardInference(float[] x, int rows, int cols, float[] gamma, int gammaOff, float[] beta,
                                        int betaOff, float eps, float[] runningMean, float[] runningVar,
                                        float[] scale, float[] shift, float[] y) {
        ScalarBatchNorm.foldedScaleShift(cols, gamma, gammaOff, beta, betaOff, eps, runningMean, runningVar, scale,
                shift);
        if (Simd.ENABLED) {
            VectorBatchNorm.affine(x, rows, cols, scale, shift, y);
        } else {
            ScalarBatchNorm.affine(x, rows, cols, scale, shift, y, 0);
        }
    }

    /**
     * Backward, in place on {@code delta} (∂L/∂y in, ∂L/∂x out):
     * {@code ∂L/∂x = γ·invStd/n · (n·δ − Σδ − x̂·Σ(δ·x̂))}. Writes {@code Σ(δ·x̂)} (∂L/∂γ) and {@code Σδ}
     * (∂L/∂β) to the gradient arrays when they are non-null; {@code sumD} and {@code sumDX} are scratch of
     * {@code cols} floats.
     */
    public static void backward(float[] delta, float[] xhat, int rows, int cols, float[] gamma, int gammaOff,
                                float[] invStd, float[] gammaGrad, int gammaGradOff, float[] betaGrad,
                                int betaGradOff, float[] sumD, float[] sumDX) {
        if (Simd.ENABLED) {
            VectorBatchNorm.backward(delta, xhat, rows, cols, gamma, gammaOff, invStd, gammaGrad, gammaGradOff,
                    betaGrad, betaGradOff, sumD, sumDX);
        } else {
            ScalarBatchNorm.backward(delta, xhat, rows, cols, gamma, gammaOff, invStd, gammaGrad, gammaGradOff,
                    betaGrad, betaGradOff, sumD, sumDX);
        }
    }
}
