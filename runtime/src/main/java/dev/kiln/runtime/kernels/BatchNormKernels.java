package dev.kiln.runtime.kernels;

/**
 * Batch normalisation over the rows of a ({@code rows × cols}) batch, one unit per column, as the slides'
 * algorithm: mini-batch mean and biased variance, {@code x̂ = (x − μ)/sqrt(σ² + ε)}, {@code y = γ·x̂ + β}.
 * Running statistics follow Keras: {@code moving = momentum·moving + (1 − momentum)·batch}, with the
 * biased batch variance. {@code gamma} or {@code beta} may be null when scaling or centring is off.
 */
public final class BatchNormKernels {

    /** Below this many values a pass stays on one thread: handing it over costs more than it saves. */
    static final int PARALLEL_THRESHOLD = 16 * 1024;
    private static final ThreadLocal<Split> JOBS = ThreadLocal.withInitial(Split::new);

    private BatchNormKernels() {}

    /** Whether a pass over {@code rows × cols} values is shared by the threads, by ranges of columns. */
    private static boolean split(int rows, int cols) {
        return Simd.ENABLED && WorkerPool.THREADS > 1 && cols > 64 && (long) rows * cols >= PARALLEL_THRESHOLD;
    }

    /**
     * A training pass split over threads by ranges of columns starting at multiples of 64: each column's
     * statistics and values come from the same additions in the same order whichever part holds it, so results
     * do not depend on the number of parts.
     */
    static final class Split extends WorkerPool.Job {
        private boolean isForward;
        private float[] x;
        private int rows;
        private int cols;
        private float[] gamma;
        private int gammaOff;
        private float[] beta;
        private int betaOff;
        private float eps;
        private float[] mean;
        private float[] invStd;
        private float[] xhat;
        private float[] y;
        private float[] runningMean;
        private float[] runningVar;
        private float momentum;
        private float[] delta;
        private float[] gammaGrad;
        private int gammaGradOff;
        private float[] betaGrad;
        private int betaGradOff;
        private float[] sumD;
        private float[] sumDX;

        void forward(float[] x, int rows, int cols, float[] gamma, int gammaOff, float[] beta, int betaOff, float eps,
                     float[] mean, float[] invStd, float[] xhat, float[] y, float[] runningMean, float[] runningVar,
                     float momentum) {
            this.isForward = true;
            this.x = x;
            this.rows = rows;
            this.cols = cols;
            this.gamma = gamma;
            this.gammaOff = gammaOff;
            this.beta = beta;
            this.betaOff = betaOff;
            this.eps = eps;
            this.mean = mean;
            this.invStd = invStd;
            this.xhat = xhat;
            this.y = y;
            this.runningMean = runningMean;
            this.runningVar = runningVar;
            this.momentum = momentum;
        }

        void backward(float[] delta, float[] xhat, int rows, int cols, float[] gamma, int gammaOff, float[] invStd,
                      float[] gammaGrad, int gammaGradOff, float[] betaGrad, int betaGradOff, float[] sumD,
                      float[] sumDX) {
            this.isForward = false;
            this.delta = delta;
            this.xhat = xhat;
            this.rows = rows;
            this.cols = cols;
            this.gamma = gamma;
            this.gammaOff = gammaOff;
            this.invStd = invStd;
            this.gammaGrad = gammaGrad;
            this.gammaGradOff = gammaGradOff;
            this.betaGrad = betaGrad;
            this.betaGradOff = betaGradOff;
            this.sumD = sumD;
            this.sumDX = sumDX;
        }

        /** Drops the references to the caller's arrays, which a pooled job must not keep alive. */
        void release() {
            x = null;
            gamma = null;
            beta = null;
            mean = null;
            invStd = null;
            xhat = null;
            y = null;
            runningMean = null;
            runningVar = null;
            delta = null;
            gammaGrad = null;
            betaGrad = null;
            sumD = null;
            sumDX = null;
        }

