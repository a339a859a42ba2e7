package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.BatchNormLayer;
import dev.kiln.runtime.DenseLayer;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.Rng;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.FitOptions;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Batch normalisation through generated models: gradients in training mode (batch statistics) against a
 * double-precision reference with central differences, running statistics after several steps against a
 * hand computation, and inference with the running statistics.
 */
class BatchNormTest {

    private static final double H = 1e-5;

    /** One operation of the reference network, on a whole batch (batch normalisation needs all rows). */
    interface Op {
        double[][] apply(double[][] x, boolean batchStatistics);
    }

    record DenseOp(double[] w, double[] b, int in, int out) implements Op {
        public double[][] apply(double[][] x, boolean batchStatistics) {
            double[][] y = new double[x.length][out];
            for (int r = 0; r < x.length; r++) {
                for (int o = 0; o < out; o++) {
                    double s = b == null ? 0 : b[o];
                    for (int i = 0; i < in; i++) {
                        s += x[r][i] * w[i * out + o];
                    }
                    y[r][o] = s;
                }
            }
            return y;
        }
    }

    /** γ, β (null when off), ε, and the running statistics used without batch statistics. */
    record NormOp(double[] gamma, double[] beta, double eps, double[] runMean, double[] runVar) implements Op {
        public double[][] apply(double[][] x, boolean batchStatistics) {
            int n = x.length;
            int w = x[0].length;
            double[][] y = new double[n][w];
            for (int j = 0; j < w; j++) {
                double mean = 0;
                double var = 0;
                if (batchStatistics) {
                    for (double[] row : x) {
                        mean += row[j];
                    }
                    mean /= n;
                    for (double[] row : x) {
                        var += (row[j] - mean) * (row[j] - mean);
                    }
                    var /= n;
                } else {
                    mean = runMean[j];
                    var = runVar[j];
                }
                for (int r = 0; r < n; r++) {
                    double h = (x[r][j] - mean) / Math.sqrt(var + eps);
                    y[r][j] = (gamma == null ? h : gamma[j] * h) + (beta == null ? 0 : beta[j]);
                }
            }
            return y;
        }
    }

    record ActOp(DoubleUnaryOperator f) implements Op {
        public double[][] apply(double[][] x, boolean batchStatistics) {
            double[][] y = new double[x.length][x[0].length];
            for (int r = 0; r < x.length; r++) {
                for (int j = 0; j < x[0].length; j++) {
                    y[r][j] = f.applyAsDouble(x[r][j]);
                }
            }
            return y;
        }
    }

    static double[] copy(Parameter p) {
        if (p == null) {
            return null;
        }
        double[] d = new double[p.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = p.values()[p.offset() + i];
        }
        return d;
    }

    static double[] copy(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    static DenseOp dense(DenseLayer d) {
        return new DenseOp(copy(d.weights()), copy(d.bias()), d.inputWidth(), d.outputWidth());
    }

    static NormOp norm(BatchNormLayer b, double eps) {
        return new NormOp(copy(b.gamma()), copy(b.beta()), eps, copy(b.runningMean()), copy(b.runningVar()));
    }

    static double[][] rows(Dataset d) {
        double[][] x = new double[d.rows()][d.width()];
        for (int r = 0; r < d.rows(); r++) {
            for (int j = 0; j < d.width(); j++) {
                x[r][j] = d.features()[r * d.width() + j];
            }
        }
        return x;
    }

    static double[][] forward(List<Op> ops, double[][] x, boolean batchStatistics) {
        for (Op op : ops) {
            x = op.apply(x, batchStatistics);
        }
        return x;
    }

    static double softmaxCe(double[][] z, int[] labels) {
        double total = 0;
        for (int r = 0; r < z.length; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z[r]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : z[r]) {
                sum += Math.exp(v - max);
            }
            total += Math.log(sum) + max - z[r][labels[r]];
        }
        return total / z.length;
    }

    static double mse(double[][] y, float[] t) {
        double total = 0;
        int k = y[0].length;
        for (int r = 0; r < y.length; r++) {
            for (int o = 0; o < k; o++) {
                double d = y[r][o] - t[r * k + o];
                total += d * d / k;
            }
        }
        return total / y.length;
    }

    interface Loss {
        double of(List<Op> ops);
    }

    /** Central differences of {@code loss} for every value of {@code values} against the model's gradients. */
    static int check(List<Op> ops, Loss loss, double[] values, Parameter p) {
        for (int i = 0; i < values.length; i++) {
            double saved = values[i];
            values[i] = saved + H;
            double up = loss.of(ops);
            values[i] = saved - H;
            double down = loss.of(ops);
            values[i] = saved;
            double numeric = (up - down) / (2 * H);
            float analytic = p.gradients()[p.offset() + i];
            assertEquals(numeric, analytic, 1e-4 + 1e-3 * Math.abs(numeric), p.name() + "[" + i + "]");
        }
        return values.length;
    }

