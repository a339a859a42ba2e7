package dev.kiln.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** SIMD column sums: one accumulator vector per column block, rows streamed in order. */
final class VectorReductions {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();

    private VectorReductions() {}

    static void columnSums(float[] x, int rows, int cols, float[] out, int outOff) {
        int bound = S.loopBound(cols);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int i = 0; i < rows; i++) {
                acc = acc.add(FloatVector.fromArray(S, x, i * cols + j));
            }
            acc.intoArray(out, outOff + j);
        }
        for (; j < cols; j++) {
            float acc = 0f;
            for (int i = 0; i < rows; i++) {
                acc += x[i * cols + j];
            }
            out[outOff + j] = acc;
        }
    }
}
