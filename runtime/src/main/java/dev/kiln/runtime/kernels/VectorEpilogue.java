package dev.kiln.runtime.kernels;

import static dev.kiln.runtime.kernels.ActivationFunction.ERF_A1;
import static dev.kiln.runtime.kernels.ActivationFunction.ERF_A2;
import static dev.kiln.runtime.kernels.ActivationFunction.ERF_A3;
import static dev.kiln.runtime.kernels.ActivationFunction.ERF_A4;
import static dev.kiln.runtime.kernels.ActivationFunction.ERF_A5;
import static dev.kiln.runtime.kernels.ActivationFunction.ERF_P;
import static dev.kiln.runtime.kernels.ActivationFunction.SELU_L;
import static dev.kiln.runtime.kernels.ActivationFunction.SELU_LA;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD epilogues. Exponentials, logarithms and tanh use the JDK's vector math routines, which agree with
 * {@code Math} to a few ulps; everything else is the scalar twin's float arithmetic lane by lane.
 */
final class VectorEpilogue {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();

    private VectorEpilogue() {}

    static void forward(ActivationFunction f, float alpha, float[] z, int rows, int cols,
                        float[] bias, int biasOff, float[] out, float[] mask, float[] dropped) {
        int bound = S.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, z, row + j);
                if (bias != null) {
                    v = v.add(FloatVector.fromArray(S, bias, biasOff + j));
                    v.intoArray(z, row + j);
                }
                FloatVector a = apply(f, alpha, v);
                a.intoArray(out, row + j);
                if (mask != null) {
                    a.mul(FloatVector.fromArray(S, mask, row + j)).intoArray(dropped, row + j);
                }
            }
            ScalarEpilogue.forwardRow(f, alpha, z, row, bound, cols, bias, biasOff, out, mask, dropped);
        }
    }

    static void backward(ActivationFunction f, float alpha, float[] delta, float[] pre, float[] out, float[] mask,
                         int count) {
        int bound = S.loopBound(count);
        for (int i = 0; i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(S, delta, i);
            if (f != ActivationFunction.LINEAR) {
                FloatVector z = f.needsInput() ? FloatVector.fromArray(S, pre, i) : null;
                d = d.mul(derivative(f, alpha, z, FloatVector.fromArray(S, out, i)));
            }
            if (mask != null) {
                d = d.mul(FloatVector.fromArray(S, mask, i));
            }
            d.intoArray(delta, i);
        }
        ScalarEpilogue.backward(f, alpha, delta, pre, out, mask, bound, count);
    }

    private static FloatVector apply(ActivationFunction f, float alpha, FloatVector v) {
        return switch (f) {
            case LINEAR -> v;
            case RELU -> v.max(0f);
            case LEAKY_RELU -> v.mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f));
            case ELU -> v.lanewise(VectorOperators.EXPM1).mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f));
            case SELU -> v.lanewise(VectorOperators.EXPM1).mul(SELU_LA).blend(v.mul(SELU_L),
                    v.compare(VectorOperators.GT, 0f));
            case SIGMOID -> sigmoid(v);
            case TANH -> v.lanewise(VectorOperators.TANH);
            case SOFTPLUS -> v.max(0f).add(v.lanewise(VectorOperators.ABS).neg().lanewise(VectorOperators.EXP)
                    .lanewise(VectorOperators.LOG1P));
            case GELU -> v.mul(normalCdf(v));
            case SILU -> v.mul(sigmoid(v));
        };
    }

    private static FloatVector derivative(ActivationFunction f, float alpha, FloatVector z, FloatVector a) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        VectorMask<Float> positive = a.compare(VectorOperators.GT, 0f);
        return switch (f) {
            case LINEAR -> one;
            case RELU -> FloatVector.zero(S).blend(one, positive);
            case LEAKY_RELU -> FloatVector.broadcast(S, alpha).blend(one, positive);
            case ELU -> a.add(alpha).blend(one, positive);
            case SELU -> a.add(SELU_LA).blend(FloatVector.broadcast(S, SELU_L), positive);
            case SIGMOID -> a.mul(one.sub(a));
            case TANH -> one.sub(a.mul(a));
            case SOFTPLUS -> a.neg().lanewise(VectorOperators.EXPM1).neg();
            case GELU -> normalCdf(z).add(z.mul(z.mul(z).mul(-0.5f).lanewise(VectorOperators.EXP)
                    .mul((float) ActivationFunction.INV_SQRT_2PI)));
            case SILU -> {
                FloatVector s = sigmoid(z);
                yield s.mul(one.add(z.mul(one.sub(s))));
            }
        };
    }

    private static FloatVector sigmoid(FloatVector v) {
        return FloatVector.broadcast(S, 1f).div(v.neg().lanewise(VectorOperators.EXP).add(1f));
    }

    /** Φ(z) with the same erf approximation and operation order as {@link ActivationFunction#normalCdf}. */
    private static FloatVector normalCdf(FloatVector z) {
        FloatVector x = z.lanewise(VectorOperators.ABS).mul(0.70710677f);
        FloatVector t = FloatVector.broadcast(S, 1f).div(x.mul(ERF_P).add(1f));
        FloatVector poly = t.mul(ERF_A5).add(ERF_A4).mul(t).add(ERF_A3).mul(t).add(ERF_A2).mul(t).add(ERF_A1).mul(t);
        FloatVector erf = FloatVector.broadcast(S, 1f).sub(poly.mul(x.mul(x).neg().lanewise(VectorOperators.EXP)));
        erf = erf.blend(erf.neg(), z.compare(VectorOperators.LT, 0f));
        return erf.add(1f).mul(0.5f);
    }
}
