package dev.kiln.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** SIMD epilogues; tails are finished by {@link ScalarEpilogue}'s per-element formulas. */
final class VectorEpilogue {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();

    private VectorEpilogue() {}

    static void biasActivate(ActivationFunction f, float[] z, int rows, int cols,
                             float[] bias, int biasOff, float[] mask, float[] out) {
        int bound = S.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, z, row + j);
                if (bias != null) {
                    v = v.add(FloatVector.fromArray(S, bias, biasOff + j));
                }
                v = apply(f, v);
                v.intoArray(z, row + j);
                if (mask != null) {
                    v.mul(FloatVector.fromArray(S, mask, row + j)).intoArray(out, row + j);
                }
            }
            for (; j < cols; j++) {
                float a = f.apply(z[row + j] + (bias == null ? 0f : bias[biasOff + j]));
                z[row + j] = a;
                if (mask != null) {
                    out[row + j] = a * mask[row + j];
                }
            }
        }
    }

    static void activationBackward(ActivationFunction f, float[] delta, float[] a, float[] mask, int count) {
        int bound = S.loopBound(count);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(S, delta, i);
            FloatVector av = FloatVector.fromArray(S, a, i);
            d = switch (f) {
                case LINEAR -> d;
                case RELU -> {
                    VectorMask<Float> positive = av.compare(VectorOperators.GT, 0f);
                    yield FloatVector.zero(S).blend(d, positive);
                }
                case SIGMOID -> d.mul(av.mul(av.neg().add(1f)));
                case TANH -> d.mul(av.mul(av).neg().add(1f));
            };
            if (mask != null) {
                d = d.mul(FloatVector.fromArray(S, mask, i));
            }
            d.intoArray(delta, i);
        }
        for (; i < count; i++) {
            float d = delta[i] * f.derivativeFromOutput(a[i]);
            delta[i] = mask == null ? d : d * mask[i];
        }
    }

    private static FloatVector apply(ActivationFunction f, FloatVector v) {
        return switch (f) {
            case LINEAR -> v;
            case RELU -> v.max(0f);
            case SIGMOID -> FloatVector.broadcast(S, 1f).div(v.neg().lanewise(VectorOperators.EXP).add(1f));
            case TANH -> v.lanewise(VectorOperators.TANH);
        };
    }
}
