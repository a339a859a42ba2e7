package dev.kiln.bench;

import dev.kiln.runtime.Rng;
import dev.kiln.runtime.kernels.ActivationFunction;
import dev.kiln.runtime.kernels.BatchNormKernels;
import dev.kiln.runtime.kernels.Checks;
import dev.kiln.runtime.kernels.DropoutMasks;
import dev.kiln.runtime.kernels.Epilogue;
import dev.kiln.runtime.kernels.Gemm;
import dev.kiln.runtime.kernels.Losses;
import dev.kiln.runtime.kernels.Reductions;
import dev.kiln.runtime.kernels.Rows;
import dev.kiln.runtime.kernels.ScalarBatchNorm;
import dev.kiln.runtime.kernels.ScalarChecks;
import dev.kiln.runtime.kernels.ScalarDropoutMasks;
import dev.kiln.runtime.kernels.ScalarEpilogue;
import dev.kiln.runtime.kernels.ScalarGemm;
import dev.kiln.runtime.kernels.ScalarReductions;
import dev.kiln.runtime.kernels.ScalarUpdates;
import dev.kiln.runtime.kernels.Transpose;
import dev.kiln.runtime.kernels.Updates;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the kernels a training step of the reference network (784-256-128-10, batch 128) spends
 * its time in: the matrix product in the three layouts training needs, the fused bias + activation pass and
 * its backward, the bias-gradient reduction, every optimizer's update rule, the gradients' finite check, the
 * dropout mask, batch normalization forward and backward, the batch's row copy, the softmax cross-entropy
 * and the weight transpose. Each state checks in {@code @Setup}, before anything is timed, that the kernel
 * (as the generated code calls it: vector kernels, split over {@code -Dkiln.threads}) agrees with its scalar
 * twin, and refuses to run otherwise; the loss, scalar code with no vector twin, and the transpose are checked
 * against their definitions. bench/run runs these with 1 and with 2 threads and reports the products as
 * GFLOP/s beside OpenBLAS's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBenchmarks {

    private static float[] random(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }

    /** Fails the benchmark when {@code actual} strays from the scalar twin's {@code expected}. */
    static void check(String what, float[] expected, float[] actual, double tolerance) {
        for (int i = 0; i < expected.length; i++) {
            double bound = tolerance * (1 + Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= bound)) {
                throw new IllegalStateException(what + ": element " + i + " is " + actual[i] + ", the scalar twin gives "
                        + expected[i] + "; refusing to time a wrong kernel.");
            }
        }
    }

    /**
     * One product of the network at batch 128, or of the width sweep's 1024-wide layer at batch 32, 128 and 512
     * (where the sweep found Kiln behind PyTorch): {@code shape} is {@code batch×inputs×units} of a dense layer;
     * {@code layout} is {@code forward} (X·W, m×n×k = batch×units×inputs), {@code weightGrad} (Xᵀ·Δ,
     * inputs×units×batch, A read through strides) or {@code inputGrad} (Δ·Wᵀ on the transposed copy,
     * batch×inputs×units).
     */
    @State(Scope.Thread)
    public static class Product {
        @Param({"128x784x256", "128x256x128", "32x1024x1024", "128x1024x1024", "512x1024x1024"})
        public String shape;
        @Param({"forward", "weightGrad", "inputGrad"})
        public String layout;

        int m;
        int n;
        int k;
        float[] a;
        int ars;
        int acs;
        float[] b;
        float[] c;

        @Setup(Level.Trial)
        public void setUp() {
            String[] d = shape.split("x");
            int batch = Integer.parseInt(d[0]);
            int in = Integer.parseInt(d[1]);
            int units = Integer.parseInt(d[2]);
            switch (layout) {
                case "forward" -> {
                    m = batch; n = units; k = in;
                    a = random(batch * in, 1); ars = in; acs = 1;
                    b = random(in * units, 2);
                }
                case "weightGrad" -> {
                    m = in; n = units; k = batch;
                    a = random(batch * in, 1); ars = 1; acs = in; // Xᵀ through strides
                    b = random(batch * units, 3);
                }
                case "inputGrad" -> {
                    m = batch; n = in; k = units;
                    a = random(batch * units, 3); ars = units; acs = 1;
                    float[] w = random(in * units, 2);
                    b = new float[units * in];
                    Transpose.transpose(w, 0, in, units, b, 0);
                }
                default -> throw new IllegalArgumentException(layout);
            }
            c = new float[m * n];
            float[] expected = new float[m * n];
            ScalarGemm.multiply(m, n, k, a, 0, ars, acs, b, 0, n, expected, 0, n);
            Gemm.multiply(m, n, k, a, 0, ars, acs, b, 0, n, c, 0, n);
            check("Gemm " + layout + " " + shape, expected, c, 1e-4);
        }

        /** Floating-point operations of one product. */
        public double flops() {
            return 2.0 * m * n * k;
        }
    }

    /** {@code z + b}, ReLU, over the first hidden layer's batch-128 output; and its backward. */
    @State(Scope.Thread)
    public static class Activation {
        static final int ROWS = 128;
        static final int COLS = 256;
        float[] z = random(ROWS * COLS, 4);
        float[] bias = random(COLS, 5);
        float[] out = new float[ROWS * COLS];
        float[] delta = random(ROWS * COLS, 6);

        @Setup(Level.Trial)
        public void setUp() {
            float[] zs = z.clone();
            float[] expected = new float[ROWS * COLS];
            ScalarEpilogue.forward(ActivationFunction.RELU, 0f, zs, ROWS, COLS, bias, 0, expected, null, null);
            float[] zv = z.clone();
            Epilogue.forward(ActivationFunction.RELU, 0f, zv, ROWS, COLS, bias, 0, out, null, null);
            check("Epilogue.forward relu", expected, out, 1e-6);
            float[] ds = delta.clone();
            ScalarEpilogue.backward(ActivationFunction.RELU, 0f, ds, null, expected, null, 0, ds.length);
            float[] dv = delta.clone();
            Epilogue.backward(ActivationFunction.RELU, 0f, dv, null, out, null, dv.length);
            check("Epilogue.backward relu", ds, dv, 1e-6);
        }
    }

    /** Column sums of a batch-128 delta: the bias gradient. */
    @State(Scope.Thread)
    public static class ColumnSums {
        float[] x = random(128 * 256, 7);
        float[] out = new float[256];

        @Setup(Level.Trial)
        public void setUp() {
            float[] expected = new float[256];
            ScalarReductions.columnSums(x, 128, 256, expected, 0);
            Reductions.columnSums(x, 128, 256, out, 0);
            check("Reductions.columnSums", expected, out, 1e-5);
        }
    }

    /**
     * One optimizer step over the first layer's weights and bias (200,960 parameters), for each update rule
     * the optimizers use. The state starts non-negative where the rule keeps squares.
     */
    @State(Scope.Thread)
    public static class Update {
        static final int COUNT = 784 * 256 + 256;
        @Param({"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "amsgrad", "adamax",
            "nadam"})
        public String rule;
        float[] w = random(COUNT, 8);
        float[] g = random(COUNT, 9);
        float[] s1 = random(COUNT, 10);
        float[] s2 = abs(random(COUNT, 11));
        float[] s3 = abs(random(COUNT, 12));

        private static float[] abs(float[] a) {
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.abs(a[i]);
            }
            return a;
        }

        @Setup(Level.Trial)
        public void setUp() {
            float[][] scalar = {w.clone(), s1.clone(), s2.clone(), s3.clone()};
            float[][] vector = {w.clone(), s1.clone(), s2.clone(), s3.clone()};
            step(true, scalar[0], scalar[1], scalar[2], scalar[3]);
            step(false, vector[0], vector[1], vector[2], vector[3]);
            String[] names = {"weights", "state 1", "state 2", "state 3"};
            for (int i = 0; i < 4; i++) {
                check("Updates." + rule + " " + names[i], scalar[i], vector[i], 1e-5);
            }
        }

        /** One step of the rule, by the scalar twin or by the kernel as the generated code calls it. */
        void step(boolean twin, float[] w, float[] a, float[] b, float[] c) {
            switch (rule) {
                case "sgd" -> {
                    if (twin) { ScalarUpdates.sgd(w, g, COUNT, 0.01f); } else { Updates.sgd(w, g, COUNT, 0.01f); }
                }
                case "momentum", "nesterov" -> {
                    boolean nesterov = rule.equals("nesterov");
                    if (twin) {
                        ScalarUpdates.momentum(w, g, a, COUNT, 0.01f, 0.9f, nesterov);
                    } else {
                        Updates.momentum(w, g, a, COUNT, 0.01f, 0.9f, nesterov);
                    }
                }
                case "adagrad" -> {
                    if (twin) {
                        ScalarUpdates.adagrad(w, g, b, COUNT, 0.01f, 1e-10f);
                    } else {
                        Updates.adagrad(w, g, b, COUNT, 0.01f, 1e-10f);
                    }
                }
                case "rmsprop" -> {
                    if (twin) {
                        ScalarUpdates.rmsprop(w, g, b, COUNT, 0.01f, 0.99f, 1e-8f);
                    } else {
                        Updates.rmsprop(w, g, b, COUNT, 0.01f, 0.99f, 1e-8f);
                    }
                }
                case "adadelta" -> {
                    if (twin) {
                        ScalarUpdates.adadelta(w, g, b, c, COUNT, 1f, 0.9f, 1e-6f);
                    } else {
                        Updates.adadelta(w, g, b, c, COUNT, 1f, 0.9f, 1e-6f);
                    }
                }
                case "adam", "amsgrad" -> {
                    float[] vMax = rule.equals("amsgrad") ? c : null;
                    if (twin) {
                        ScalarUpdates.adam(w, g, a, b, vMax, COUNT, 1e-2f, 0.0316f, 0.9f, 0.999f, 1e-8f);
                    } else {
                        Updates.adam(w, g, a, b, vMax, COUNT, 1e-2f, 0.0316f, 0.9f, 0.999f, 1e-8f);
                    }
                }
                case "adamax" -> {
                    if (twin) {
                        ScalarUpdates.adamax(w, g, a, b, COUNT, 2e-2f, 0.9f, 0.999f, 1e-8f);
                    } else {
                        Updates.adamax(w, g, a, b, COUNT, 2e-2f, 0.9f, 0.999f, 1e-8f);
                    }
                }
                case "nadam" -> {
                    if (twin) {
                        ScalarUpdates.nadam(w, g, a, b, COUNT, -0.01f, -0.09f, 0.0316f, 0.9f, 0.999f, 1e-8f);
                    } else {
                        Updates.nadam(w, g, a, b, COUNT, -0.01f, -0.09f, 0.0316f, 0.9f, 0.999f, 1e-8f);
                    }
                }
                default -> throw new IllegalArgumentException(rule);
            }
        }
    }

    /** The finite check over every gradient of the reference network (235,146 values), as each step runs it. */
    @State(Scope.Thread)
    public static class FiniteCheck {
        static final int COUNT = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10;
        float[] g = random(COUNT, 13);

        @Setup(Level.Trial)
        public void setUp() {
            if (!Checks.allFinite(g, COUNT) || !ScalarChecks.allFinite(g, 0, COUNT)) {
                throw new IllegalStateException("Checks.allFinite: finite values reported as non-finite.");
            }
            float[] bad = g.clone();
            bad[COUNT - 3] = Float.NaN;
            if (Checks.allFinite(bad, COUNT) != ScalarChecks.allFinite(bad, 0, COUNT)) {
                throw new IllegalStateException("Checks.allFinite disagrees with its scalar twin on a NaN.");
            }
        }
    }

    /** An inverted-dropout mask over the first hidden layer's batch-128 output (32,768 entries, rate 0.2). */
    @State(Scope.Thread)
    public static class DropoutMask {
        static final int COUNT = 128 * 256;
        final Rng rng = new Rng(14);
        float[] mask = new float[COUNT];

        @Setup(Level.Trial)
        public void setUp() {
            float[] expected = new float[COUNT];
            long start = new Rng(15).reserve((COUNT + 1) / 2);
            ScalarDropoutMasks.fill(start, expected, COUNT, 0.2f, 1f / 0.8f, 0, (COUNT + 1) / 2);
            float[] actual = new float[COUNT];
            DropoutMasks.fill(new Rng(15), actual, COUNT, 0.2f);
            check("DropoutMasks.fill", expected, actual, 0);
        }
    }

    /** Batch normalization of the first hidden layer's batch-128 output (128 × 256), training forward and backward. */
    @State(Scope.Thread)
    public static class BatchNorm {
        static final int ROWS = 128;
        static final int COLS = 256;
        float[] x = random(ROWS * COLS, 16);
        float[] params = random(2 * COLS, 17);
        float[] mean = new float[COLS];
        float[] invStd = new float[COLS];
        float[] xhat = new float[ROWS * COLS];
        float[] y = new float[ROWS * COLS];
        float[] runningMean = new float[COLS];
        float[] runningVar = new float[COLS];
        float[] delta = random(ROWS * COLS, 18);
        float[] work = new float[ROWS * COLS];
        float[] grads = new float[2 * COLS];
        float[] sumD = new float[COLS];
        float[] sumDX = new float[COLS];

        @Setup(Level.Trial)
        public void setUp() {
            float[][] scalar = run(true);
            float[][] vector = run(false);
            String[] names = {"y", "x̂", "mean", "1/σ", "running mean", "running variance", "input gradient",
                "γ and β gradients"};
            for (int i = 0; i < names.length; i++) {
                check("BatchNormKernels " + names[i], scalar[i], vector[i], 1e-4);
            }
        }

        private float[][] run(boolean scalar) {
            float[] m = new float[COLS];
            float[] s = new float[COLS];
            float[] xh = new float[ROWS * COLS];
            float[] out = new float[ROWS * COLS];
            float[] rm = new float[COLS];
            float[] rv = new float[COLS];
            java.util.Arrays.fill(rv, 1f);
            float[] d = delta.clone();
            float[] g = new float[2 * COLS];
            if (scalar) {
                ScalarBatchNorm.forwardTraining(x, ROWS, COLS, params, 0, params, COLS, 1e-5f, m, s, xh, out, rm, rv,
                        0.1f);
                ScalarBatchNorm.backward(d, xh, ROWS, COLS, params, 0, s, g, 0, g, COLS, new float[COLS],
                        new float[COLS]);
            } else {
                BatchNormKernels.forwardTraining(x, ROWS, COLS, params, 0, params, COLS, 1e-5f, m, s, xh, out, rm, rv,
                        0.1f);
                BatchNormKernels.backward(d, xh, ROWS, COLS, params, 0, s, g, 0, g, COLS, new float[COLS],
                        new float[COLS]);
            }
            return new float[][] {out, xh, m, s, rm, rv, d, g};
        }
    }

    /** A batch of 128 shuffled Fashion-MNIST-sized rows (784 floats) copied out of a 60,000-row data set. */
    @State(Scope.Thread)
    public static class RowCopy {
        static final int ROWS = 60_000;
        static final int WIDTH = 784;
        static final int BATCH = 128;
        float[] data = random(ROWS * WIDTH, 19);
        int[] order = new int[ROWS];
        float[] input = new float[BATCH * WIDTH];
        int from;

        @Setup(Level.Trial)
        public void setUp() {
            for (int i = 0; i < ROWS; i++) {
                order[i] = i;
            }
            new Rng(20).shuffle(order, ROWS);
            float[] expected = new float[BATCH * WIDTH];
            for (int i = 0; i < BATCH; i++) {
                System.arraycopy(data, order[i] * WIDTH, expected, i * WIDTH, WIDTH);
            }
            Rows.gather(data, WIDTH, order, 0, BATCH, input);
            check("Rows.gather", expected, input, 0);
        }

        /** The next batch of the shuffled order, so each call reads rows it has not just read. */
        int next() {
            from = from + 2 * BATCH > ROWS ? 0 : from + BATCH;
            return from;
        }
    }

    /**
     * Softmax cross-entropy with its gradient over a batch of 128 rows of 10 logits; and the transposed copy of
     * the second layer's weights (256 × 128) that the input gradient Δ·Wᵀ reads.
     */
    @State(Scope.Thread)
    public static class LossAndTranspose {
        float[] logits = random(128 * 10, 21);
        int[] labels = new int[128];
        float[] grad = new float[128 * 10];
        float[] w = random(256 * 128, 22);
        float[] wt = new float[256 * 128];

        @Setup(Level.Trial)
        public void setUp() {
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i % 10;
            }
            // The loss has no vector twin: check it against the definition, log Σ e^z − z[y] per row.
            double expected = 0;
            for (int i = 0; i < 128; i++) {
                double sum = 0;
                for (int j = 0; j < 10; j++) {
                    sum += Math.exp(logits[i * 10 + j]);
                }
                expected += Math.log(sum) - logits[i * 10 + labels[i]];
            }
            double loss = Losses.softmaxCrossEntropy(logits, labels, 128, 10, grad, 1f / 128);
            if (Math.abs(loss - expected) > 1e-6 * Math.abs(expected)) {
                throw new IllegalStateException("Losses.softmaxCrossEntropy gives " + loss + ", the definition "
                        + expected + ".");
            }
            // Check it against the definition, wt[j][i] = w[i][j] (its scalar twin is checked in the unit tests).
            Transpose.transpose(w, 0, 256, 128, wt, 0);
            for (int i = 0; i < 256; i++) {
                for (int j = 0; j < 128; j++) {
                    if (wt[j * 256 + i] != w[i * 128 + j]) {
                        throw new IllegalStateException("Transpose.transpose misplaces element (" + i + ", " + j + ").");
                    }
                }
            }
        }
    }

    /** One product; the time per call is what bench/run turns into GFLOP/s. */
    @Benchmark
    public float[] gemm(Product p) {
        Gemm.multiply(p.m, p.n, p.k, p.a, 0, p.ars, p.acs, p.b, 0, p.n, p.c, 0, p.n);
        return p.c;
    }

    /** Bias and ReLU over 128 × 256. */
    @Benchmark
    public float[] biasRelu(Activation s) {
        Epilogue.forward(ActivationFunction.RELU, 0f, s.z, Activation.ROWS, Activation.COLS, s.bias, 0, s.out, null,
                null);
        return s.out;
    }

    /** ReLU's backward over 128 × 256 (in place; ReLU's derivative is idempotent, so repeats stay valid). */
    @Benchmark
    public float[] reluBackward(Activation s) {
        Epilogue.backward(ActivationFunction.RELU, 0f, s.delta, null, s.out, null, s.delta.length);
        return s.delta;
    }

    /** The bias gradient: column sums of 128 × 256. */
    @Benchmark
    public float[] columnSums(ColumnSums s) {
        Reductions.columnSums(s.x, 128, 256, s.out, 0);
        return s.out;
    }

    /** One optimizer step over 200,960 parameters (the state keeps moving; the cost does not depend on it). */
    @Benchmark
    public float[] update(Update s) {
        s.step(false, s.w, s.s1, s.s2, s.s3);
        return s.w;
    }

    /** The finite check over all of the reference network's gradients, run before every update. */
    @Benchmark
    public boolean finiteCheck(FiniteCheck s) {
        return Checks.allFinite(s.g, FiniteCheck.COUNT);
    }

    /** A dropout mask over 128 × 256. */
    @Benchmark
    public float[] dropoutMask(DropoutMask s) {
        DropoutMasks.fill(s.rng, s.mask, DropoutMask.COUNT, 0.2f);
        return s.mask;
    }

    /** Batch normalization's training forward over 128 × 256 (statistics, x̂, output, running statistics). */
    @Benchmark
    public float[] batchNormForward(BatchNorm s) {
        BatchNormKernels.forwardTraining(s.x, BatchNorm.ROWS, BatchNorm.COLS, s.params, 0, s.params, BatchNorm.COLS,
                1e-5f, s.mean, s.invStd, s.xhat, s.y, s.runningMean, s.runningVar, 0.1f);
        return s.y;
    }

    /** Batch normalization's backward over 128 × 256 (from a fresh copy of the delta, which it overwrites). */
    @Benchmark
    public float[] batchNormBackward(BatchNorm s) {
        System.arraycopy(s.delta, 0, s.work, 0, s.work.length);
        BatchNormKernels.backward(s.work, s.xhat, BatchNorm.ROWS, BatchNorm.COLS, s.params, 0, s.invStd, s.grads, 0,
                s.grads, BatchNorm.COLS, s.sumD, s.sumDX);
        return s.work;
    }

    /** Copying one shuffled batch of 128 rows out of the training set into the input buffer. */
    @Benchmark
    public float[] rowCopy(RowCopy s) {
        Rows.gather(s.data, RowCopy.WIDTH, s.order, s.next(), RowCopy.BATCH, s.input);
        return s.input;
    }

    /** Softmax cross-entropy and its gradient over 128 rows of 10 classes. */
    @Benchmark
    public double softmaxCrossEntropy(LossAndTranspose s) {
        return Losses.softmaxCrossEntropy(s.logits, s.labels, 128, 10, s.grad, 1f / 128);
    }

    /** The transposed copy of the second layer's weights, 256 × 128. */
    @Benchmark
    public float[] transpose(LossAndTranspose s) {
        Transpose.transpose(s.w, 0, 256, 128, s.wt, 0);
        return s.wt;
    }
}
