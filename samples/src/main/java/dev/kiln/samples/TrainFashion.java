package dev.kiln.samples;

import dev.kiln.charts.TrainingCharts;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.MnistFamily;
import dev.kiln.runtime.data.Playground;
import dev.kiln.runtime.kernels.Simd;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.CsvLogger;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.ModelCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's main command: trains {@link FashionMlp} on Fashion-MNIST and prints per-epoch loss and
 * accuracy and the test accuracy. The data is looked up at the path given as the first argument, else
 * {@code $FASHION_MNIST_DIR}, else {@code /usr/share/datasets/fashion-mnist} (Debian package
 * {@code dataset-fashion-mnist}). Without it, the sample says so and trains {@link SpiralNet} on the
 * two-spiral set instead, which needs no download.
 *
 * <p>It writes next to its output, in the folder {@code out} (or {@code -Dkiln.out}): the history as CSV
 * while training runs, the best epoch's checkpoint by validation loss, the curves as PNG, and the final
 * model, which it loads back to show that the loaded copy scores the same.
 */
public final class TrainFashion {

    static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";

    /** Fashion-MNIST's classes, in label order. */
    private static final String[] CLASSES = {"T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
        "Sneaker", "Bag", "Boot"};

    private TrainFashion() {}

    /**
     * Entry point.
     *
     * @param args optional: the data directory, then the number of epochs (default 10)
     * @throws IOException when the data files exist but cannot be read
     */
    public static void main(String[] args) throws IOException {
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.println("Kiln sample: " + Simd.describe());
        Path dir = findData(args);
        if (dir == null) {
            System.out.println("Fashion-MNIST not found (looked at the first argument, $FASHION_MNIST_DIR and "
                    + DEBIAN_DIR + ").");
            System.out.println("To get it on Debian: apt-get install dataset-fashion-mnist; or pass a directory"
                    + " holding train-images-idx3-ubyte.gz and the three other files.");
            System.out.println("Training the two-spiral network instead, on data generated from a seed.");
            trainSpiral(epochs);
            return;
        }
        System.out.println("Fashion-MNIST from " + dir);
        MnistFamily.Splits data = MnistFamily.load(dir);
        Path out = outputDir();
        FashionMlpModel model = new FashionMlpModel();
        System.out.print(model.summary());
        History history = model.fit(data.train(), FitOptions.defaults().withEpochs(epochs).withBatchSize(128)
                .withValidationSplit(0.1).withCallbacks(new CsvLogger(out.resolve("fashion-history.csv")),
                        ModelCheckpoint.best(out.resolve("fashion-best.safetensors"), "val_loss")));
        Evaluation test = model.evaluate(data.test());
        System.out.printf("test accuracy %.4f  (test loss %.4f, %d images)%n", test.metric(), test.loss(),
                test.samples());
        System.out.print(model.classificationMetrics(data.test(), CLASSES).report());
        Path saved = out.resolve("fashion.safetensors");
        model.save(saved);
        Evaluation reloaded = FashionMlpModel.load(saved).evaluate(data.test());
        System.out.printf("saved %s; loaded back: test accuracy %.4f%n", saved, reloaded.metric());
        System.out.println("curves: " + TrainingCharts.writeCurves(history, "Fashion-MNIST 784-256-128-10",
                out.resolve("fashion-curves.png")) + "; history: " + out.resolve("fashion-history.csv")
                + "; best epoch by val_loss: " + out.resolve("fashion-best.safetensors"));
    }

    /** Where the samples write their files: {@code -Dkiln.out}, else {@code out} in the working directory. */
    static Path outputDir() throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("kiln.out", "out")));
    }

    private static void trainSpiral(int epochs) throws IOException {
        Dataset all = Playground.spiral(500, 0.1, 1);
        Dataset.Split split = all.split(0.8, 2);
        SpiralNetModel model = new SpiralNetModel();
        System.out.print(model.summary());
        History history = model.fit(split.first(), FitOptions.defaults().withEpochs(epochs * 20).withBatchSize(16)
                .withValidationSplit(0.125).withVerbose(false).withListener(r -> {
                    if (r.epoch() % 20 == 0) {
                        System.out.printf("epoch %d  loss %.4f  accuracy %.4f  val_loss %.4f  val_accuracy %.4f%n",
                                r.epoch(), r.loss(), r.metric(), r.validationLoss(), r.validationMetric());
                    }
                }));
        Evaluation test = model.evaluate(split.second());
        System.out.printf("test accuracy %.4f  (test loss %.4f, %d points)%n", test.metric(), test.loss(),
                test.samples());
        System.out.println("curves: " + TrainingCharts.writeCurves(history, "two spirals 2-32-32-2",
                outputDir().resolve("spiral-curves.png")));
    }

    /**
     * The file of vega-datasets 3.2.1 a sample reads, named by its first argument; without it, says what to give
     * and exits.
     */
    static Path vegaFile(String[] args, String file, String sample) {
        if (args.length == 0 || !Files.exists(Path.of(args[0]))) {
            System.out.println("Give the path of vega-datasets 3.2.1's data/" + file + " (./train-sample " + sample
                    + " fetches it with npm into ~/.cache/kiln).");
            System.exit(2);
        }
        return Path.of(args[0]);
    }

    /** The Fashion-MNIST folder {@link #findData} finds; without one, says where it looked and exits. */
    static Path requireData(String[] args) {
        Path dir = findData(args);
        if (dir == null) {
            System.out.println("Fashion-MNIST not found (looked at the first argument, $FASHION_MNIST_DIR and "
                    + DEBIAN_DIR + "). On Debian: apt-get install dataset-fashion-mnist.");
            System.exit(2);
        }
        return dir;
    }

    static Path findData(String[] args) {
        if (args.length > 0 && !args[0].isEmpty()) {
            Path p = Path.of(args[0]);
            return MnistFamily.isPresent(p) ? p : null;
        }
        String env = System.getenv("FASHION_MNIST_DIR");
        if (env != null && !env.isEmpty() && MnistFamily.isPresent(Path.of(env))) {
            return Path.of(env);
        }
        Path debian = Path.of(DEBIAN_DIR);
        return Files.isDirectory(debian) && MnistFamily.isPresent(debian) ? debian : null;
    }
}
