package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.DenseLayer;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.Rng;
import dev.kiln.runtime.data.Dataset;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Checks each generated model's backward pass against central finite differences of a double-precision
 * reference forward pass written independently here. The reference reads the model's weights, so any
 * mistake in the generated forward, loss or backward shows up as a mismatch. Bound: 1e-4 absolute plus
 * 1e-3 relative, far above float rounding (~1e-6 here) and far below any real error.
 */
class GeneratedGradientTest {

    private static final double H = 1e-5;

    private static final double SELU_L = 1.0507009873554804934193349852946;
    private static final double SELU_A = 1.6732632423543772848170429916717;

    /** Activations written out in double, independently of the runtime's. */
    enum Act {
        LINEAR(z -> z), RELU(z -> Math.max(0, z)), SIGMOID(z -> 1 / (1 + Math.exp(-z))), TANH(Math::tanh),
        SOFTMAX(z -> z), LEAKY_01(z -> z > 0 ? z : 0.1 * z), ELU_07(z -> z > 0 ? z : 0.7 * Math.expm1(z)),
        SELU(z -> SELU_L * (z > 0 ? z : SELU_A * Math.expm1(z))), SOFTPLUS(z -> Math.log1p(Math.exp(z))),
        GELU(z -> 0.5 * z * (1 + erf(z / Math.sqrt(2)))), SILU(z -> z / (1 + Math.exp(-z))),
        ELU_1(z -> z > 0 ? z : Math.expm1(z));

        final DoubleUnaryOperator f;

        Act(DoubleUnaryOperator f) {
            this.f = f;
        }
    }

