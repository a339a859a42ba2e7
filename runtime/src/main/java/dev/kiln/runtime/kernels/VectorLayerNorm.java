package dev.kiln.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD layer normalisation. Each row's sums are kept one per lane and the lanes added in a fixed order,
 * then the tail, so a row's statistics are the same on every call; element-wise work does the scalar
 * twin's operations in its order, and the column sums of the γ and β gradients are accumulated row by row
 * into the output arrays exactly as the twin does.
 */
final class VectorLayerNorm {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();

    private VectorLayerNorm() {}

    static void forward(float[] x, int rows, int cols, float[] gamma, int gammaOff, float[] beta, int betaOff,
                        float eps, float[] invStd, float[] xhat, float[] y) {
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float first = x[row];
            FloatVector firstV = FloatVector.broadcast(S, first);
            FloatVector acc = FloatVector.zero(S);
            int j = 0;
            for (; j < bound; j += L) {
                acc = acc.add(FloatVector.fromArray(S, x, row + j).sub(firstV));
            }
            float sum = lanes(acc);
            for (; j < cols; j++) {
                sum += x[row + j] - first;
            }
            float mean = ScalarLayerNorm.mean(first, sum, cols);
            FloatVector meanV = FloatVector.broadcast(S, mean);
            acc = FloatVector.zero(S);
            for (j = 0; j < bound; j += L) {
                FloatVector d = FloatVector.fromArray(S, x, row + j).sub(meanV);
                acc = acc.add(d.mul(d));
            }
            float squares = lanes(acc);
            for (; j < cols; j++) {
                float d = x[row + j] - mean;
                squares += d * d;
            }
            float inv = ScalarLayerNorm.invStd(squares, cols, eps);
            invStd[r] = inv;
            for (j = 0; j < bound; j += L) {
                FloatVector h = FloatVector.fromArray(S, x, row + j).sub(meanV).mul(inv);
                h.intoArray(xhat, row + j);
                FloatVector v = gamma == null ? h : FloatVector.fromArray(S, gamma, gammaOff + j).mul(h);
                if (beta != null) {
                    v = v.add(FloatVector.fromArray(S, beta, betaOff + j));
                }
                v.intoArray(y, row + j);
            }
            ScalarLayerNorm.normalizeRow(x, row, cols, gamma, gammaOff, beta, betaOff, mean, inv, xhat, y, bound);
        }
    }

    static void backward(float[] delta, float[] xhat, int rows, int cols, float[] gamma, int gammaOff,
                         float[] invStd, float[] gammaGrad, int gammaGradOff, float[] betaGrad, int betaGradOff) {
        int bound = S.loopBound(cols);
        ScalarLayerNorm.clearGradients(cols, gammaGrad, gammaGradOff, betaGrad, betaGradOff);
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            FloatVector accG = FloatVector.zero(S);
            FloatVector accGX = FloatVector.zero(S);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector d = FloatVector.fromArray(S, delta, row + j);
                FloatVector h = FloatVector.fromArray(S, xhat, row + j);
                if (gammaGrad != null) {
                    FloatVector.fromArray(S, gammaGrad, gammaGradOff + j).add(d.mul(h))
                            .intoArray(gammaGrad, gammaGradOff + j);
                }
                if (betaGrad != null) {
                    FloatVector.fromArray(S, betaGrad, betaGradOff + j).add(d).intoArray(betaGrad, betaGradOff + j);
                }
                FloatVector g = gamma == null ? d : d.mul(FloatVector.fromArray(S, gamma, gammaOff + j));
                accG = accG.add(g);
                accGX = accGX.add(g.mul(h));
            }
            float sumG = lanes(accG);
            float sumGX = lanes(accGX);
            for (; j < cols; j++) {
                int k = row + j;
                float d = delta[k];
                float h = xhat[k];
                if (gammaGrad != null) {
                    gammaGrad[gammaGradOff + j] += d * h;
                }
                if (betaGrad != null) {
                    betaGrad[betaGradOff + j] += d;
                }
                float g = gamma == null ? d : d * gamma[gammaOff + j];
                sumG += g;
                sumGX += g * h;
            }
            float inv = invStd[r];
            float n = cols;
            float c = inv / n;
            for (j = 0; j < bound; j += L) {
                FloatVector d = FloatVector.fromArray(S, delta, row + j);
                FloatVector g = gamma == null ? d : d.mul(FloatVector.fromArray(S, gamma, gammaOff + j));
                FloatVector h = FloatVector.fromArray(S, xhat, row + j);
                g.mul(n).sub(sumG).sub(h.mul(sumGX)).mul(c).intoArray(delta, row + j);
            }
            ScalarLayerNorm.inputGradientRow(delta, xhat, row, cols, gamma, gammaOff, inv, sumG, sumGX, bound);
        }
    }

    /** The lanes' sum, added in lane order so that it is the same on every call. */
    private static float lanes(FloatVector v) {
        float sum = 0f;
        for (int lane = 0; lane < L; lane++) {
            sum += v.lane(lane);
        }
        return sum;
    }
}
