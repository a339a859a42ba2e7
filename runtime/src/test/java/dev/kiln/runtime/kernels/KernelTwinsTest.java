package dev.kiln.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every SIMD kernel against its scalar twin, at sizes that are not multiples of the vector length.
 * Tolerances: products are compared relative to {@code Σ|a·b|}, the scale their rounding error is bounded
 * by (summation order differs between the twins); kernels that do the same float operations in the same
 * order must agree exactly; exp- and tanh-based activations use the JDK's vector math routines, which are
 * within a few ulps of {@code Math}, so they get 2e-6.
 */
class KernelTwinsTest {

    private static final int[] SIZES = {1, 7, 17, 1023};

    /**
     * Layer normalisation's x̂ and invStd, vector against scalar, relative to the scale of the terms. Each row
     * is summed lane by lane in one and left to right in the other. With 8-float vectors, the largest
     * differences measured over these tests were 5.7e-7 of invStd and 7.3e-7 of x̂'s scale (1.9e-6 in x̂,
     * 3.8e-6 in y); widths of 1000 to 2000 reach 2.1e-6 and 5.1e-6, still under the bound.
     */
    private static final double LAYER_NORM_TOLERANCE = 1e-5;

    @Test
    void vectorKernelsAreTheOnesUnderTest() {
        assertTrue(Simd.ENABLED, "tests must run with --add-modules jdk.incubator.vector, or they test only the"
                + " scalar twins");
    }