        @Override
        protected void run(int part, int parts) {
            int from = WorkerPool.rangeStart(cols, part, parts);
            int to = WorkerPool.rangeStart(cols, part + 1, parts);
            if (from >= to) {
                return;
            }
            if (isForward) {
                VectorBatchNorm.forwardTraining(x, rows, cols, from, to, gamma, gammaOff, beta, betaOff, eps, mean,
                        invStd, xhat, y, runningMean, runningVar, momentum);
            } else {
                VectorBatchNorm.backward(delta, xhat, rows, cols, from, to, gamma, gammaOff, invStd, gammaGrad,
                        gammaGradOff, betaGrad, betaGradOff, sumD, sumDX);
            }
        }
    }

    /**
     * Training forward: batch statistics into {@code mean} and {@code invStd} (1/sqrt(σ² + ε)), {@code x̂} into
     * {@code xhat}, {@code y} into {@code y}; with non-null running arrays, also updates them.
     */
    public static void forwardTraining(float[] x, int rows, int cols, float[] gamma, int gammaOff, float[] beta,
                                       int betaOff, float eps, float[] mean, float[] invStd, float[] xhat, float[] y,
                                       float[] runningMean, float[] runningVar, float momentum) {
        if (split(rows, cols)) {
            Split job = JOBS.get();
            job.forward(x, rows, cols, gamma, gammaOff, beta, betaOff, eps, mean, invStd, xhat, y, runningMean,
                    runningVar, momentum);
            WorkerPool.run(job);
            job.release();
        } else if (Simd.ENABLED) {
            VectorBatchNorm.forwardTraining(x, rows, cols, 0, cols, gamma, gammaOff, beta, betaOff, eps, mean, invStd,
                    xhat, y, runningMean, runningVar, momentum);
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
     * Folds an inference-mode batch normalisation into the dense layer before it, which must have a linear
     * activation: with {@code s = γ/√(σ²_run + ε)} per unit, {@code W' = W·diag(s)} and
     * {@code b' = (b − μ_run)·s + β}, so {@code x·W' + b'} equals the dense layer followed by the
     * normalisation. Writes {@code W'} (row-major, {@code in × units}) then {@code b'} into {@code folded}.
     * Runs once per {@code evaluate} or {@code predict} call, not per batch, so it has no vector form.
     *
     * @param params   the dense layer's parameter array: weights, then the bias when {@code biasOff ≥ 0}
     * @param biasOff  offset of the bias in {@code params}, or -1 for a layer without bias
     * @param scale    scratch of {@code units} floats, left holding {@code s}
     * @param shift    scratch of {@code units} floats, left holding {@code β − μ_run·s}
     */
    public static void fold(float[] params, int biasOff, int in, int units, float[] gamma, int gammaOff,
                            float[] beta, int betaOff, float eps, float[] runningMean, float[] runningVar,
                            float[] scale, float[] shift, float[] folded) {
        ScalarBatchNorm.foldedScaleShift(units, gamma, gammaOff, beta, betaOff, eps, runningMean, runningVar, scale,
                shift);
        for (int r = 0; r < in; r++) {
            int row = r * units;
            for (int j = 0; j < units; j++) {
                folded[row + j] = params[row + j] * scale[j];
            }
        }
        int b = in * units;
        for (int j = 0; j < units; j++) {
            float bias = biasOff < 0 ? 0f : params[biasOff + j];
            folded[b + j] = bias * scale[j] + shift[j];
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
        if (split(rows, cols)) {
            Split job = JOBS.get();
            job.backward(delta, xhat, rows, cols, gamma, gammaOff, invStd, gammaGrad, gammaGradOff, betaGrad,
                    betaGradOff, sumD, sumDX);
            WorkerPool.run(job);
            job.release();
        } else if (Simd.ENABLED) {
            VectorBatchNorm.backward(delta, xhat, rows, cols, 0, cols, gamma, gammaOff, invStd, gammaGrad,
                    gammaGradOff, betaGrad, betaGradOff, sumD, sumDX);
        } else {
            ScalarBatchNorm.backward(delta, xhat, rows, cols, gamma, gammaOff, invStd, gammaGrad, gammaGradOff,
                    betaGrad, betaGradOff, sumD, sumDX);
        }
    }
}
