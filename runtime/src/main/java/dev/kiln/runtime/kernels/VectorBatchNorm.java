package dev.kiln.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD batch normalisation: rows are streamed in order and column statistics accumulated a vector of
 * columns at a time into the output arrays, the same additions in the same order as the scalar twin. Each
 * kernel works on a window of columns, so that threads can share a batch by columns: a column's arithmetic is
 * the same whichever window holds it.
 */
final class VectorBatchNorm {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();

    private VectorBatchNorm() {}

    /** Training forward over columns {@code [from, to)} of rows {@code cols} wide; the rest is untouched. */
    static void forwardTraining(float[] x, int rows, int cols, int from, int to, float[] gamma, int gammaOff,
                                float[] beta, int betaOff, float eps, float[] mean, float[] invStd, float[] xhat,
                                float[] y, float[] runningMean, float[] runningVar, float momentum) {
        int bound = from + S.loopBound(to - from);
        java.util.Arrays.fill(mean, from, to, 0f);
        java.util.Arrays.fill(invStd, from, to, 0f);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            int j = from;
            for (; j < bound; j += L) {
                FloatVector.fromArray(S, mean, j).add(FloatVector.fromArray(S, x, row + j)).intoArray(mean, j);
            }
            for (; j < to; j++) {
                mean[j] += x[row + j];
            }
        }
        float inv = 1f / rows;
        for (int j = from; j < to; j++) {
            mean[j] *= inv;
        }
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            int j = from;
            for (; j < bound; j += L) {
                FloatVector d = FloatVector.fromArray(S, x, row + j).sub(FloatVector.fromArray(S, mean, j));
                FloatVector.fromArray(S, invStd, j).add(d.mul(d)).intoArray(invStd, j);
            }
            for (; j < to; j++) {
                float d = x[row + j] - mean[j];
                invStd[j] += d * d;
            }
        }
        ScalarBatchNorm.finishStatistics(from, to, inv, eps, mean, invStd, runningMean, runningVar, momentum);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = from; j < bound; j += L) {
                FloatVector h = FloatVector.fromArray(S, x, row + j).sub(FloatVector.fromArray(S, mean, j))
                        .mul(FloatVector.fromArray(S, invStd, j));
                h.intoArray(xhat, row + j);
                FloatVector v = gamma == null ? h : FloatVector.fromArray(S, gamma, gammaOff + j).mul(h);
                if (beta != null) {
                    v = v.add(FloatVector.fromArray(S, beta, betaOff + j));
                }
                v.intoArray(y, row + j);
            }
        }
        ScalarBatchNorm.normalizeRows(x, rows, cols, gamma, gammaOff, beta, betaOff, mean, invStd, xhat, y, bound,
                to);
    }

    static void affine(float[] x, int rows, int cols, float[] scale, float[] shift, float[] y) {
        int bound = S.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += L) {
                FloatVector.fromArray(S, x, row + j).mul(FloatVector.fromArray(S, scale, j))
                        .add(FloatVector.fromArray(S, shift, j)).intoArray(y, row + j);
            }
        }
        ScalarBatchNorm.affine(x, rows, cols, scale, shift, y, bound);
    }

    /** Backward over columns {@code [from, to)} of rows {@code cols} wide; the rest is untouched. */
    static void backward(float[] delta, float[] xhat, int rows, int cols, int from, int to, float[] gamma,
                         int gammaOff, float[] invStd, float[] gammaGrad, int gammaGradOff, float[] betaGrad,
                         int betaGradOff, float[] sumD, float[] sumDX) {
        int bound = from + S.loopBound(to - from);
        java.util.Arrays.fill(sumD, from, to, 0f);
        java.util.Arrays.fill(sumDX, from, to, 0f);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            int j = from;
            for (; j < bound; j += L) {
                FloatVector d = FloatVector.fromArray(S, delta, row + j);
                FloatVector.fromArray(S, sumD, j).add(d).intoArray(sumD, j);
                FloatVector.fromArray(S, sumDX, j).add(d.mul(FloatVector.fromArray(S, xhat, row + j)))
                        .intoArray(sumDX, j);
            }
            for (; j < to; j++) {
                sumD[j] += delta[row + j];
                sumDX[j] += delta[row + j] * xhat[row + j];
            }
        }
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
            int row = i * cols;
            for (int j = from; j < bound; j += L) {
                FloatVector g = gamma == null ? FloatVector.broadcast(S, 1f)
                        : FloatVector.fromArray(S, gamma, gammaOff + j);
                FloatVector c = g.mul(FloatVector.fromArray(S, invStd, j)).div(n);
                FloatVector d = FloatVector.fromArray(S, delta, row + j).mul(n).sub(FloatVector.fromArray(S, sumD, j))
                        .sub(FloatVector.fromArray(S, xhat, row + j).mul(FloatVector.fromArray(S, sumDX, j)));
                c.mul(d).intoArray(delta, row + j);
            }
        }
        ScalarBatchNorm.backwardFinish(delta, xhat, rows, cols, gamma, gammaOff, invStd, null, 0, null, 0, sumD,
                sumDX, bound, to);
    }
}
