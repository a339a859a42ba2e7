package dev.kiln.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** SIMD penalties and max-norm; the same float operations as the scalar twin, lane by lane. */
final class VectorPenalties {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();

    private VectorPenalties() {}

    static void addGradient(float[] w, float[] g, int from, int to, float l1, float l2) {
        float twoL2 = 2f * l2;
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector wv = FloatVector.fromArray(S, w, i);
            FloatVector sign = FloatVector.zero(S).blend(1f, wv.compare(VectorOperators.GT, 0f))
                    .blend(-1f, wv.compare(VectorOperators.LT, 0f));
            FloatVector.fromArray(S, g, i).add(sign.mul(l1).add(wv.mul(twoL2))).intoArray(g, i);
        }
        ScalarPenalties.addGradient(w, g, i, to, l1, l2);
    }

    static void maxNorm(float[] w, int rows, int cols, float maxNorm, float[] norms) {
        int bound = S.loopBound(cols);
        // Column sums of squares, a vector of columns at a time, rows in order as the twin adds them.
        for (int j = 0; j < bound; j += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int i = 0; i < rows; i++) {
                FloatVector v = FloatVector.fromArray(S, w, i * cols + j);
                acc = acc.add(v.mul(v));
            }
            acc.intoArray(norms, j);
        }
        for (int j = 0; j < bound; j++) {
            float norm = (float) Math.sqrt(norms[j]);
            norms[j] = norm > maxNorm ? maxNorm / norm : 1f;
        }
        ScalarPenalties.columnScales(w, rows, cols, maxNorm, norms, bound);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(S, w, row + j).mul(FloatVector.fromArray(S, norms, j)).intoArray(w, row + j);
            }
            for (; j < cols; j++) {
                w[row + j] *= norms[j];
            }
        }
    }
}