    /** erf by its Maclaurin series, accurate to about 1e-15 for the |x| below 3 these tests reach. */
    static double erf(double x) {
        if (Math.abs(x) > 3) {
            return Math.signum(x) * (1 - Math.exp(-x * x) / (Math.abs(x) * Math.sqrt(Math.PI)));
        }
        double sum = 0;
        double term = x;
        for (int n = 0; n < 100; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    enum LossKind { SOFTMAX_CE, BCE, MSE }

    /** A dense layer of the reference, holding double copies of the model's weights, and its penalties. */
    record RefLayer(double[] w, double[] b, int in, int out, Act act, double l1, double l2, boolean biasToo) {

        RefLayer(double[] w, double[] b, int in, int out, Act act) {
            this(w, b, in, out, act, 0, 0, false);
        }

        double penalty() {
            double p = 0;
            for (double v : w) {
                p += l1 * Math.abs(v) + l2 * v * v;
            }
            if (biasToo && b != null) {
                for (double v : b) {
                    p += l1 * Math.abs(v) + l2 * v * v;
                }
            }
            return p;
        }
    }

    @Test
    void classifierWithEveryHiddenActivationAndDropout() {
        var model = new TestModels_ClassifierModel();
        Dataset batch = classes(model.inputWidth(), 9, 3, 11);
        check(model.computeGradients(batch), model.parameters(), batch, LossKind.SOFTMAX_CE,
                List.of((DenseLayer) model.first, (DenseLayer) model.second, (DenseLayer) model.third,
                        (DenseLayer) model.out),
                List.of(Act.TANH, Act.SIGMOID, Act.RELU, Act.SOFTMAX));
    }

    @Test
    void regressorWithoutBiasAndSigmoidOutput() {
        var model = new TestModels_RegressorModel();
        Dataset batch = targets(3, 7, 2, 12);
        check(model.computeGradients(batch), model.parameters(), batch, LossKind.MSE,
                List.of((DenseLayer) model.hidden, (DenseLayer) model.out), List.of(Act.RELU, Act.SIGMOID));
    }

    @Test
    void binaryCrossEntropyFromLogits() {
        var model = new TestModels_BinaryModel();
        Dataset batch = targets(4, 6, 2, 13);
        for (int i = 0; i < batch.targets().length; i++) {
            batch.targets()[i] = batch.targets()[i] > 0 ? 1 : 0;
        }
        check(model.computeGradients(batch), model.parameters(), batch, LossKind.BCE,
                List.of((DenseLayer) model.hidden, (DenseLayer) model.out), List.of(Act.TANH, Act.SIGMOID));
    }

    @Test
    void deepModelMixingEveryActivation() {
        var model = new TestModels_DeepMixModel();
        Dataset batch = classes(4, 8, 3, 15);
        check(model.computeGradients(batch), model.parameters(), batch, LossKind.SOFTMAX_CE,
                List.of((DenseLayer) model.leaky, (DenseLayer) model.elu, (DenseLayer) model.selu,
                        (DenseLayer) model.softplus, (DenseLayer) model.gelu, (DenseLayer) model.silu,
                        (DenseLayer) model.out),
                List.of(Act.LEAKY_01, Act.ELU_07, Act.SELU, Act.SOFTPLUS, Act.GELU, Act.SILU, Act.SOFTMAX));
    }

    @Test
    void geluOutputWithSquaredError() {
        var model = new TestModels_GeluOutputModel();
        Dataset batch = targets(3, 7, 2, 16);
        check(model.computeGradients(batch), model.parameters(), batch, LossKind.MSE,
                List.of((DenseLayer) model.hidden, (DenseLayer) model.out), List.of(Act.ELU_1, Act.GELU));
    }

    @Test
    void penaltiesAreInTheLossAndTheGradient() {
        var model = new TestModels_PenalizedModel();
        Dataset batch = targets(3, 5, 2, 17);
        double loss = model.computeGradients(batch);
        DenseLayer hidden = (DenseLayer) model.hidden;
        DenseLayer out = (DenseLayer) model.out;
        RefLayer[] ref = {
            new RefLayer(toDouble(hidden.weights()), toDouble(hidden.bias()), 3, 4, Act.TANH, 0.001, 0.01, true),
            new RefLayer(toDouble(out.weights()), toDouble(out.bias()), 4, 2, Act.LINEAR, 0.02, 0, false)};
        assertEquals(referenceLoss(ref, batch, LossKind.MSE), loss, 1e-6, "loss includes the penalties");
        int checked = compare(ref, batch, LossKind.MSE, ref[0].w(), hidden.weights())
                + compare(ref, batch, LossKind.MSE, ref[0].b(), hidden.bias())
                + compare(ref, batch, LossKind.MSE, ref[1].w(), out.weights())
                + compare(ref, batch, LossKind.MSE, ref[1].b(), out.bias());
        assertEquals(12 + 4 + 8 + 2, checked);
    }

    @Test
    void dropoutVariantsAreTheIdentityOutsideTraining() {
        var model = new TestModels_DropoutVariantsModel();
        Dataset batch = classes(4, 6, 3, 18);
        check(model.computeGradients(batch), model.parameters(), batch, LossKind.SOFTMAX_CE,
                List.of((DenseLayer) model.selu, (DenseLayer) model.connected, (DenseLayer) model.out),
                List.of(Act.SELU, Act.TANH, Act.SOFTMAX));
        // Training with every variant lowers the loss; inference is deterministic.
        Dataset data = classes(4, 16, 3, 19);
        var h = model.fit(data, dev.kiln.runtime.train.FitOptions.defaults().withVerbose(false).withEpochs(40)
                .withBatchSize(16));
        assertTrue(h.last().loss() < h.epochs().get(0).loss(), "loss " + h.epochs().get(0).loss() + " -> "
                + h.last().loss());
        float[] row = {0.5f, -1, 0.25f, 2};
        org.junit.jupiter.api.Assertions.assertArrayEquals(model.predict(row), model.predict(row));
    }

    @Test
    void fashionSampleModel() {
        var model = new FashionMlpModel(4);
        Dataset batch = classes(784, 4, 10, 14);
        List<DenseLayer> layers = List.of((DenseLayer) model.hidden1, (DenseLayer) model.hidden2,
                (DenseLayer) model.output);
        check(model.computeGradients(batch), model.parameters(), batch, LossKind.SOFTMAX_CE, layers,
                List.of(Act.RELU, Act.RELU, Act.SOFTMAX));
    }

    private static Dataset classes(int width, int rows, int classes, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[rows * width];
        int[] y = new int[rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < rows; i++) {
            y[i] = rng.nextInt(classes);
        }
        return Dataset.ofClasses(x, width, y);
    }

    private static Dataset targets(int width, int rows, int k, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[rows * width];
        float[] t = new float[rows * k];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) rng.nextDouble();
        }
        return Dataset.ofTargets(x, width, t, k);
    }

