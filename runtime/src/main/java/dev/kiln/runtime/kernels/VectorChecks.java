package dev.kiln.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** SIMD finiteness check. */
final class VectorChecks {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;

    private VectorChecks() {}

    /** True when {@code x[from, to)} holds only finite numbers. */
    static boolean allFinite(float[] x, int from, int to) {
        int len = S.length();
        int bound4 = from + (to - from) / (4 * len) * (4 * len);
        int bound = from + (to - from) / len * len;
        // x·0 is 0 for every finite x and NaN for NaN and ±∞, so one sum tells them apart without branches.
        // Four sums, not one: a single chain of adds would wait on each add's latency.
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        FloatVector acc2 = FloatVector.zero(S);
        FloatVector acc3 = FloatVector.zero(S);
        int i = from;
        for (; i < bound4; i += 4 * len) {
            acc0 = acc0.add(FloatVector.fromArray(S, x, i).mul(0f));
            acc1 = acc1.add(FloatVector.fromArray(S, x, i + len).mul(0f));
            acc2 = acc2.add(FloatVector.fromArray(S, x, i + 2 * len).mul(0f));
            acc3 = acc3.add(FloatVector.fromArray(S, x, i + 3 * len).mul(0f));
        }
        for (; i < bound; i += len) {
            acc0 = acc0.add(FloatVector.fromArray(S, x, i).mul(0f));
        }
        FloatVector acc = acc0.add(acc1).add(acc2.add(acc3));
        for (int lane = 0; lane < len; lane++) {
            if (acc.lane(lane) != 0f) {
                return false;
            }
        }
        return ScalarChecks.allFinite(x, bound, to);
    }
}
