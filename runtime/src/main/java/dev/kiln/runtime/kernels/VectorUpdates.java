package dev.kiln.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** SIMD optimizer updates; tails use the scalar formulas. */
final class VectorUpdates {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();

    private VectorUpdates() {}

    static void sgd(float[] w, float[] g, int count, float lr) {
        int bound = S.loopBound(count);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector.fromArray(S, w, i).sub(gv.mul(lr)).intoArray(w, i);
        }
        for (; i < count; i++) {
            w[i] -= lr * g[i];
        }
    }

    static void momentum(float[] w, float[] g, float[] v, int count, float lr, float mu, boolean nesterov) {
        int bound = S.loopBound(count);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(mu).add(gv);
            vv.intoArray(v, i);
            FloatVector step = nesterov ? gv.add(vv.mul(mu)) : vv;
            FloatVector.fromArray(S, w, i).sub(step.mul(lr)).intoArray(w, i);
        }
        for (; i < count; i++) {
            float vi = mu * v[i] + g[i];
            v[i] = vi;
            w[i] -= lr * (nesterov ? g[i] + mu * vi : vi);
        }
    }

    static void adam(float[] w, float[] g, float[] m, float[] v, int count,
                     float stepSize, float sqrtBc2, float beta1, float beta2, float eps) {
        float oneMinusB1 = 1f - beta1;
        float oneMinusB2 = 1f - beta2;
        int bound = S.loopBound(count);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = FloatVector.fromArray(S, m, i).mul(beta1).add(gv.mul(oneMinusB1));
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(beta2).add(gv.mul(gv).mul(oneMinusB2));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector denom = vv.sqrt().div(sqrtBc2).add(eps);
            FloatVector.fromArray(S, w, i).sub(mv.div(denom).mul(stepSize)).intoArray(w, i);
        }
        for (; i < count; i++) {
            float gi = g[i];
            float mi = m[i] * beta1 + gi * oneMinusB1;
            float vi = v[i] * beta2 + gi * gi * oneMinusB2;
            m[i] = mi;
            v[i] = vi;
            w[i] -= stepSize * (mi / ((float) Math.sqrt(vi) / sqrtBc2 + eps));
        }
    }
}
