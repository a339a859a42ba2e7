package dev.kiln.runtime.kernels;

/**
 * Optimizer updates, each one pass over a layer's parameters (weights and bias share one array, so a
 * layer is updated by one call). Formulas follow PyTorch 1.13's {@code torch.optim} in float arithmetic,
 * so trajectories can be compared with it; scalars that depend on the step number (bias corrections) are
 * computed by the caller, in double as PyTorch does.
 */
public final class Updates {

    /** Below this many parameters an update runs on the caller alone. */
    static final int PARALLEL_THRESHOLD = 16 * 1024;

    private static final ThreadLocal<AdamSplit> ADAM_JOBS = ThreadLocal.withInitial(AdamSplit::new);

    private Updates() {}

    /**
     * Adam over contiguous ranges, one per thread, split at multiples of 64 so that vector lanes line up
     * as in the undivided loop: each parameter gets the same arithmetic whatever the number of parts.
     */
    static final class AdamSplit extends WorkerPool.Job {
        private float[] w;
        private float[] g;
        private float[] m;
        private float[] v;
        private float[] vMax;
        private int count;
        private float stepSize;
        private float sqrtBc2;
        private float beta1;
        private float beta2;
        private float eps;

        void set(float[] w, float[] g, float[] m, float[] v, float[] vMax, int count, float stepSize,
                 float sqrtBc2, float beta1, float beta2, float eps) {
            this.w = w;
            this.g = g;
            this.m = m;
            this.v = v;
            this.vMax = vMax;
            this.count = count;
            this.stepSize = stepSize;
            this.sqrtBc2 = sqrtBc2;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
        }

        void release() {
            w = null;
            g = null;
            m = null;
            v = null;
            vMax = null;
        }

        @Override
        protected void run(int part, int parts) {
            int from = WorkerPool.rangeStart(count, part, parts);
            int to = WorkerPool.rangeStart(count, part + 1, parts);
            if (from < to) {
                VectorUpdates.adam(w, g, m, v, vMax, from, to, stepSize, sqrtBc2, beta1, beta2, eps);
            }
        }
    }

    /** Plain SGD: {@code w ← w - lr·g}. */
    public static void sgd(float[] w, float[] g, int count, float lr) {
        if (Simd.ENABLED) {
            VectorUpdates.sgd(w, g, count, lr);
        } else {
            ScalarUpdates.sgd(w, g, count, lr);
        }
    }

    /**
     * Momentum SGD as PyTorch computes it: {@code v ← μ·v + g}; then {@code w ← w - lr·v}, or with
     * {@code nesterov} {@code w ← w - lr·(g + μ·v)} (the simplified Nesterov momentum of Bengio et al.).
     */
    public static void momentum(float[] w, float[] g, float[] v, int count, float lr, float mu,
                                boolean nesterov) {
        if (Simd.ENABLED) {
            VectorUpdates.momentum(w, g, v, count, lr, mu, nesterov);
        } else {
            ScalarUpdates.momentum(w, g, v, count, lr, mu, nesterov);
        }
    }

    /** AdaGrad: {@code s ← s + g²; w ← w - lr·g/(sqrt(s) + ε)}. */
    public static void adagrad(float[] w, float[] g, float[] s, int count, float lr, float eps) {
        if (Simd.ENABLED) {
            VectorUpdates.adagrad(w, g, s, count, lr, eps);
        } else {
            ScalarUpdates.adagrad(w, g, s, count, lr, eps);
        }
    }

    /** RMSProp: {@code s ← ρ·s + (1-ρ)·g²; w ← w - lr·g/(sqrt(s) + ε)}. */
    public static void rmsprop(float[] w, float[] g, float[] s, int count, float lr, float rho, float eps) {
        if (Simd.ENABLED) {
            VectorUpdates.rmsprop(w, g, s, count, lr, rho, eps);
        } else {
            ScalarUpdates.rmsprop(w, g, s, count, lr, rho, eps);
        }
    }