    private static void check(double modelLoss, List<Parameter> params, Dataset batch, LossKind loss,
                              List<DenseLayer> layers, List<Act> acts) {
        RefLayer[] ref = new RefLayer[layers.size()];
        for (int l = 0; l < ref.length; l++) {
            DenseLayer d = layers.get(l);
            ref[l] = new RefLayer(toDouble(d.weights()), d.bias() == null ? null : toDouble(d.bias()),
                    d.inputWidth(), d.outputWidth(), acts.get(l));
        }
        assertEquals(referenceLoss(ref, batch, loss), modelLoss, 1e-5 * Math.max(1, Math.abs(modelLoss)),
                "loss of the generated forward pass");
        int checked = 0;
        for (int l = 0; l < ref.length; l++) {
            DenseLayer d = layers.get(l);
            checked += compare(ref, batch, loss, ref[l].w(), d.weights());
            if (d.bias() != null) {
                checked += compare(ref, batch, loss, ref[l].b(), d.bias());
            }
        }
        int total = params.stream().mapToInt(Parameter::size).sum();
        assertEquals(Math.min(total, checked), checked, "every parameter tensor was checked");
    }

    /** Compares up to 400 evenly spread entries of one tensor (all of them for small tensors). */
    private static int compare(RefLayer[] ref, Dataset batch, LossKind loss, double[] values, Parameter p) {
        int stride = Math.max(1, values.length / 400);
        int count = 0;
        for (int i = 0; i < values.length; i += stride, count++) {
            double saved = values[i];
            values[i] = saved + H;
            double up = referenceLoss(ref, batch, loss);
            values[i] = saved - H;
            double down = referenceLoss(ref, batch, loss);
            values[i] = saved;
            double numeric = (up - down) / (2 * H);
            float analytic = p.gradients()[p.offset() + i];
            assertEquals(numeric, analytic, 1e-4 + 1e-3 * Math.abs(numeric), p.name() + "[" + i + "]");
        }
        return stride == 1 ? values.length : count;
    }

    private static double[] toDouble(Parameter p) {
        double[] d = new double[p.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = p.values()[p.offset() + i];
        }
        return d;
    }

    /** Mean loss over the batch, all in double, dropout off. */
    static double referenceLoss(RefLayer[] layers, Dataset batch, LossKind loss) {
        double total = 0;
        int width = batch.width();
        for (int r = 0; r < batch.rows(); r++) {
            double[] a = new double[width];
            for (int j = 0; j < width; j++) {
                a[j] = batch.features()[r * width + j];
            }
            double[] z = null;
            for (RefLayer l : layers) {
                z = new double[l.out()];
                for (int o = 0; o < l.out(); o++) {
                    double s = l.b() == null ? 0 : l.b()[o];
                    for (int i = 0; i < l.in(); i++) {
                        s += a[i] * l.w()[i * l.out() + o];
                    }
                    z[o] = s;
                }
                a = new double[l.out()];
                for (int o = 0; o < l.out(); o++) {
                    a[o] = l.act().f.applyAsDouble(z[o]);
                }
            }
            int k = z.length;
            switch (loss) {
                case SOFTMAX_CE -> {
                    double max = Double.NEGATIVE_INFINITY;
                    for (double v : z) {
                        max = Math.max(max, v);
                    }
                    double sum = 0;
                    for (double v : z) {
                        sum += Math.exp(v - max);
                    }
                    total += Math.log(sum) + max - z[batch.labels()[r]];
                }
                case BCE -> {
                    for (int o = 0; o < k; o++) {
                        double t = batch.targets()[r * k + o];
                        double p = 1 / (1 + Math.exp(-z[o]));
                        total += -(t * Math.log(p) + (1 - t) * Math.log(1 - p)) / k;
                    }
                }
                case MSE -> {
                    for (int o = 0; o < k; o++) {
                        double d = a[o] - batch.targets()[r * k + o];
                        total += d * d / k;
                    }
                }
            }
        }
        double penalty = 0;
        for (RefLayer l : layers) {
            penalty += l.penalty();
        }
        return total / batch.rows() + penalty;
    }
}
