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

    /** 1 in every lane; a static final vector is a constant to the JIT. */
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private VectorEpilogue() {}

    static void forward(ActivationFunction f, float alpha, float[] z, int rows, int cols,
                        float[] bias, int biasOff, float[] out, float[] mask, float[] dropped) {
        forward(f, alpha, z, 0, rows, cols, bias, biasOff, out, mask, dropped);
    }

    /** {@code rows} rows starting at element {@code at} (a multiple of {@code cols}). */
    static void forward(ActivationFunction f, float alpha, float[] z, int at, int rows, int cols,
                        float[] bias, int biasOff, float[] out, float[] mask, float[] dropped) {
        int bound = S.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int row = at + i * cols;
            for (int j = 0; j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, z, row + j);
                if (bias != null) {
                    v = v.add(FloatVector.fromArray(S, bias, biasOff + j));
                    v.intoArray(z, row + j);
                }
                // The activation is written out here rather than in a helper: a vector passed to or returned
                // from a method the JIT does not inline is boxed, allocating on every call.
                FloatVector a = switch (f) {
                    case LINEAR -> v;
                    case RELU -> v.max(0f);
                    case LEAKY_RELU -> v.mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f));
                    case ELU -> v.lanewise(VectorOperators.EXPM1).mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f));
                    case SELU -> v.lanewise(VectorOperators.EXPM1).mul(SELU_LA).blend(v.mul(SELU_L),
                            v.compare(VectorOperators.GT, 0f));
                    case SIGMOID -> ONE.div(v.neg().lanewise(VectorOperators.EXP).add(1f));
                    case TANH -> v.lanewise(VectorOperators.TANH);
                    case SOFTPLUS -> v.max(0f).add(v.lanewise(VectorOperators.ABS).neg()
                            .lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P));
                    case GELU -> {
                        FloatVector x = v.lanewise(VectorOperators.ABS).mul(0.70710677f);
                        FloatVector t = ONE.div(x.mul(ERF_P).add(1f));
                        FloatVector poly = t.mul(ERF_A5).add(ERF_A4).mul(t).add(ERF_A3).mul(t).add(ERF_A2).mul(t)
                                .add(ERF_A1).mul(t);
                        FloatVector erf = poly.mul(x.mul(x).neg().lanewise(VectorOperators.EXP)).neg().add(1f);
                        erf = erf.blend(erf.neg(), v.compare(VectorOperators.LT, 0f));
                        yield v.mul(erf.add(1f).mul(0.5f));
                    }
                    case SILU -> v.mul(ONE.div(v.neg().lanewise(VectorOperators.EXP).add(1f)));
                };
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
        backward(f, alpha, delta, pre, out, mask, 0, count);
    }

    /** Elements {@code [from, to)}. */
    static void backward(ActivationFunction f, float alpha, float[] delta, float[] pre, float[] out, float[] mask,
                         int from, int to) {
        int bound = from + S.loopBound(to - from);
        for (int i = from; i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(S, delta, i);
            if (f != ActivationFunction.LINEAR) {
                FloatVector a = FloatVector.fromArray(S, out, i);
                VectorMask<Float> positive = a.compare(VectorOperators.GT, 0f);
                // Written out, not in a helper, for the same reason as in forward.
                FloatVector g = switch (f) {
                    case LINEAR -> a;
                    case RELU -> FloatVector.zero(S).blend(1f, positive);
                    case LEAKY_RELU -> FloatVector.broadcast(S, alpha).blend(1f, positive);
                    case ELU -> a.add(alpha).blend(1f, positive);
                    case SELU -> a.add(SELU_LA).blend(SELU_L, positive);
                    case SIGMOID -> a.neg().add(1f).mul(a);
                    case TANH -> a.mul(a).neg().add(1f);
                    case SOFTPLUS -> a.neg().lanewise(VectorOperators.EXPM1).neg();
                    case GELU -> {
                        FloatVector z = FloatVector.fromArray(S, pre, i);
                        FloatVector x = z.lanewise(VectorOperators.ABS).mul(0.70710677f);
                        FloatVector t = ONE.div(x.mul(ERF_P).add(1f));
                        FloatVector poly = t.mul(ERF_A5).add(ERF_A4).mul(t).add(ERF_A3).mul(t).add(ERF_A2).mul(t)
                                .add(ERF_A1).mul(t);
                        FloatVector erf = poly.mul(x.mul(x).neg().lanewise(VectorOperators.EXP)).neg().add(1f);
                        erf = erf.blend(erf.neg(), z.compare(VectorOperators.LT, 0f));
                        FloatVector cdf = erf.add(1f).mul(0.5f);
                        yield cdf.add(z.mul(z.mul(z).mul(-0.5f).lanewise(VectorOperators.EXP)
                                .mul((float) ActivationFunction.INV_SQRT_2PI)));
                    }
                    case SILU -> {
                        FloatVector z = FloatVector.fromArray(S, pre, i);
                        FloatVector sg = ONE.div(z.neg().lanewise(VectorOperators.EXP).add(1f));
                        yield sg.mul(z.mul(sg.neg().add(1f)).add(1f));
                    }
                };
                d = d.mul(g);
            }
            if (mask != null) {
                d = d.mul(FloatVector.fromArray(S, mask, i));
            }
            d.intoArray(delta, i);
        }
        ScalarEpilogue.backward(f, alpha, delta, pre, out, mask, bound, to);
    }
}