    /**
     * AdaDelta: {@code s ← ρ·s + (1-ρ)·g²; d = sqrt(u + ε)/sqrt(s + ε)·g; u ← ρ·u + (1-ρ)·d²;
     * w ← w - lr·d}.
     */
    public static void adadelta(float[] w, float[] g, float[] s, float[] u, int count, float lr, float rho,
                                float eps) {
        if (Simd.ENABLED) {
            VectorUpdates.adadelta(w, g, s, u, count, lr, rho, eps);
        } else {
            ScalarUpdates.adadelta(w, g, s, u, count, lr, rho, eps);
        }
    }

    /**
     * Adam as PyTorch computes it: {@code m ← β1·m + (1-β1)·g; v ← β2·v + (1-β2)·g²;
     * w ← w - stepSize · m / (sqrt(v)/sqrtBc2 + ε)}, where the caller passes
     * {@code stepSize = lr / (1 - β1^t)} and {@code sqrtBc2 = sqrt(1 - β2^t)} for step {@code t}.
     * With a non-null {@code vMax} this is AMSGrad: {@code vMax ← max(vMax, v)} replaces {@code v} in the
     * denominator.
     */
    public static void adam(float[] w, float[] g, float[] m, float[] v, float[] vMax, int count,
                            float stepSize, float sqrtBc2, float beta1, float beta2, float eps) {
        if (Simd.ENABLED && WorkerPool.THREADS > 1 && count >= PARALLEL_THRESHOLD) {
            AdamSplit job = ADAM_JOBS.get();
            job.set(w, g, m, v, vMax, count, stepSize, sqrtBc2, beta1, beta2, eps);
            WorkerPool.run(job);
            job.release();
        } else if (Simd.ENABLED) {
            VectorUpdates.adam(w, g, m, v, vMax, count, stepSize, sqrtBc2, beta1, beta2, eps);
        } else {
            ScalarUpdates.adam(w, g, m, v, vMax, count, stepSize, sqrtBc2, beta1, beta2, eps);
        }
    }

    /**
     * AdaMax: {@code m ← β1·m + (1-β1)·g; u ← max(β2·u, |g| + ε); w ← w - stepSize·m/u} with
     * {@code stepSize = lr / (1 - β1^t)}.
     */
    public static void adamax(float[] w, float[] g, float[] m, float[] u, int count, float stepSize,
                              float beta1, float beta2, float eps) {
        if (Simd.ENABLED) {
            VectorUpdates.adamax(w, g, m, u, count, stepSize, beta1, beta2, eps);
        } else {
            ScalarUpdates.adamax(w, g, m, u, count, stepSize, beta1, beta2, eps);
        }
    }

    /**
     * Nadam as PyTorch's multi-tensor implementation computes it: {@code m, v} as Adam;
     * {@code d = sqrt(v)/sqrtBc2 + ε}; {@code w ← w + gradCoef·g/d + momentumCoef·m/d}, where the caller
     * passes {@code gradCoef = -lr(1-μ_t)/(1-Π_{i≤t} μ_i)}, {@code momentumCoef = -lr·μ_{t+1}/(1-Π_{i≤t+1} μ_i)}
     * and {@code sqrtBc2 = sqrt(1 - β2^t)}.
     */
    public static void nadam(float[] w, float[] g, float[] m, float[] v, int count, float gradCoef,
                             float momentumCoef, float sqrtBc2, float beta1, float beta2, float eps) {
        if (Simd.ENABLED) {
            VectorUpdates.nadam(w, g, m, v, count, gradCoef, momentumCoef, sqrtBc2, beta1, beta2, eps);
        } else {
            ScalarUpdates.nadam(w, g, m, v, count, gradCoef, momentumCoef, sqrtBc2, beta1, beta2, eps);
        }
    }

    /**
     * {@code w[i] ← w[i]·factor} for {@code from ≤ i < to}: decoupled weight decay on a layer's weights, and
     * gradient clipping by norm.
     */
    public static void scale(float[] w, int from, int to, float factor) {
        if (Simd.ENABLED) {
            VectorUpdates.scale(w, from, to, factor);
        } else {
            ScalarUpdates.scale(w, from, to, factor);
        }
    }
}
