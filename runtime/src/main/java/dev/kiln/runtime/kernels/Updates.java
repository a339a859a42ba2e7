package dev.kiln.runtime.kernels;

/**
 * Optimizer updates, each one pass over a layer's parameters (weights and bias are stored in one array,
 * so a layer is updated by one call). Formulas follow PyTorch 1.13's {@code torch.optim} in float
 * arithmetic, operation for operation, so trajectories can be compared with it.
 */
public final class Updates {

    private Updates() {}

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

    /**
     * Adam as PyTorch computes it: {@code m ← β1·m + (1-β1)·g; v ← β2·v + (1-β2)·g²;
     * w ← w - stepSize · m / (sqrt(v)/sqrtBc2 + ε)}, where the caller passes
     * {@code stepSize = lr / (1 - β1^t)} and {@code sqrtBc2 = sqrt(1 - β2^t)} for step {@code t}.
     */
    public static void adam(float[] w, float[] g, float[] m, float[] v, int count,
                            float stepSize, float sqrtBc2, float beta1, float beta2, float eps) {
        if (Simd.ENABLED) {
            VectorUpdates.adam(w, g, m, v, count, stepSize, sqrtBc2, beta1, beta2, eps);
        } else {
            ScalarUpdates.adam(w, g, m, v, count, stepSize, sqrtBc2, beta1, beta2, eps);
        }
    }
}
