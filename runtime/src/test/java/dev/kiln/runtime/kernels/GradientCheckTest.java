package dev.kiln.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.runtime.Rng;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Central finite differences in double precision against each activation's derivative and each loss's
 * gradient. Step h = 1e-3 gives truncation error O(h²) ≈ 1e-6 on these smooth functions; the analytic
 * values are float, so the bound is 1e-4 relative.
 */
class GradientCheckTest {

    private static final double H = 1e-3;

    @ParameterizedTest
    @EnumSource(ActivationFunction.class)
    void activationDerivativeMatchesFiniteDifference(ActivationFunction f) {
        float alpha = 0.2f;
        DoubleUnaryOperator exact = switch (f) {
            case LINEAR -> z -> z;
            case RELU -> z -> Math.max(0, z);
            case LEAKY_RELU -> z -> z > 0 ? z : alpha * z;
            case ELU -> z -> z > 0 ? z : alpha * Math.expm1(z);
            case SELU -> z -> ActivationFunction.SELU_LAMBDA * (z > 0 ? z : ActivationFunction.SELU_ALPHA * Math.expm1(z));
            case SIGMOID -> z -> 1 / (1 + Math.exp(-z));
            case TANH -> Math::tanh;
            case SOFTPLUS -> z -> Math.log1p(Math.exp(z));
            case GELU -> z -> z * 0.5 * (1 + erf(z / Math.sqrt(2)));
            case SILU -> z -> z / (1 + Math.exp(-z));
        };
        for (double z = -3.05; z < 3; z += 0.25) { // never within H of the kinks at 0
            // The kernel's value against the exact function (GELU's erf approximation is within 1.5e-7).
            assertEquals(exact.applyAsDouble(z), f.apply((float) z, alpha), 2e-6 * Math.max(1, Math.abs(z)),
                    f + "(" + z + ")");
            double numeric = (exact.applyAsDouble(z + H) - exact.applyAsDouble(z - H)) / (2 * H);
            float a = f.apply((float) z, alpha);
            float analytic = f.derivative((float) z, a, alpha);
            assertEquals(numeric, analytic, 1e-4 * Math.max(1, Math.abs(numeric)), f + "'(" + z + ")");
        }
    }

    /** erf to about 1e-15 by its Maclaurin series (|x| ≤ 2.2 here), an independent reference for GELU. */
    private static double erf(double x) {
        double sum = 0;
        double term = x;
        for (int n = 0; n < 80; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    @Test
    void softmaxCrossEntropyGradient() {
        Rng rng = new Rng(1);
        int rows = 3;
        int k = 5;
        float[] z = KernelTwinsTest.random(rng, rows * k);
        int[] labels = {0, 4, 2};
        float[] grad = new float[rows * k];
        Losses.softmaxCrossEntropy(z, labels, rows, k, grad, 1f / rows);
        checkGradient(z, grad, x -> Losses.softmaxCrossEntropy(x, labels, rows, k, null, 1f) / rows);
    }

    @Test
    void binaryCrossEntropyGradient() {
        Rng rng = new Rng(2);
        float[] z = KernelTwinsTest.random(rng, 6);
        float[] t = {0, 1, 0.3f, 1, 0, 0.9f};
        float[] grad = new float[6];
        Losses.binaryCrossEntropy(z, t, 6, grad, 1f / 6);
        checkGradient(z, grad, x -> Losses.binaryCrossEntropy(x, t, 6, null, 1f) / 6);
    }

    @Test
    void meanSquaredErrorGradient() {
        Rng rng = new Rng(3);
        float[] y = KernelTwinsTest.random(rng, 6);
        float[] t = KernelTwinsTest.random(rng, 6);
        float[] grad = new float[6];
        Losses.meanSquaredError(y, t, 2, 3, grad, 1f / 2);
        checkGradient(y, grad, x -> Losses.meanSquaredError(x, t, 2, 3, null, 1f) / 2);
    }

    @Test
    void softmaxBackwardMatchesFiniteDifferenceOfSquaredErrorAfterSoftmax() {
        Rng rng = new Rng(4);
        int k = 4;
        float[] z = KernelTwinsTest.random(rng, k);
        float[] t = {0.1f, 0.2f, 0.3f, 0.4f};
        float[] p = z.clone();
        Losses.softmax(p, 1, k);
        float[] grad = new float[k];
        Losses.meanSquaredError(p, t, 1, k, grad, 1f);
        Losses.softmaxBackward(p, grad, 1, k);
        checkGradient(z, grad, x -> {
            float[] q = x.clone();
            Losses.softmax(q, 1, k);
            return Losses.meanSquaredError(q, t, 1, k, null, 1f);
        });
    }

    @Test
    void softmaxCrossEntropyIsStableForHugeLogits() {
        float[] z = {1000f, -1000f, 0f};
        float[] grad = new float[3];
        double loss = Losses.softmaxCrossEntropy(z, new int[] {1}, 1, 3, grad, 1f);
        assertEquals(2000.0, loss, 1e-9);
        assertEquals(1.0, grad[0], 1e-6);
        assertEquals(-1.0, grad[1], 1e-6);
    }

    private interface Loss {
        double at(float[] x);
    }

    private static void checkGradient(float[] x, float[] grad, Loss loss) {
        for (int i = 0; i < x.length; i++) {
            float saved = x[i];
            x[i] = (float) (saved + H);
            double up = loss.at(x);
            x[i] = (float) (saved - H);
            double down = loss.at(x);
            x[i] = saved;
            double h2 = (double) (float) (saved + H) - (float) (saved - H);
            double numeric = (up - down) / h2;
            assertEquals(numeric, grad[i], 1e-4 * Math.max(1, Math.abs(numeric)), "component " + i);
        }
    }
}
