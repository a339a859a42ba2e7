package dev.kiln.runtime.kernels;

/** Scalar twin of {@link VectorUpdates}. */
public final class ScalarUpdates {

    private ScalarUpdates() {}

    /** Same contract as {@link Updates#sgd}. */
    public static void sgd(float[] w, float[] g, int count, float lr) {
        for (int i = 0; i < count; i++) {
            w[i] -= lr * g[i];
        }
    }

    /** Same contract as {@link Updates#momentum}. */
    public static void momentum(float[] w, float[] g, float[] v, int count, float lr, float mu,
                                boolean nesterov) {
        for (int i = 0; i < count; i++) {
            float vi = mu * v[i] + g[i];
            v[i] = vi;
            w[i] -= lr * (nesterov ? g[i] + mu * vi : vi);
        }
    }

    /** Same contract as {@link Updates#adam}. */
    public static void adam(float[] w, float[] g, float[] m, float[] v, int count,
                            float stepSize, float sqrtBc2, float beta1, float beta2, float eps) {
        float oneMinusB1 = 1f - beta1;
        float oneMinusB2 = 1f - beta2;
        for (int i = 0; i < count; i++) {
            float gi = g[i];
            float mi = m[i] * beta1 + gi * oneMinusB1;
            float vi = v[i] * beta2 + gi * gi * oneMinusB2;
            m[i] = mi;
            v[i] = vi;
            w[i] -= stepSize * (mi / ((float) Math.sqrt(vi) / sqrtBc2 + eps));
        }
    }
}
