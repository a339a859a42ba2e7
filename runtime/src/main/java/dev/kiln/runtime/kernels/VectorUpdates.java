package dev.kiln.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD optimizer updates. Each does the float operations of its scalar twin in the same order, lane by
 * lane, and hands the tail to it.
 */
final class VectorUpdates {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();

    private VectorUpdates() {}

    static void sgd(float[] w, float[] g, int count, float lr) {
        sgd(w, g, 0, count, lr);
    }

    /** The update over {@code [from, to)}; {@code from} a multiple of the vector length keeps lanes aligned. */
    static void sgd(float[] w, float[] g, int from, int to, float lr) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector.fromArray(S, w, i).sub(gv.mul(lr)).intoArray(w, i);
        }
        ScalarUpdates.sgd(w, g, i, to, lr);
    }

    static void momentum(float[] w, float[] g, float[] v, int count, float lr, float mu, boolean nesterov) {
        momentum(w, g, v, 0, count, lr, mu, nesterov);
    }

    /** The update over {@code [from, to)}; {@code from} a multiple of the vector length keeps lanes aligned. */
    static void momentum(float[] w, float[] g, float[] v, int from, int to, float lr, float mu, boolean nesterov) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(mu).add(gv);
            vv.intoArray(v, i);
            FloatVector step = nesterov ? gv.add(vv.mul(mu)) : vv;
            FloatVector.fromArray(S, w, i).sub(step.mul(lr)).intoArray(w, i);
        }
        ScalarUpdates.momentum(w, g, v, i, to, lr, mu, nesterov);
    }

    static void adagrad(float[] w, float[] g, float[] s, int count, float lr, float eps) {
        adagrad(w, g, s, 0, count, lr, eps);
    }

    /** The update over {@code [from, to)}; {@code from} a multiple of the vector length keeps lanes aligned. */
    static void adagrad(float[] w, float[] g, float[] s, int from, int to, float lr, float eps) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector sv = FloatVector.fromArray(S, s, i).add(gv.mul(gv));
            sv.intoArray(s, i);
            FloatVector.fromArray(S, w, i).sub(gv.div(sv.sqrt().add(eps)).mul(lr)).intoArray(w, i);
        }
        ScalarUpdates.adagrad(w, g, s, i, to, lr, eps);
    }

    static void rmsprop(float[] w, float[] g, float[] s, int count, float lr, float rho, float eps) {
        rmsprop(w, g, s, 0, count, lr, rho, eps);
    }

    /** The update over {@code [from, to)}; {@code from} a multiple of the vector length keeps lanes aligned. */
    static void rmsprop(float[] w, float[] g, float[] s, int from, int to, float lr, float rho, float eps) {
        float oneMinusRho = 1f - rho;
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector sv = FloatVector.fromArray(S, s, i).mul(rho).add(gv.mul(gv).mul(oneMinusRho));
            sv.intoArray(s, i);
            FloatVector.fromArray(S, w, i).sub(gv.div(sv.sqrt().add(eps)).mul(lr)).intoArray(w, i);
        }
        ScalarUpdates.rmsprop(w, g, s, i, to, lr, rho, eps);
    }

    static void adadelta(float[] w, float[] g, float[] s, float[] u, int count, float lr, float rho, float eps) {
        adadelta(w, g, s, u, 0, count, lr, rho, eps);
    }

    /** The update over {@code [from, to)}; {@code from} a multiple of the vector length keeps lanes aligned. */
    static void adadelta(float[] w, float[] g, float[] s, float[] u, int from, int to, float lr, float rho, float eps) {
        float oneMinusRho = 1f - rho;
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector sv = FloatVector.fromArray(S, s, i).mul(rho).add(gv.mul(gv).mul(oneMinusRho));
            sv.intoArray(s, i);
            FloatVector uv = FloatVector.fromArray(S, u, i);
            FloatVector d = uv.add(eps).sqrt().div(sv.add(eps).sqrt()).mul(gv);
            uv.mul(rho).add(d.mul(d).mul(oneMinusRho)).intoArray(u, i);
            FloatVector.fromArray(S, w, i).sub(d.mul(lr)).intoArray(w, i);
        }
        ScalarUpdates.adadelta(w, g, s, u, i, to, lr, rho, eps);
    }

    static void adam(float[] w, float[] g, float[] m, float[] v, float[] vMax, int count,
                     float stepSize, float sqrtBc2, float beta1, float beta2, float eps) {
        adam(w, g, m, v, vMax, 0, count, stepSize, sqrtBc2, beta1, beta2, eps);
    }

    /** Adam over {@code [from, to)}; {@code from} a multiple of the vector length keeps lanes aligned. */
    static void adam(float[] w, float[] g, float[] m, float[] v, float[] vMax, int from, int to,
                     float stepSize, float sqrtBc2, float beta1, float beta2, float eps) {
        float oneMinusB1 = 1f - beta1;
        float oneMinusB2 = 1f - beta2;
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = FloatVector.fromArray(S, m, i).mul(beta1).add(gv.mul(oneMinusB1));
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(beta2).add(gv.mul(gv).mul(oneMinusB2));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            if (vMax != null) {
                vv = FloatVector.fromArray(S, vMax, i).max(vv);
                vv.intoArray(vMax, i);
            }
            FloatVector denom = vv.sqrt().div(sqrtBc2).add(eps);
            FloatVector.fromArray(S, w, i).sub(mv.div(denom).mul(stepSize)).intoArray(w, i);
        }
        ScalarUpdates.adam(w, g, m, v, vMax, i, to, stepSize, sqrtBc2, beta1, beta2, eps);
    }

    static void adamax(float[] w, float[] g, float[] m, float[] u, int count, float stepSize,
                       float beta1, float beta2, float eps) {
        adamax(w, g, m, u, 0, count, stepSize, beta1, beta2, eps);
    }

    /** The update over {@code [from, to)}; {@code from} a multiple of the vector length keeps lanes aligned. */
    static void adamax(float[] w, float[] g, float[] m, float[] u, int from, int to,
                       float stepSize, float beta1, float beta2, float eps) {
        float oneMinusB1 = 1f - beta1;
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = FloatVector.fromArray(S, m, i).mul(beta1).add(gv.mul(oneMinusB1));
            FloatVector uv = FloatVector.fromArray(S, u, i).mul(beta2).max(gv.lanewise(VectorOperators.ABS).add(eps));
            mv.intoArray(m, i);
            uv.intoArray(u, i);
            FloatVector.fromArray(S, w, i).sub(mv.div(uv).mul(stepSize)).intoArray(w, i);
        }
        ScalarUpdates.adamax(w, g, m, u, i, to, stepSize, beta1, beta2, eps);
    }

    static void nadam(float[] w, float[] g, float[] m, float[] v, int count, float gradCoef,
                      float momentumCoef, float sqrtBc2, float beta1, float beta2, float eps) {
        nadam(w, g, m, v, 0, count, gradCoef, momentumCoef, sqrtBc2, beta1, beta2, eps);
    }

    /** The update over {@code [from, to)}; {@code from} a multiple of the vector length keeps lanes aligned. */
    static void nadam(float[] w, float[] g, float[] m, float[] v, int from, int to,
                      float gradCoef, float momentumCoef, float sqrtBc2, float beta1, float beta2, float eps) {
        float oneMinusB1 = 1f - beta1;
        float oneMinusB2 = 1f - beta2;
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = FloatVector.fromArray(S, m, i).mul(beta1).add(gv.mul(oneMinusB1));
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(beta2).add(gv.mul(gv).mul(oneMinusB2));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector d = vv.sqrt().div(sqrtBc2).add(eps);
            FloatVector wv = FloatVector.fromArray(S, w, i).add(gv.div(d).mul(gradCoef));
            wv.add(mv.div(d).mul(momentumCoef)).intoArray(w, i);
        }
        ScalarUpdates.nadam(w, g, m, v, i, to, gradCoef, momentumCoef, sqrtBc2, beta1, beta2, eps);
    }

    static void scale(float[] w, int from, int to, float factor) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector.fromArray(S, w, i).mul(factor).intoArray(w, i);
        }
        ScalarUpdates.scale(w, i, to, factor);
    }
}
