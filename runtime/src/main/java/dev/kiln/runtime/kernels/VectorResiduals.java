package dev.kiln.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** SIMD element-wise sums; the tail goes to the scalar twin. */
final class VectorResiduals {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();

    private VectorResiduals() {}

    static void add(float[] a, float[] b, float[] out, int count) {
        int bound = S.loopBound(count);
        for (int i = 0; i < bound; i += L) {
            FloatVector.fromArray(S, a, i).add(FloatVector.fromArray(S, b, i)).intoArray(out, i);
        }
        ScalarResiduals.add(a, b, out, bound, count);
    }

    static void addInto(float[] target, float[] source, int count) {
        add(target, source, target, count);
    }
}
