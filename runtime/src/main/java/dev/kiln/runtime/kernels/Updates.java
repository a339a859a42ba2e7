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

    private static final ThreadLocal<Split> JOBS = ThreadLocal.withInitial(Split::new);

    private Updates() {}

    /** The rules an update pass can split over threads. */
    enum Rule { SGD, MOMENTUM, NESTEROV, ADAGRAD, RMSPROP, ADADELTA, ADAM, ADAMAX, NADAM }

    /** Whether an update over {@code count} parameters is split over the pool's threads. */
    private static boolean split(int count) {
        return Simd.ENABLED && WorkerPool.THREADS > 1 && count >= PARALLEL_THRESHOLD;
    }

    /**
     * An update over contiguous ranges, one per thread, split at multiples of 64 so that vector lanes line up
     * as in the undivided loop: each parameter gets the same arithmetic whatever the number of parts. The
     * arrays and scalars are the rule's, in the order of its method below.
     */
    static final class Split extends WorkerPool.Job {
        private Rule rule;
        private float[] w;
        private float[] g;
        private float[] a;
        private float[] b;
        private float[] c;
        private int count;
        private float p1;
        private float p2;
        private float p3;
        private float p4;
        private float p5;
        private float p6;

        Split set(Rule rule, float[] w, float[] g, float[] a, float[] b, float[] c, int count) {
            this.rule = rule;
            this.w = w;
            this.g = g;
            this.a = a;
            this.b = b;
            this.c = c;
            this.count = count;
            return this;
        }

        Split scalars(float p1, float p2, float p3, float p4, float p5, float p6) {
            this.p1 = p1;
            this.p2 = p2;
            this.p3 = p3;
            this.p4 = p4;
            this.p5 = p5;
            this.p6 = p6;
            return this;
        }

        /** Runs the job on the pool, then drops the array references, so a finished pass keeps nothing alive. */
        void runAndRelease() {
            try {
                WorkerPool.run(this);
            } finally {
                w = null;
                g = null;
                a = null;
                b = null;
                c = null;
            }
        }

        @Override
        protected void run(int part, int parts) {
            int from = WorkerPool.rangeStart(count, part, parts);
            int to = WorkerPool.rangeStart(count, part + 1, parts);
            if (from >= to) {
                return;
            }
            switch (rule) {
                case SGD -> VectorUpdates.sgd(w, g, from, to, p1);
                case MOMENTUM, NESTEROV -> VectorUpdates.momentum(w, g, a, from, to, p1, p2, rule == Rule.NESTEROV);
                case ADAGRAD -> VectorUpdates.adagrad(w, g, a, from, to, p1, p2);
                case RMSPROP -> VectorUpdates.rmsprop(w, g, a, from, to, p1, p2, p3);
                case ADADELTA -> VectorUpdates.adadelta(w, g, a, b, from, to, p1, p2, p3);
                case ADAM -> VectorUpdates.adam(w, g, a, b, c, from, to, p1, p2, p3, p4, p5);
                case ADAMAX -> VectorUpdates.adamax(w, g, a, b, from, to, p1, p2, p3, p4);
                case NADAM -> VectorUpdates.nadam(w, g, a, b, from, to, p1, p2, p3, p4, p5, p6);
            }
        }
    }

    /** Plain SGD: {@code w ← w - lr·g}. */
    public static void sgd(float[] w, float[] g, int count, float lr) {
        if (split(count)) {
            JOBS.get().set(Rule.SGD, w, g, null, null, null, count).scalars(lr, 0, 0, 0, 0, 0).runAndRelease();
        } else if (Simd.ENABLED) {
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
        if (split(count)) {
            JOBS.get().set(nesterov ? Rule.NESTEROV : Rule.MOMENTUM, w, g, v, null, null, count)
                    .scalars(lr, mu, 0, 0, 0, 0).runAndRelease();
        } else if (Simd.ENABLED) {
            VectorUpdates.momentum(w, g, v, count, lr, mu, nesterov);
        } else {
            ScalarUpdates.momentum(w, g, v, count, lr, mu, nesterov);
        }
    }

    /** AdaGrad: {@code s ← s + g²; w ← w - lr·g/(sqrt(s) + ε)}. */
    public static void adagrad(float[] w, float[] g, float[] s, int count, float lr, float eps) {
        if (split(count)) {
            JOBS.get().set(Rule.ADAGRAD, w, g, s, null, null, count).scalars(lr, eps, 0, 0, 0, 0).runAndRelease();
        } else if (Simd.ENABLED) {
            VectorUpdates.adagrad(w, g, s, count, lr, eps);
        } else {
            ScalarUpdates.adagrad(w, g, s, count, lr, eps);
        }
    }

    /** RMSProp: {@code s ← ρ·s + (1-ρ)·g²; w ← w - lr·g/(sqrt(s) + ε)}. */
    public static void rmsprop(float[] w, float[] g, float[] s, int count, float lr, float rho, float eps) {
        if (split(count)) {
            JOBS.get().set(Rule.RMSPROP, w, g, s, null, null, count).scalars(lr, rho, eps, 0, 0, 0).runAndRelease();
        } else if (Simd.ENABLED) {
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
        if (split(count)) {
            JOBS.get().set(Rule.ADADELTA, w, g, s, u, null, count).scalars(lr, rho, eps, 0, 0, 0).runAndRelease();
        } else if (Simd.ENABLED) {
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
        if (split(count)) {
            JOBS.get().set(Rule.ADAM, w, g, m, v, vMax, count).scalars(stepSize, sqrtBc2, beta1, beta2, eps, 0)
                    .runAndRelease();
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
        if (split(count)) {
            JOBS.get().set(Rule.ADAMAX, w, g, m, u, null, count).scalars(stepSize, beta1, beta2, eps, 0, 0)
                    .runAndRelease();
        } else if (Simd.ENABLED) {
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
        if (split(count)) {
            JOBS.get().set(Rule.NADAM, w, g, m, v, null, count)
                    .scalars(gradCoef, momentumCoef, sqrtBc2, beta1, beta2, eps).runAndRelease();
        } else if (Simd.ENABLED) {
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
