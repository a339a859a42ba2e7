package dev.kiln.bench.dl4j;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Deeplearning4j's side of the end-to-end benchmark, with the protocol of bench/pytorch_fashion.py and Kiln's
 * EndToEnd: the same two networks (784-256-128-10 with ReLU, softmax cross-entropy and Adam 1e-3; and
 * 784-256[BatchNorm, ReLU, dropout 0.2]-128-10), trained on Fashion-MNIST for whole epochs at each batch size,
 * one fresh model per run, data in memory. Each epoch's shuffled copy of the training set is made before the
 * timed part; the timed part is the epoch's steps (a view of the next rows, forward, backward, update). Prints
 * one {@code RESULT} line per run: median, min and max samples/s over the epochs after the first, test
 * accuracy, peak RSS. Threads come from {@code OMP_NUM_THREADS} (ND4J's own loops) and
 * {@code OPENBLAS_NUM_THREADS} (its matrix products) in the environment.
 */
public final class Dl4jFashion {

    private Dl4jFashion() {}

    /**
     * Entry point.
     *
     * @param args data directory, epochs per run (at least 2), network ({@code reference},
     *     {@code batchnorm-dropout} or {@code all}), then batch sizes
     * @throws IOException when the data cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int epochs = Integer.parseInt(args[1]);
        String network = args[2];
        INDArray x = images(dir.resolve("train-images-idx3-ubyte.gz"));
        INDArray y = oneHot(labels(dir.resolve("train-labels-idx1-ubyte.gz")));
        INDArray xt = images(dir.resolve("t10k-images-idx3-ubyte.gz"));
        int[] yt = labels(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        String config = "omp=" + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset") + ",openblas="
                + System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "unset");
        System.out.println("# Deeplearning4j 1.0.0-M2.1 (nd4j-native, avx2), " + config + ", JDK "
                + Runtime.version());
        for (int a = 3; a < args.length; a++) {
            int batch = Integer.parseInt(args[a]);
            for (String name : List.of("reference", "batchnorm-dropout")) {
                if (!network.equals(name) && !network.equals("all")) {
                    continue;
                }
                MultiLayerNetwork model = new MultiLayerNetwork(name.equals("reference") ? reference()
                        : batchNormDropout());
                model.init();
                Random random = new Random(1);
                List<Double> rates = new ArrayList<>();
                for (int epoch = 0; epoch < epochs; epoch++) {
                    int[] order = permutation(x.rows(), random);
                    INDArray xs = x.getRows(order);
                    INDArray ys = y.getRows(order);
                    long start = System.nanoTime();
                    for (int from = 0; from < x.rows(); from += batch) {
                        int to = Math.min(x.rows(), from + batch);
                        model.fit(new DataSet(xs.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                                ys.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())));
                    }
                    rates.add(x.rows() / ((System.nanoTime() - start) * 1e-9));
                    // ND4J keeps arrays off the heap until their Java objects are collected; free each epoch's
                    // shuffled copy now, or the process's peak RSS would count every epoch's copy.
                    xs.close();
                    ys.close();
                }
                List<Double> measured = new ArrayList<>(rates.subList(1, rates.size()));
                Collections.sort(measured);
                int n = measured.size();
                double median = n % 2 == 1 ? measured.get(n / 2) : (measured.get(n / 2 - 1) + measured.get(n / 2)) / 2;
                System.out.printf("RESULT dl4j[%s] %s %d median=%.0f min=%.0f max=%.0f accuracy=%.4f rss_mb=%.0f%n",
                        config, name, batch, median, measured.get(0), measured.get(n - 1), accuracy(model, xt, yt),
                        peakRssMb());
            }
        }
    }

    /** 784-256-128-10, ReLU, softmax cross-entropy, Adam 1e-3; uniform ±1/√fan-in weights, as PyTorch's Linear. */
    static MultiLayerConfiguration reference() {
        return new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3)).weightInit(WeightInit.UNIFORM)
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(256).nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    /** 784-256[BatchNorm, ReLU, dropout 0.2]-128-10; Deeplearning4j's dropout takes the keep probability. */
    static MultiLayerConfiguration batchNormDropout() {
        return new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3)).weightInit(WeightInit.UNIFORM)
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().nOut(256).build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new DropoutLayer.Builder(0.8).build())
                .layer(new DenseLayer.Builder().nIn(256).nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    private static double accuracy(MultiLayerNetwork model, INDArray x, int[] labels) {
        int[] predicted = model.output(x, false).argMax(1).toIntVector();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    private static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** IDX images as an (n × rows·cols) float matrix in [0, 1]. */
    private static INDArray images(Path file) throws IOException {
        try (DataInputStream in = open(file, 0x803)) {
            int n = in.readInt();
            int size = in.readInt() * in.readInt();
            byte[] bytes = in.readNBytes(n * size);
            if (bytes.length != n * size) {
                throw new IOException(file + " is truncated.");
            }
            float[] values = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                values[i] = (bytes[i] & 0xFF) / 255f;
            }
            return Nd4j.create(values, new long[] {n, size}, 'c');
        }
    }

    private static int[] labels(Path file) throws IOException {
        try (DataInputStream in = open(file, 0x801)) {
            int n = in.readInt();
            byte[] bytes = in.readNBytes(n);
            if (bytes.length != n) {
                throw new IOException(file + " is truncated.");
            }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = bytes[i] & 0xFF;
            }
            return labels;
        }
    }

    private static INDArray oneHot(int[] labels) {
        float[] values = new float[labels.length * 10];
        for (int i = 0; i < labels.length; i++) {
            values[i * 10 + labels[i]] = 1f;
        }
        return Nd4j.create(values, new long[] {labels.length, 10}, 'c');
    }

    private static DataInputStream open(Path file, int magic) throws IOException {
        InputStream raw = new GZIPInputStream(Files.newInputStream(file));
        DataInputStream in = new DataInputStream(raw);
        if (in.readInt() != magic) {
            in.close();
            throw new IOException(file + " is not an IDX file of the expected kind.");
        }
        return in;
    }

    /** VmHWM from /proc/self/status: the peak resident set size of this process. */
    private static double peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return Double.NaN;
    }
}
