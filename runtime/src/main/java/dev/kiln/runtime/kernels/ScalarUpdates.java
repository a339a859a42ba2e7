package dev.kiln.runtime.kernels;

/**
 * Scalar twins of {@link VectorUpdates}, also the formulas the vector kernels use for their tails. Each
 * does the same float operations in the same order as its twin, so the two agree exactly.
 */
public final class ScalarUpdates {

    private ScalarUpdates() {}

    /** Same contract as {@link Updates#sgd}. */
    public static void sgd(float[] w, float[] g, int count, float lr) {
        sgd(w, g, 0, count, lr);
    }

    static void sgd(float[] w, float[] g, int from, int count, float lr) {
        for (int i = from; i < count; i++) {
            w[i] -= lr * g[i];
        }
    }

    /** Same contract as {@link Updates#momentum}. */
    public static void momentum(float[] w, float[] g, float[] v, int count, float lr, float mu, boolean nesterov) {
        momentum(w, g, v, 0, count, lr, mu, nesterov);
    }

    static void momentum(float[] w, float[] g, float[] v, int from, int count, float lr, float mu,
                         boolean nesterov) {
        for (int i = from; i < count; i++) {
            float vi = mu * v[i] + g[i];
            v[i] = vi;
            w[i] -= lr * (nesterov ? g[i] + mu * vi : vi);
        }
    }

    /** Same contract as {@link Updates#adagrad}. */
    public static void adagrad(float[] w, float[] g, float[] s, int count, float lr, float eps) {
        adagrad(w, g, s, 0, count, lr, eps);
    }

    static void adagrad(float[] w, float[] g, float[] s, int from, int count, float lr, float eps) {
        for (int i = from; i < count; i++) {
            float gi = g[i];
            float si = s[i] + gi * gi;
            s[i] = si;
            w[i] -= lr * (gi / ((float) Math.sqrt(si) + eps));
        }
    }

    /** Same contract as {@link Updates#rmsprop}. */
    public static void rmsprop(float[] w, float[] g, float[] s, int count, float lr, float rho, float eps) {
        rmsprop(w, g, s, 0, count, lr, rho, eps);
    }

    static void rmsprop(float[] w, float[] g, float[] s, int from, int count, float lr, float rho, float eps) {
        float oneMinusRho = 1f - rho;
        for (int i = from; i < count; i++) {
            float gi = g[i];
            float si = s[i] * rho + gi * gi * oneMinusRho;
            s[i] = si;
            w[i] -= lr * (gi / ((float) Math.sqrt(si) + eps));
        }
    }

    /** Same contract as {@link Updates#adadelta}. */
    public static void adadelta(float[] w, float[] g, float[] s, float[] u, int count, float lr, float rho,
                                float eps) {
        adadelta(w, g, s, u, 0, count, lr, rho, eps);
    }

    static void adadelta(float[] w, float[] g, float[] s, float[] u, int from, int count, float lr, float rho,
                         float eps) {
        float oneMinusRho = 1f - rho;
        for (int i = from; i < count; i++) {
            float gi = g[i];
            float si = s[i] * rho + gi * gi * oneMinusRho;
            s[i] = si;
            float d = (float) Math.sqrt(u[i] + eps) / (float) Math.sqrt(si + eps) * gi;
            u[i] = u[i] * rho + d * d * oneMinusRho;
            w[i] -= lr * d;
        }
    }

    /** Same contract as {@link Updates#adam}. */
    public static void adam(float[] w, float[] g, float[] m, float[] v, float[] vMax, int count,
                            float stepSize, float sqrtBc2, float beta1, float beta2, float eps) {
        adam(w, g, m, v, vMax, 0, count, stepSize, sqrtBc2, beta1, beta2, eps);
    }

    static void adam(float[] w, float[] g, float[] m, float[] v, float[] vMax, int from, int count,
                     float stepSize, float sqrtBc2, float beta1, float beta2, float eps) {
        float oneMinusB1 = 1f - beta1;
        float oneMinusB2 = 1f - beta2;
        for (int i = from; i < count; i++) {
            float gi = g[i];
            float mi = m[i] * beta1 + gi * oneMinusB1;
            float vi = v[i] * beta2 + gi * gi * oneMinusB2;
            m[i] = mi;
            v[i] = vi;
            if (vMax != null) {
                vi = Math.max(vMax[i], vi);
                vMax[i] = vi;
            }
            w[i] -= stepSize * (mi / ((float) Math.sqrt(vi) / sqrtBc2 + eps));
        }
    }

    /** Same contract as {@link Updates#adamax}. */
    public static void adamax(float[] w, float[] g, float[] m, float[] u, int count, float stepSize,
                              float beta1, float beta2, float eps) {
        adamax(w, g, m, u, 0, count, stepSize, beta1, beta2, eps);
    }

    static void adamax(float[] w, float[] g, float[] m, float[] u, int from, int count, float stepSize,
                       float beta1, float beta2, float eps) {
        float oneMinusB1 = 1f - beta1;
        for (int i = from; i < count; i++) {
            float gi = g[i];
            float mi = m[i] * beta1 + gi * oneMinusB1;
            float ui = Math.max(u[i] * beta2, Math.abs(gi) + eps);
            m[i] = mi;
            u[i] = ui;
            w[i] -= stepSize * (mi / ui);
        }
    }

    /** Same contract as {@link Updates#nadam}. */
    public static void nadam(float[] w, float[] g, float[] m, float[] v, int count, float gradCoef,
                             float momentumCoef, float sqrtBc2, float beta1, float beta2, float eps) {
        nadam(w, g, m, v, 0, count, gradCoef, momentumCoef, sqrtBc2, beta1, beta2, eps);
    }

    static void nadam(float[] w, float[] g, float[] m, float[] v, int from, int count, float gradCoef,
                      float momentumCoef, float sqrtBc2, float beta1, float beta2, float eps) {
        float oneMinusB1 = 1f - beta1;
        float oneMinusB2 = 1f - beta2;
        for (int i = from; i < count; i++) {
            float gi = g[i];
            float mi = m[i] * beta1 + gi * oneMinusB1;
            float vi = v[i] * beta2 + gi * gi * oneMinusB2;
            m[i] = mi;
            v[i] = vi;
            float d = (float) Math.sqrt(vi) / sqrtBc2 + eps;
            float wi = w[i] + gradCoef * (gi / d);
            w[i] = wi + momentumCoef * (mi / d);
        }
    }

    /** Same contract as {@link Updates#scale}. */
    public static void scale(float[] w, int from, int to, float factor) {
        for (int i = from; i < to; i++) {
            w[i] *= factor;
        }
    }
}