    static Dataset features(int rows, int width, long seed, int classes, int targets) {
        Rng rng = new Rng(seed);
        float[] x = new float[rows * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextGaussian() * 2 + 0.5);
        }
        if (classes > 0) {
            int[] y = new int[rows];
            for (int i = 0; i < rows; i++) {
                y[i] = rng.nextInt(classes);
            }
            return Dataset.ofClasses(x, width, y);
        }
        float[] t = new float[rows * targets];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) rng.nextGaussian();
        }
        return Dataset.ofTargets(x, width, t, targets);
    }

    @Test
    void gradientsBeforeActivationInTrainingMode() {
        var model = new TestModels_NormBeforeModel();
        Dataset batch = features(7, 4, 1, 3, 0);
        double loss = model.computeGradients(batch);
        BatchNormLayer bn = (BatchNormLayer) model.bn1;
        DenseOp d1 = dense((DenseLayer) model.dense1);
        NormOp n1 = norm(bn, 1e-3);
        DenseOp out = dense((DenseLayer) model.out);
        List<Op> ops = List.of(d1, n1, new ActOp(z -> Math.max(0, z)), out);
        double[][] x = rows(batch);
        Loss ce = o -> softmaxCe(forward(o, x, true), batch.labels());
        assertEquals(ce.of(ops), loss, 1e-5, "forward with batch statistics");
        int checked = check(ops, ce, d1.w(), ((DenseLayer) model.dense1).weights())
                + check(ops, ce, n1.gamma(), bn.gamma()) + check(ops, ce, n1.beta(), bn.beta())
                + check(ops, ce, out.w(), ((DenseLayer) model.out).weights());
        assertEquals(20 + 5 + 5 + 15, checked);
        // The bias before a normalisation cancels: its gradient is zero up to rounding.
        Parameter b1 = ((DenseLayer) model.dense1).bias();
        for (int j = 0; j < 5; j++) {
            assertEquals(0, b1.gradient(0, j), 1e-6);
        }
    }

    @Test
    void gradientsAfterActivationWithoutScaleOrShift() {
        var model = new TestModels_NormAfterModel();
        Dataset batch = features(6, 3, 2, 0, 2);
        double loss = model.computeGradients(batch);
        BatchNormLayer bn1 = (BatchNormLayer) model.bn1;
        BatchNormLayer bn2 = (BatchNormLayer) model.bn2;
        DenseOp d1 = dense((DenseLayer) model.dense1);
        NormOp n1 = norm(bn1, 0.01);
        DenseOp d2 = dense((DenseLayer) model.dense2);
        NormOp n2 = norm(bn2, 1e-3);
        DenseOp out = dense((DenseLayer) model.out);
        List<Op> ops = List.of(d1, new ActOp(Math::tanh), n1, d2, n2,
                new ActOp(z -> 0.5 * z * (1 + GeneratedGradientTest.erf(z / Math.sqrt(2)))), out);
        double[][] x = rows(batch);
        Loss l = o -> mse(forward(o, x, true), batch.targets());
        assertEquals(l.of(ops), loss, 1e-5, "forward with batch statistics");
        assertEquals(null, bn1.beta(), "center = false");
        assertEquals(null, bn2.gamma(), "scale = false");
        int checked = check(ops, l, d1.w(), ((DenseLayer) model.dense1).weights())
                + check(ops, l, n1.gamma(), bn1.gamma()) + check(ops, l, d2.w(), ((DenseLayer) model.dense2).weights())
                + check(ops, l, n2.beta(), bn2.beta()) + check(ops, l, out.w(), ((DenseLayer) model.out).weights());
        assertEquals(12 + 4 + 12 + 3 + 6, checked);
    }

    /** PReLU with one slope per unit, read live from the slope parameter. */
    record PreluOp(double[] slopes) implements Op {
        public double[][] apply(double[][] x, boolean batchStatistics) {
            double[][] y = new double[x.length][x[0].length];
            for (int r = 0; r < x.length; r++) {
                for (int j = 0; j < x[0].length; j++) {
                    y[r][j] = x[r][j] > 0 ? x[r][j] : slopes[j] * x[r][j];
                }
            }
            return y;
        }
    }

    @Test
    void preluSlopesAndRreluAtItsMeanSlope() {
        var model = new TestModels_ParametricModel();
        Dataset batch = features(6, 4, 5, 3, 0);
        double loss = model.computeGradients(batch);
        List<Parameter> params = model.parameters();
        Parameter slope1 = params.stream().filter(p -> p.name().equals("prelu.slope")).findFirst().orElseThrow();
        Parameter slope2 = params.stream().filter(p -> p.name().equals("prelu2.slope")).findFirst().orElseThrow();
        assertEquals(0.25f, slope1.get(0, 0), "PReLU slopes start at 0.25");
        DenseOp d1 = dense((DenseLayer) model.prelu);
        PreluOp p1 = new PreluOp(copy(slope1));
        DenseOp d2 = dense((DenseLayer) model.dense2);
        DenseOp d3 = dense((DenseLayer) model.dense3);
        PreluOp p2 = new PreluOp(copy(slope2));
        DenseOp out = dense((DenseLayer) model.out);
        // Outside training, RReLU is a leaky ReLU with the mean slope (1/8 + 1/3)/2 = 11/48.
        double mean = 11.0 / 48.0;
        List<Op> ops = List.of(d1, p1, d2, new ActOp(z -> z > 0 ? z : mean * z), d3, p2, out);
        double[][] x = rows(batch);
        Loss ce = o -> softmaxCe(forward(o, x, true), batch.labels());
        assertEquals(ce.of(ops), loss, 1e-5);
        int checked = check(ops, ce, d1.w(), ((DenseLayer) model.prelu).weights()) + check(ops, ce, p1.slopes(), slope1)
                + check(ops, ce, d2.w(), ((DenseLayer) model.dense2).weights())
                + check(ops, ce, p2.slopes(), slope2) + check(ops, ce, out.w(), ((DenseLayer) model.out).weights());
        assertEquals(20 + 5 + 20 + 4 + 12, checked);
        // The slopes are learned, and predictions are deterministic at inference.
        model.fit(features(16, 4, 6, 3, 0), FitOptions.defaults().withVerbose(false).withEpochs(5).withBatchSize(8));
        assertTrue(slope1.get(0, 0) != 0.25f, "PReLU slopes moved");
        float[] row = {0.1f, -0.2f, 0.3f, -0.4f};
        org.junit.jupiter.api.Assertions.assertArrayEquals(model.predict(row), model.predict(row));
    }

    @Test
    void runningStatisticsAfterStepsMatchAHandComputation() {
        var model = new TestModels_NormBeforeModel();
        BatchNormLayer bn = (BatchNormLayer) model.bn1;
        Dataset data = features(12, 4, 3, 3, 0);
        // A rate too small to change a weight: the dense outputs stay as computed here.
        DenseOp d1 = dense((DenseLayer) model.dense1);
        double[] mean = new double[5];
        double[] var = {1, 1, 1, 1, 1, 1};
        model.fit(data, FitOptions.defaults().withVerbose(false).withShuffle(false).withBatchSize(4).withEpochs(1)
                .withLearningRate(1e-30));
        double[][] all = d1.apply(rows(data), true);
        for (int step = 0; step < 3; step++) {
            for (int j = 0; j < 5; j++) {
                double m = 0;
                for (int r = 0; r < 4; r++) {
                    m += all[step * 4 + r][j];
                }
                m /= 4;
                double v = 0;
                for (int r = 0; r < 4; r++) {
                    v += (all[step * 4 + r][j] - m) * (all[step * 4 + r][j] - m);
                }
                v /= 4;
                // Keras's convention: 0.9 of the old value, 0.1 of the batch's (biased) statistic.
                mean[j] = 0.9 * mean[j] + 0.1 * m;
                var[j] = 0.9 * var[j] + 0.1 * v;
            }
        }
        for (int j = 0; j < 5; j++) {
            assertEquals(mean[j], bn.runningMean()[j], 1e-5, "running mean " + j);
            assertEquals(var[j], bn.runningVar()[j], 1e-5 * Math.max(1, var[j]), "running variance " + j);
        }
        assertTrue(Math.abs(bn.runningMean()[0]) > 1e-3, "the statistics moved");
    }

    @Test
    void inferenceUsesRunningStatisticsAndTrainingUsesBatchStatistics() {
        var model = new TestModels_NormBeforeModel();
        Dataset data = features(16, 4, 4, 3, 0);
        model.fit(data, FitOptions.defaults().withVerbose(false).withEpochs(3).withBatchSize(8));
        BatchNormLayer bn = (BatchNormLayer) model.bn1;
        List<Op> ops = List.of(dense((DenseLayer) model.dense1), norm(bn, 1e-3), new ActOp(z -> Math.max(0, z)),
                dense((DenseLayer) model.out));
        double[][] x = rows(data);
        double[][] inference = forward(ops, x, false);
        double[][] batch = forward(ops, x, true);
        float[][] predicted = model.predict(toFloat(x));
        double difference = 0;
        for (int r = 0; r < x.length; r++) {
            double[] p = softmax(inference[r]);
            double[] q = softmax(batch[r]);
            for (int k = 0; k < 3; k++) {
                assertEquals(p[k], predicted[r][k], 1e-5, "row " + r);
                difference = Math.max(difference, Math.abs(p[k] - q[k]));
            }
        }
        assertTrue(difference > 1e-3, "running and batch statistics differ after three epochs");
        // evaluate() is the inference pass too.
        assertEquals(softmaxCe(inference, data.labels()), model.evaluate(data).loss(), 1e-5);
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static float[][] toFloat(double[][] x) {
        float[][] f = new float[x.length][x[0].length];
        for (int r = 0; r < x.length; r++) {
            for (int j = 0; j < x[0].length; j++) {
                f[r][j] = (float) x[r][j];
            }
        }
        return f;
    }
}
