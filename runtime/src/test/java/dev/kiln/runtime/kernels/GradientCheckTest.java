package dev.kiln.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.runtime.Rng;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Central finite differences in double precision against each activation's derivative, each loss's
 * gradient and layer normalisation's gradients. Step h = 1e-3 gives truncation error O(h²) ≈ 1e-6 on these
 * smooth functions; the analytic values are float, so the bound is 1e-4 relative.
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
    void meanAbsoluteErrorGradient() {
        Rng rng = new Rng(31);
        float[] y = KernelTwinsTest.random(rng, 6);
        float[] t = KernelTwinsTest.random(rng, 6);
        float[] grad = new float[6];
        Losses.meanAbsoluteError(y, t, 2, 3, grad, 1f / 2);
        checkGradient(y, grad, x -> Losses.meanAbsoluteError(x, t, 2, 3, null, 1f) / 2);
    }

    @Test
    void huberGradientOnBothSidesOfDelta() {
        // residuals from -1.5 to 1.5 around δ = 0.5: some in the squared part, some in the absolute part
        float[] y = {-1.5f, -0.3f, 0.1f, 0.45f, 0.7f, 1.5f};
        float[] t = new float[6];
        float[] grad = new float[6];
        Losses.huber(y, t, 2, 3, grad, 1f / 2, 0.5f);
        checkGradient(y, grad, x -> Losses.huber(x, t, 2, 3, null, 1f, 0.5f) / 2);
    }

    @Test
    void labelSmoothedSoftmaxCrossEntropyGradient() {
        Rng rng = new Rng(32);
        int rows = 3;
        int k = 5;
        float[] z = KernelTwinsTest.random(rng, rows * k);
        int[] labels = {0, 4, 2};
        float[] weights = {1f, 2f, 0.5f, 1f, 3f};
        float[] grad = new float[rows * k];
        Losses.softmaxCrossEntropy(z, labels, rows, k, grad, 1f / rows, weights, 0.1f);
        checkGradient(z, grad, x -> Losses.softmaxCrossEntropy(x, labels, rows, k, null, 1f, weights, 0.1f) / rows);
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

    /**
     * ∂/∂x, ∂/∂γ and ∂/∂β of {@code Σ w·y} for fixed random {@code w}, from both twins' backward pass, against
     * finite differences of layer normalisation computed in double. Eleven columns: a full vector and a tail.
     */
    @Test
    void layerNormGradients() {
        Rng rng = new Rng(5);
        int rows = 3;
        int cols = 11;
        float eps = 1e-5f;
        float[] x = KernelTwinsTest.random(rng, rows * cols);
        float[] gamma = KernelTwinsTest.random(rng, cols);
        float[] beta = KernelTwinsTest.random(rng, cols);
        float[] w = KernelTwinsTest.random(rng, rows * cols);
        for (boolean vector : new boolean[] {false, true}) {
            for (boolean affine : new boolean[] {false, true}) {
                float[] g = affine ? gamma : null;
                float[] b = affine ? beta : null;
                float[] invStd = new float[rows];
                float[] xhat = new float[rows * cols];
                float[] y = new float[rows * cols];
                float[] delta = w.clone();
                float[] gammaGrad = affine ? new float[cols] : null;
                float[] betaGrad = affine ? new float[cols] : null;
                if (affine) {
                    // The gradients are written, not added to whatever the arrays held.
                    java.util.Arrays.fill(gammaGrad, 99f);
                    java.util.Arrays.fill(betaGrad, 99f);
                }
                if (vector) {
                    LayerNormKernels.forward(x, rows, cols, g, 0, b, 0, eps, invStd, xhat, y);
                    LayerNormKernels.backward(delta, xhat, rows, cols, g, 0, invStd, gammaGrad, 0, betaGrad, 0);
                } else {
                    ScalarLayerNorm.forward(x, rows, cols, g, 0, b, 0, eps, invStd, xhat, y);
                    ScalarLayerNorm.backward(delta, xhat, rows, cols, g, 0, invStd, gammaGrad, 0, betaGrad, 0);
                }
                double[] exact = layerNorm(x, rows, cols, g, b, eps);
                for (int k = 0; k < y.length; k++) {
                    assertEquals(exact[k], y[k], 1e-5 * Math.max(1, Math.abs(exact[k])), "y at " + k);
                }
                checkGradient(x, delta, v -> weighted(w, layerNorm(v, rows, cols, g, b, eps)));
                if (affine) {
                    checkGradient(gamma, gammaGrad, v -> weighted(w, layerNorm(x, rows, cols, v, beta, eps)));
                    checkGradient(beta, betaGrad, v -> weighted(w, layerNorm(x, rows, cols, gamma, v, eps)));
                }
            }
        }
    }

    /**
     * A residual block {@code out = x + LayerNorm(x)}: {@link Residuals#add} forms the output, and the
     * backward pass adds the skip's gradient ({@code w} itself) to the normalisation's with
     * {@link Residuals#addInto}.
     */
    @Test
    void residualBlockGradient() {
        Rng rng = new Rng(6);
        int rows = 2;
        int cols = 11;
        int n = rows * cols;
        float eps = 1e-5f;
        float[] x = KernelTwinsTest.random(rng, n);
        float[] gamma = KernelTwinsTest.random(rng, cols);
        float[] beta = KernelTwinsTest.random(rng, cols);
        float[] w = KernelTwinsTest.random(rng, n);
        float[] invStd = new float[rows];
        float[] xhat = new float[n];
        float[] y = new float[n];
        LayerNormKernels.forward(x, rows, cols, gamma, 0, beta, 0, eps, invStd, xhat, y);
        float[] out = new float[n];
        Residuals.add(x, y, out, n);
        double[] exact = layerNorm(x, rows, cols, gamma, beta, eps);
        for (int k = 0; k < n; k++) {
            assertEquals(x[k] + exact[k], out[k], 1e-5 * Math.max(1, Math.abs(x[k] + exact[k])), "out at " + k);
        }
        float[] delta = w.clone();
        LayerNormKernels.backward(delta, xhat, rows, cols, gamma, 0, invStd, null, 0, null, 0);
        Residuals.addInto(delta, w, n);
        checkGradient(x, delta, v -> {
            double[] block = layerNorm(v, rows, cols, gamma, beta, eps);
            for (int k = 0; k < n; k++) {
                block[k] += v[k];
            }
            return weighted(w, block);
        });
    }

    /** Layer normalisation of each row in double, the reference for the float kernels; null γ is 1, null β 0. */
    private static double[] layerNorm(float[] x, int rows, int cols, float[] gamma, float[] beta, double eps) {
        double[] y = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int j = 0; j < cols; j++) {
                mean += x[r * cols + j];
            }
            mean /= cols;
            double var = 0;
            for (int j = 0; j < cols; j++) {
                double d = x[r * cols + j] - mean;
                var += d * d;
            }
            double inv = 1 / Math.sqrt(var / cols + eps);
            for (int j = 0; j < cols; j++) {
                double h = (x[r * cols + j] - mean) * inv;
                y[r * cols + j] = (gamma == null ? 1 : gamma[j]) * h + (beta == null ? 0 : beta[j]);
            }
        }
        return y;
    }

    /** {@code Σ w·y}, the scalar loss whose gradient with respect to y is w. */
    private static double weighted(float[] w, double[] y) {
        double sum = 0;
        for (int k = 0; k < y.length; k++) {
            sum += w[k] * y[k];
        }
        return sum;
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
