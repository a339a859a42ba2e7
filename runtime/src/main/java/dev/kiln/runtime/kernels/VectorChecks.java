package dev.kiln.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** SIMD finiteness check. */
final class VectorChecks {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;

    private VectorChecks() {}

    static boolean allFinite(float[] x, int count) {
        int bound = S.loopBound(count);
        // x·0 is 0 for every finite x and NaN for NaN and ±∞, so one sum tells them apart without branches.
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < bound; i += S.length()) {
            acc = acc.add(FloatVector.fromArray(S, x, i).mul(0f));
        }
        for (int lane = 0; lane < S.length(); lane++) {
            if (acc.lane(lane) != 0f) {
                return false;
            }
        }
        return ScalarChecks.allFinite(x, bound, count);
    }
}