    @Test
    void gemmMatchesScalarTwinForPlainAndTransposedA() {
        Rng rng = new Rng(1);
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : new int[] {1, 7, 17, 300}) {
                    if ((long) m * n * k > 3_000_000) {
                        continue;
                    }
                    float[] a = random(rng, m * k + 3);
                    float[] b = random(rng, k * n + 5);
                    // Plain A (m × k, row-major), offsets to catch addressing mistakes.
                    checkGemm(m, n, k, a, 3, k, 1, b, 5, n);
                    // A as the transpose of a row-major (k × m) matrix.
                    checkGemm(m, n, k, a, 3, 1, m, b, 5, n);
                }
            }
        }
    }

    private static void checkGemm(int m, int n, int k, float[] a, int aOff, int rs, int cs, float[] b, int bOff,
                                  int ldb) {
        int ldc = n + 2;
        float[] expected = new float[m * ldc + 1];
        float[] actual = new float[m * ldc + 1];
        Arrays.fill(actual, 99f); // the product overwrites C; stale contents must not leak in
        Arrays.fill(expected, 99f);
        ScalarGemm.multiply(m, n, k, a, aOff, rs, cs, b, bOff, ldb, expected, 1, ldc);
        VectorGemm.multiply(m, n, k, a, aOff, rs, cs, b, bOff, ldb, actual, 1, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double scale = 0;
                for (int p = 0; p < k; p++) {
                    scale += Math.abs(a[aOff + i * rs + p * cs] * b[bOff + p * ldb + j]);
                }
                int idx = 1 + i * ldc + j;
                assertEquals(expected[idx], actual[idx], 1e-6 * scale + 1e-30,
                        "C[" + i + "][" + j + "] of " + m + "x" + n + "x" + k + " strides " + rs + "," + cs);
            }
            // Padding between rows is untouched.
            assertEquals(99f, actual[1 + i * ldc + n]);
        }
    }

    @Test
    void transposeMatchesScalarTwinAndTheDefinition() {
        Rng rng = new Rng(11);
        // Powers of two (whose rows alias in the cache), odd sizes, fewer rows than a vector, and offsets.
        int[] sizes = {1, 3, 8, 9, 64, 100, 128, 1024};
        for (int rows : sizes) {
            for (int cols : sizes) {
                if ((long) rows * cols > 200_000) {
                    continue;
                }
                float[] src = random(rng, rows * cols + 3);
                float[] expected = new float[rows * cols + 5];
                float[] actual = new float[rows * cols + 5];
                Arrays.fill(expected, 99f);
                Arrays.fill(actual, 99f);
                ScalarTranspose.transpose(src, 3, rows, cols, expected, 5, 0, rows);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        assertEquals(src[3 + i * cols + j], expected[5 + j * rows + i], "scalar, " + rows + "x" + cols);
                    }
                }
                VectorTranspose.transpose(src, 3, rows, cols, actual, 5, 0, rows);
                assertArrayEquals(expected, actual, "vector, " + rows + "x" + cols);
                Arrays.fill(actual, 99f);
                Transpose.transpose(src, 3, rows, cols, actual, 5);
                assertArrayEquals(expected, actual, "dispatched, " + rows + "x" + cols);
                // A range of source rows writes only its own columns of the destination.
                int from = rows / 3;
                int to = rows - rows / 4;
                Arrays.fill(actual, 99f);
                VectorTranspose.transpose(src, 3, rows, cols, actual, 5, from, to);
                for (int j = 0; j < cols; j++) {
                    for (int i = 0; i < rows; i++) {
                        float want = i >= from && i < to ? expected[5 + j * rows + i] : 99f;
                        assertEquals(want, actual[5 + j * rows + i], "rows " + from + " to " + to + " of " + rows
                                + "x" + cols);
                    }
                }
            }
        }
    }

    /** Activations computed with exp, log or tanh: the JDK's vector math is within a few ulps of Math. */
    private static double tolerance(ActivationFunction f) {
        return switch (f) {
            case LINEAR, RELU, LEAKY_RELU -> 0;
            default -> 4e-6;
        };
    }

    @ParameterizedTest
    @EnumSource(ActivationFunction.class)
    void epilogueMatchesScalarTwin(ActivationFunction f) {
        Rng rng = new Rng(2);
        double tol = tolerance(f);
        for (int cols : SIZES) {
            int rows = 3;
            float[] z = random(rng, rows * cols);
            float[] bias = random(rng, cols + 4);
            float[] mask = new float[rows * cols];
            DropoutMasks.fill(rng, mask, mask.length, 0.3f);
            for (boolean separateOut : new boolean[] {false, true}) {
                float[] z1 = z.clone();
                float[] z2 = z.clone();
                float[] a1 = separateOut ? new float[z.length] : z1;
                float[] a2 = separateOut ? new float[z.length] : z2;
                float[] d1 = new float[z.length];
                float[] d2 = new float[z.length];
                ScalarEpilogue.forward(f, 0.2f, z1, rows, cols, bias, 4, a1, mask, d1);
                VectorEpilogue.forward(f, 0.2f, z2, rows, cols, bias, 4, a2, mask, d2);
                // In place, z holds the activations; kept apart, it holds the exact pre-activations.
                assertClose(z1, z2, separateOut ? 0 : tol, f + " pre-activations, cols " + cols);
                assertClose(a1, a2, tol, f + " activations, cols " + cols);
                assertClose(d1, d2, tol, f + " dropout output, cols " + cols);
            }
            float[] z3 = z.clone();
            float[] z4 = z.clone();
            ScalarEpilogue.forward(f, 0.2f, z3, rows, cols, null, 0, z3, null, null);
            VectorEpilogue.forward(f, 0.2f, z4, rows, cols, null, 0, z4, null, null);
            assertClose(z3, z4, tol, f + " without bias, in place, cols " + cols);
        }
    }

    @ParameterizedTest
    @EnumSource(ActivationFunction.class)
    void activationBackwardMatchesScalarTwin(ActivationFunction f) {
        Rng rng = new Rng(3);
        for (int n : SIZES) {
            float[] a = new float[n];
            float[] z = random(rng, n);
            for (int i = 0; i < n; i++) {
                a[i] = f.apply(z[i], 0.2f);
            }
            float[] delta = random(rng, n);
            float[] mask = new float[n];
            DropoutMasks.fill(rng, mask, n, 0.5f);
            for (float[] m : new float[][] {null, mask}) {
                float[] d1 = delta.clone();
                float[] d2 = delta.clone();
                ScalarEpilogue.backward(f, 0.2f, d1, z, a, m, 0, n);
                VectorEpilogue.backward(f, 0.2f, d2, z, a, m, n);
                assertClose(d1, d2, tolerance(f), f + " backward, n " + n + (m == null ? "" : " with mask"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17, 1023})
    void columnSumsMatchScalarTwin(int cols) {
        Rng rng = new Rng(4);
        for (int rows : new int[] {1, 5, 33}) {
            float[] x = random(rng, rows * cols);
            float[] s = new float[cols + 2];
            float[] v = new float[cols + 2];
            ScalarReductions.columnSums(x, rows, cols, s, 2);
            VectorReductions.columnSums(x, rows, cols, v, 2);
            assertClose(s, v, 0, "column sums " + rows + "x" + cols);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17, 1023})
    void optimizerUpdatesMatchScalarTwins(int n) {
        Rng rng = new Rng(5);
        float[] w = random(rng, n);
        float[] g = random(rng, n);
        float[] m = random(rng, n);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.abs(m[i]);
        }
        float[] w1 = w.clone();
        float[] w2 = w.clone();
        ScalarUpdates.sgd(w1, g, n, 0.1f);
        VectorUpdates.sgd(w2, g, n, 0.1f);
        assertClose(w1, w2, 0, "sgd");
        for (boolean nesterov : new boolean[] {false, true}) {
            float[] wa = w.clone();
            float[] wb = w.clone();
            float[] va = m.clone();
            float[] vb = m.clone();
            ScalarUpdates.momentum(wa, g, va, n, 0.1f, 0.9f, nesterov);
            VectorUpdates.momentum(wb, g, vb, n, 0.1f, 0.9f, nesterov);
            assertClose(wa, wb, 0, "momentum weights, nesterov " + nesterov);
            assertClose(va, vb, 0, "momentum velocity, nesterov " + nesterov);
        }
        float[] s1 = v.clone();
        float[] s2 = v.clone();
        float[] u1 = v.clone();
        float[] u2 = v.clone();
        twin("adagrad", w, x -> ScalarUpdates.adagrad(x, g, s1, n, 0.1f, 1e-10f),
                x -> VectorUpdates.adagrad(x, g, s2, n, 0.1f, 1e-10f), s1, s2);
        twin("rmsprop", w, x -> ScalarUpdates.rmsprop(x, g, s1, n, 0.01f, 0.99f, 1e-8f),
                x -> VectorUpdates.rmsprop(x, g, s2, n, 0.01f, 0.99f, 1e-8f), s1, s2);
        twin("adadelta", w, x -> ScalarUpdates.adadelta(x, g, s1, u1, n, 1f, 0.9f, 1e-6f),
                x -> VectorUpdates.adadelta(x, g, s2, u2, n, 1f, 0.9f, 1e-6f), u1, u2);
        float[] m1 = m.clone();
        float[] m2 = m.clone();
        float[] x1 = v.clone();
        float[] x2 = v.clone();
        twin("adam", w, x -> ScalarUpdates.adam(x, g, m1, s1, null, n, 0.01f, 0.3f, 0.9f, 0.999f, 1e-8f),
                x -> VectorUpdates.adam(x, g, m2, s2, null, n, 0.01f, 0.3f, 0.9f, 0.999f, 1e-8f), m1, m2);
        twin("amsgrad", w, x -> ScalarUpdates.adam(x, g, m1, s1, x1, n, 0.01f, 0.3f, 0.9f, 0.999f, 1e-8f),
                x -> VectorUpdates.adam(x, g, m2, s2, x2, n, 0.01f, 0.3f, 0.9f, 0.999f, 1e-8f), x1, x2);
        twin("adamax", w, x -> ScalarUpdates.adamax(x, g, m1, u1, n, 0.02f, 0.9f, 0.999f, 1e-8f),
                x -> VectorUpdates.adamax(x, g, m2, u2, n, 0.02f, 0.9f, 0.999f, 1e-8f), u1, u2);
        twin("nadam", w, x -> ScalarUpdates.nadam(x, g, m1, s1, n, -0.01f, -0.02f, 0.3f, 0.9f, 0.999f, 1e-8f),
                x -> VectorUpdates.nadam(x, g, m2, s2, n, -0.01f, -0.02f, 0.3f, 0.9f, 0.999f, 1e-8f), m1, m2);
        // From index 1, so the vector loop starts unaligned and the range's end is the only bound.
        twin("scale", w, x -> ScalarUpdates.scale(x, Math.min(1, n), n, 0.99f),
                x -> VectorUpdates.scale(x, Math.min(1, n), n, 0.99f), s1, s2);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17, 1023, 5000})
    void clippingMatchesScalarTwin(int n) {
        Rng rng = new Rng(6);
        float[] g = random(rng, n + 3);
        // Float partial sums against a double sum: relative error below 1e-6 for sums of this length.
        double expected = ScalarClipping.sumOfSquares(g, 3, n + 3);
        assertEquals(expected, VectorClipping.sumOfSquares(g, 3, n + 3), 1e-6 * expected);
        float[] a = g.clone();
        float[] b = g.clone();
        ScalarClipping.clampValues(a, n, 0.5f);
        VectorClipping.clampValues(b, n, 0.5f);
        assertClose(a, b, 0, "clamp");
        for (int i = 0; i < n; i++) {
            assertTrue(Math.abs(b[i]) <= 0.5f);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17, 1023})
    void penaltiesMatchScalarTwin(int n) {
        Rng rng = new Rng(7);
        float[] w = random(rng, n + 2);
        w[2] = 0f; // sign(0) = 0
        float[] g = random(rng, n + 2);
        float[] a = g.clone();
        float[] b = g.clone();
        ScalarPenalties.addGradient(w, a, 2, n + 2, 0.01f, 0.003f);
        VectorPenalties.addGradient(w, b, 2, n + 2, 0.01f, 0.003f);
        assertClose(a, b, 0, "penalty gradient");
        assertEquals(g[2], a[2], 0f, "no L1 push at exactly 0");
        for (int rows : new int[] {1, 5, 40}) {
            float[] m = random(rng, rows * n);
            float[] m1 = m.clone();
            float[] m2 = m.clone();
            ScalarPenalties.maxNorm(m1, rows, n, 1.5f, new float[n]);
            VectorPenalties.maxNorm(m2, rows, n, 1.5f, new float[n]);
            assertClose(m1, m2, 0, "max-norm " + rows + "x" + n);
        }
    }

    @ParameterizedTest
    @CsvSource({"5, 1", "5, 7", "5, 17", "5, 1023", "64, 1023"}) // the last is shared by the worker threads
    void batchNormMatchesScalarTwin(int rows, int cols) {
        Rng rng = new Rng(8);
        float[] x = random(rng, rows * cols);
        float[] gb = random(rng, 2 * cols);
        for (boolean affine : new boolean[] {false, true}) {
            float[] g = affine ? gb : null;
            float[][] s = {new float[cols], new float[cols], new float[rows * cols], new float[rows * cols],
                new float[cols], new float[cols]};
            float[][] v = {new float[cols], new float[cols], new float[rows * cols], new float[rows * cols],
                new float[cols], new float[cols]};
            java.util.Arrays.fill(s[5], 1f);
            java.util.Arrays.fill(v[5], 1f);
            ScalarBatchNorm.forwardTraining(x, rows, cols, g, 0, g, cols, 1e-3f, s[0], s[1], s[2], s[3], s[4], s[5],
                    0.9f);
            // in two windows of columns cut anywhere, as threads share a batch: the same bits as in one
            int cut = cols / 3;
            VectorBatchNorm.forwardTraining(x, rows, cols, 0, cut, g, 0, g, cols, 1e-3f, v[0], v[1], v[2], v[3], v[4],
                    v[5], 0.9f);
            VectorBatchNorm.forwardTraining(x, rows, cols, cut, cols, g, 0, g, cols, 1e-3f, v[0], v[1], v[2], v[3],
                    v[4], v[5], 0.9f);
            for (int k = 0; k < s.length; k++) {
                assertClose(s[k], v[k], 0, "batch norm forward output " + k + ", affine " + affine);
            }
            float[] delta = random(rng, rows * cols);
            float[] d1 = delta.clone();
            float[] d2 = delta.clone();
            float[] grads1 = new float[2 * cols];
            float[] grads2 = new float[2 * cols];
            ScalarBatchNorm.backward(d1, s[2], rows, cols, g, 0, s[1], grads1, 0, grads1, cols, new float[cols],
                    new float[cols]);
            float[] sumD = new float[cols];
            float[] sumDX = new float[cols];
            VectorBatchNorm.backward(d2, v[2], rows, cols, 0, cut, g, 0, v[1], grads2, 0, grads2, cols, sumD, sumDX);
            VectorBatchNorm.backward(d2, v[2], rows, cols, cut, cols, g, 0, v[1], grads2, 0, grads2, cols, sumD,
                    sumDX);
            assertClose(d1, d2, 0, "batch norm backward");
            assertClose(grads1, grads2, 0, "batch norm γ, β gradients");
            // and through the dispatcher, which splits a large pass over the threads by ranges of columns
            float[][] w = {new float[cols], new float[cols], new float[rows * cols], new float[rows * cols],
                new float[cols], new float[cols]};
            java.util.Arrays.fill(w[5], 1f);
            BatchNormKernels.forwardTraining(x, rows, cols, g, 0, g, cols, 1e-3f, w[0], w[1], w[2], w[3], w[4], w[5],
                    0.9f);
            for (int k = 0; k < s.length; k++) {
                assertClose(s[k], w[k], 0, "dispatched batch norm forward output " + k + ", affine " + affine);
            }
            float[] d3 = delta.clone();
            float[] grads3 = new float[2 * cols];
            BatchNormKernels.backward(d3, w[2], rows, cols, g, 0, w[1], grads3, 0, grads3, cols, new float[cols],
                    new float[cols]);
            assertClose(d1, d3, 0, "dispatched batch norm backward");
            assertClose(grads1, grads3, 0, "dispatched batch norm γ, β gradients");
            float[] y1 = new float[rows * cols];
            float[] y2 = new float[rows * cols];
            BatchNormKernels.forwardInference(x, rows, cols, g, 0, g, cols, 1e-3f, s[4], s[5], new float[cols],
                    new float[cols], y1);
            float[] scale = new float[cols];
            float[] shift = new float[cols];
            ScalarBatchNorm.foldedScaleShift(cols, g, 0, g, cols, 1e-3f, s[4], s[5], scale, shift);
            ScalarBatchNorm.affine(x, rows, cols, scale, shift, y2, 0);
            assertClose(y2, y1, 0, "batch norm inference");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 16, 33, 100, 1023})
    void layerNormMatchesScalarTwin(int cols) {
        Rng rng = new Rng(12);
        for (int rows : new int[] {1, 4}) {
            // An offset far larger than the spread is where a one-pass variance would cancel.
            for (float offset : new float[] {0f, 100f}) {
                checkLayerNorm(rng, rows, cols, offset);
            }
        }
    }

    @Test
    void layerNormMatchesScalarTwinAtRandomSizes() {
        Rng rng = new Rng(13);
        for (int t = 0; t < 60; t++) {
            checkLayerNorm(rng, 1 + rng.nextInt(9), 1 + rng.nextInt(300), t % 3 == 0 ? 3f : 0f);
        }
    }

    /**
     * Both twins on one random batch, for each of γ and β present or absent (at offsets, to catch addressing
     * mistakes). The forward statistics are summed in a different order by each twin, so x̂ and invStd agree
     * within {@link #LAYER_NORM_TOLERANCE}; y must be exactly {@code γ·x̂ + β} of the vector kernel's own x̂.
     * The backward pass gets the same x̂ and invStd for both, so its γ and β gradients, summed over rows in the
     * same order, agree exactly, and ∂L/∂x differs only by the order of the two row sums.
     */
    private static void checkLayerNorm(Rng rng, int rows, int cols, float offset) {
        float[] x = random(rng, rows * cols);
        for (int i = 0; i < x.length; i++) {
            x[i] += offset;
        }
        float[] params = random(rng, 2 * cols + 3);
        float[] delta = random(rng, rows * cols);
        for (int variant = 0; variant < 4; variant++) {
            float[] gamma = (variant & 1) != 0 ? params : null;
            float[] beta = (variant & 2) != 0 ? params : null;
            String what = rows + "x" + cols + ", offset " + offset + (gamma == null ? ", no γ" : "")
                    + (beta == null ? ", no β" : "");
            float[][] s = {new float[rows + 1], new float[rows * cols], new float[rows * cols]};
            float[][] v = {new float[rows + 1], new float[rows * cols], new float[rows * cols]};
            s[0][rows] = 99f; // invStd past the rows is untouched
            v[0][rows] = 99f;
            ScalarLayerNorm.forward(x, rows, cols, gamma, 1, beta, cols + 3, 1e-5f, s[0], s[1], s[2]);
            VectorLayerNorm.forward(x, rows, cols, gamma, 1, beta, cols + 3, 1e-5f, v[0], v[1], v[2]);
            assertEquals(99f, v[0][rows], what);
            for (int r = 0; r < rows; r++) {
                assertEquals(s[0][r], v[0][r], LAYER_NORM_TOLERANCE * s[0][r], what + ": invStd of row " + r);
                for (int j = 0; j < cols; j++) {
                    int k = r * cols + j;
                    // x̂'s rounding is bounded by the size of x and μ (about x) in units of σ, not by x̂ alone.
                    double scale = Math.max(1, Math.abs(s[1][k])) + Math.abs(x[k]) * s[0][r];
                    assertEquals(s[1][k], v[1][k], LAYER_NORM_TOLERANCE * scale, what + ": x̂ at " + r + "," + j);
                    float h = v[1][k];
                    float y = gamma == null ? h : gamma[1 + j] * h;
                    y = beta == null ? y : y + beta[cols + 3 + j];
                    assertEquals(y, v[2][k], 0f, what + ": y at " + r + "," + j);
                }
            }
            float[] d1 = delta.clone();
            float[] d2 = delta.clone();
            float[] grads1 = new float[2 * cols + 2];
            float[] grads2 = new float[2 * cols + 2];
            Arrays.fill(grads1, 99f); // the gradients are written, not added to
            Arrays.fill(grads2, 99f);
            float[] gammaGrad1 = gamma == null ? null : grads1;
            float[] gammaGrad2 = gamma == null ? null : grads2;
            float[] betaGrad1 = beta == null ? null : grads1;
            float[] betaGrad2 = beta == null ? null : grads2;
            ScalarLayerNorm.backward(d1, s[1], rows, cols, gamma, 1, s[0], gammaGrad1, 1, betaGrad1, cols + 1);
            VectorLayerNorm.backward(d2, s[1], rows, cols, gamma, 1, s[0], gammaGrad2, 1, betaGrad2, cols + 1);
            assertClose(grads1, grads2, 0, what + ": γ, β gradients");
            assertEquals(99f, grads2[0], what);
            assertEquals(99f, grads2[2 * cols + 1], what);
            for (int r = 0; r < rows; r++) {
                int row = r * cols;
                float c = s[0][r] / cols;
                double sumG = 0;
                double sumGX = 0;
                for (int j = 0; j < cols; j++) {
                    double g = Math.abs(delta[row + j] * (gamma == null ? 1f : gamma[1 + j]));
                    sumG += g;
                    sumGX += g * Math.abs(s[1][row + j]);
                }
                for (int j = 0; j < cols; j++) {
                    int k = row + j;
                    double g = Math.abs(delta[k] * (gamma == null ? 1f : gamma[1 + j]));
                    // The product rule's terms bound the rounding, as Σ|a·b| does for a product.
                    double scale = c * (cols * g + sumG + Math.abs(s[1][k]) * sumGX);
                    assertEquals(d1[k], d2[k], 1e-6 * scale + 1e-30, what + ": ∂L/∂x at " + r + "," + j);
                }
            }
            // The entry point dispatches to the vector kernel.
            float[][] e = {new float[rows + 1], new float[rows * cols], new float[rows * cols]};
            e[0][rows] = 99f;
            LayerNormKernels.forward(x, rows, cols, gamma, 1, beta, cols + 3, 1e-5f, e[0], e[1], e[2]);
            for (int k = 0; k < 3; k++) {
                assertClose(v[k], e[k], 0, what + ": LayerNormKernels.forward output " + k);
            }
            float[] d3 = delta.clone();
            float[] grads3 = grads2.clone();
            LayerNormKernels.backward(d3, s[1], rows, cols, gamma, 1, s[0], gammaGrad2 == null ? null : grads3, 1,
                    betaGrad2 == null ? null : grads3, cols + 1);
            assertClose(d2, d3, 0, what + ": LayerNormKernels.backward");
            assertClose(grads2, grads3, 0, what + ": LayerNormKernels.backward gradients");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 16, 33, 100})
    void layerNormOfAConstantRowIsZeroNotNaN(int cols) {
        float[] constants = {0f, 0.1f, -3.7f, 1e4f, 1e-30f};
        int rows = constants.length + 1;
        float[] x = random(new Rng(14), rows * cols);
        for (int r = 0; r < constants.length; r++) {
            Arrays.fill(x, r * cols, (r + 1) * cols, constants[r]);
        }
        float[] params = random(new Rng(15), 2 * cols);
        float eps = 1e-5f;
        float[] delta = random(new Rng(16), rows * cols);
        for (boolean vector : new boolean[] {false, true}) {
            float[] invStd = new float[rows];
            float[] xhat = new float[rows * cols];
            float[] y = new float[rows * cols];
            if (vector) {
                VectorLayerNorm.forward(x, rows, cols, params, 0, params, cols, eps, invStd, xhat, y);
            } else {
                ScalarLayerNorm.forward(x, rows, cols, params, 0, params, cols, eps, invStd, xhat, y);
            }
            for (int r = 0; r < constants.length; r++) {
                // σ² = 0 exactly, so invStd is 1/sqrt(ε), finite because ε > 0.
                assertEquals(1f / (float) Math.sqrt(eps), invStd[r], 0f, "invStd of constant " + constants[r]);
                for (int j = 0; j < cols; j++) {
                    int k = r * cols + j;
                    assertEquals(0f, xhat[k], 0f, "x̂ of constant " + constants[r] + ", vector " + vector);
                    assertEquals(params[cols + j], y[k], 0f, "y of constant " + constants[r] + " is β");
                }
            }
            float[] d = delta.clone();
            float[] grads = new float[2 * cols];
            if (vector) {
                VectorLayerNorm.backward(d, xhat, rows, cols, params, 0, invStd, grads, 0, grads, cols);
            } else {
                ScalarLayerNorm.backward(d, xhat, rows, cols, params, 0, invStd, grads, 0, grads, cols);
            }
            assertTrue(ScalarChecks.allFinite(d, 0, d.length), "∂L/∂x finite, vector " + vector);
            assertTrue(ScalarChecks.allFinite(grads, 0, grads.length), "γ, β gradients finite, vector " + vector);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 16, 33, 100, 1023})
    void residualAddsMatchScalarTwin(int n) {
        Rng rng = new Rng(17);
        float[] a = random(rng, n + 1);
        float[] b = random(rng, n + 1);
        a[n] = 99f; // past count: untouched
        float[] expected = new float[n + 1];
        ScalarResiduals.add(a, b, expected, n);
        for (int i = 0; i < n; i++) {
            assertEquals(a[i] + b[i], expected[i], 0f);
        }
        assertEquals(0f, expected[n]);
        float[] out = new float[n + 1];
        VectorResiduals.add(a, b, out, n);
        assertClose(expected, out, 0, "add into a third array, n " + n);
        float[] intoA = a.clone();
        VectorResiduals.add(intoA, b, intoA, n);
        expected[n] = 99f;
        assertClose(expected, intoA, 0, "add into a, n " + n);
        float[] intoB = b.clone();
        VectorResiduals.add(a, intoB, intoB, n);
        expected[n] = b[n];
        assertClose(expected, intoB, 0, "add into b, n " + n);
        float[] target1 = a.clone();
        float[] target2 = a.clone();
        float[] target3 = a.clone();
        ScalarResiduals.addInto(target1, b, n);
        VectorResiduals.addInto(target2, b, n);
        Residuals.addInto(target3, b, n);
        expected[n] = 99f;
        assertClose(expected, target1, 0, "scalar addInto, n " + n);
        assertClose(expected, target2, 0, "vector addInto, n " + n);
        assertClose(expected, target3, 0, "Residuals.addInto, n " + n);
        float[] viaFacade = a.clone();
        Residuals.add(viaFacade, b, viaFacade, n);
        assertClose(expected, viaFacade, 0, "Residuals.add, n " + n);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17, 1023})
    void finiteCheckMatchesScalarTwin(int n) {
        float[] x = random(new Rng(9), n);
        assertTrue(VectorChecks.allFinite(x, 0, n) && ScalarChecks.allFinite(x, 0, n));
        x[0] = Float.MAX_VALUE; // large but finite
        assertTrue(VectorChecks.allFinite(x, 0, n));
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            for (int at : new int[] {0, n / 2, n - 1}) {
                float[] y = x.clone();
                y[at] = bad;
                assertEquals(false, VectorChecks.allFinite(y, 0, n), bad + " at " + at + " of " + n);
                assertEquals(false, ScalarChecks.allFinite(y, 0, n));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {65_536, 200_003})
    void finiteCheckSplitOverThePoolFindsABadValueInEveryPart(int n) {
        float[] x = random(new Rng(10), n);
        assertTrue(Checks.allFinite(x, n));
        for (int at : new int[] {0, n / 2 - 1, n / 2 + 1, n - 1}) {
            float[] y = x.clone();
            y[at] = Float.NaN;
            assertEquals(false, Checks.allFinite(y, n), "NaN at " + at + " of " + n);
            // A value past count is not looked at.
            assertTrue(Checks.allFinite(y, at));
        }
        // The job is reused: a failure does not stick to the next call.
        assertTrue(Checks.allFinite(x, n));
    }

    /** The scalar mask compares integers; it must drop exactly the entries the float comparison drops. */
    @ParameterizedTest
    @ValueSource(floats = {0f, 0x1.0p-24f, 0x1.8p-24f, 0.1f, 0.25f, 0.3f, 0.5f, 0.7f, 0.9999999f})
    void dropoutMaskDropsExactlyTheUniformsBelowTheRate(float rate) {
        float keep = 1f / (1f - rate);
        int n = 200_001;
        int draws = (n + 1) / 2;
        long start = new Rng(17).reserve(draws);
        float[] mask = new float[n];
        ScalarDropoutMasks.fill(start, mask, n, rate, keep, 0, draws);
        for (int j = 0; j < draws; j++) {
            long bits = Rng.draw(start, j);
            assertEquals(((bits >>> 40) * 0x1.0p-24f) < rate ? 0f : keep, mask[2 * j], "entry " + 2 * j);
            if (2 * j + 1 < n) {
                assertEquals(((bits & 0xFFFFFFL) * 0x1.0p-24f) < rate ? 0f : keep, mask[2 * j + 1], "entry " + (2 * j + 1));
            }
        }
        // Uniforms right at the threshold, n·2⁻²⁴ for n around rate·2²⁴, against the float comparison.
        long below = ScalarDropoutMasks.threshold(rate);
        for (long u = Math.max(0, below - 2); u <= Math.min(0xFFFFFF, below + 2); u++) {
            assertEquals((u * 0x1.0p-24f) < rate ? 0f : keep,
                    ScalarDropoutMasks.entry(u, below, Float.floatToRawIntBits(keep)), "uniform " + u + ", rate " + rate);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 15, 16, 17, 31, 32, 33, 1023, 40_001})
    void dropoutMaskMatchesScalarTwinAndTheSequentialDraws(int n) {
        float rate = 0.3f;
        float keep = 1f / (1f - rate);
        // The definition: consecutive draws of the generator, two entries per draw.
        Rng sequential = new Rng(11);
        float[] expected = new float[n];
        for (int i = 0; i < n; i += 2) {
            long bits = sequential.nextLong();
            expected[i] = ((bits >>> 40) * 0x1.0p-24f) < rate ? 0f : keep;
            if (i + 1 < n) {
                expected[i + 1] = ((bits & 0xFFFFFFL) * 0x1.0p-24f) < rate ? 0f : keep;
            }
        }
        int draws = (n + 1) / 2;
        long start = new Rng(11).reserve(draws);
        float[] scalar = new float[n];
        ScalarDropoutMasks.fill(start, scalar, n, rate, keep, 0, draws);
        assertArrayEquals(expected, scalar, "scalar, n " + n);
        float[] vector = new float[n];
        VectorDropoutMasks.fill(start, vector, n, rate, keep, 0, draws);
        assertArrayEquals(expected, vector, "vector, n " + n);
        // Any sub-range of draws writes exactly its entries.
        Rng pick = new Rng(n);
        for (int t = 0; t < 20; t++) {
            int from = pick.nextInt(draws);
            int to = from + pick.nextInt(draws - from + 1);
            float[] part = new float[n];
            VectorDropoutMasks.fill(start, part, n, rate, keep, from, to);
            for (int i = 0; i < n; i++) {
                float want = i >= 2 * from && i < 2 * to ? expected[i] : 0f;
                assertEquals(want, part[i], "draws [" + from + ", " + to + "), entry " + i + " of " + n);
            }
        }
        // The dispatching entry point gives the same mask and leaves the generator where the draws end.
        Rng viaKernel = new Rng(11);
        float[] dispatched = new float[n];
        DropoutMasks.fill(viaKernel, dispatched, n, rate);
        assertArrayEquals(expected, dispatched, "DropoutMasks.fill, n " + n);
        assertEquals(sequential.nextLong(), viaKernel.nextLong());
    }

    /** Runs a scalar and a vector update on copies of {@code w}; weights and one state array must agree exactly. */
    private static void twin(String what, float[] w, java.util.function.Consumer<float[]> scalar,
                             java.util.function.Consumer<float[]> vector, float[] state1, float[] state2) {
        float[] w1 = w.clone();
        float[] w2 = w.clone();
        scalar.accept(w1);
        vector.accept(w2);
        assertClose(w1, w2, 0, what + " weights");
        assertClose(state1, state2, 0, what + " state");
    }

    static float[] random(Rng rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    private static void assertClose(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Float.isFinite(expected[i]), what + " at " + i + " is not finite: the inputs are wrong");
            if (tol == 0) {
                assertEquals(expected[i], actual[i], 0f, what + " at " + i); // -0 and 0 count as equal
            } else {
                assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), what + " at " + i);
            }
        }
    }
}
