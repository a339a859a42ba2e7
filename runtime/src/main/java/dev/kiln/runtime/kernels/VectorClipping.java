package dev.kiln.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** SIMD clipping kernels. */
final class VectorClipping {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();
    /** Elements per float partial sum before it is added to the double total, bounding float rounding. */
    private static final int CHUNK = 1024;

    private VectorClipping() {}

    static double sumOfSquares(float[] g, int from, int to) {
        double total = 0;
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; ) {
            FloatVector acc = FloatVector.zero(S);
            for (int end = Math.min(bound, i + CHUNK); i < end; i += L) {
                FloatVector v = FloatVector.fromArray(S, g, i);
                acc = v.fma(v, acc);
            }
            // Lanes summed in a fixed order so that the result is reproducible.
            for (int lane = 0; lane < L; lane++) {
                total += acc.lane(lane);
            }
        }
        return total + ScalarClipping.sumOfSquares(g, i, to);
    }

    static void clampValues(float[] g, int count, float limit) {
        int bound = S.loopBound(count);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, g, i).max(-limit).min(limit).intoArray(g, i);
        }
        ScalarClipping.clampValues(g, bound, count, limit);
    }
}
