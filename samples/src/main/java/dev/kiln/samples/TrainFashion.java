package dev.kiln.samples;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.MnistFamily;
import dev.kiln.runtime.data.Playground;
import dev.kiln.runtime.kernels.Simd;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.FitOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's main command: trains {@link FashionMlp} on Fashion-MNIST and prints per-epoch loss and
 * accuracy and the test accuracy. The data is looked up at the path given as the first argument, else
 * {@code $FASHION_MNIST_DIR}, else {@code /usr/share/datasets/fashion-mnist} (Debian package
 * {@code dataset-fashion-mnist}). Without it, the sample says so and trains {@link SpiralNet} on the
 * two-spiral set instead, which needs no download.
 */
public final class TrainFashion {

    private static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";

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
        FashionMlpModel model = new FashionMlpModel();
        System.out.print(model.summary());
        model.fit(data.train(), FitOptions.defaults().withEpochs(epochs).withBatchSize(128));
        Evaluation test = model.evaluate(data.test());
        System.out.printf("test accuracy %.4f  (test loss %.4f, %d images)%n", test.metric(), test.loss(),
                test.samples());
    }

    private static void trainSpiral(int epochs) {
        Dataset all = Playground.spiral(500, 0.1, 1);
        Dataset.Split split = all.split(0.8, 2);
        SpiralNetModel model = new SpiralNetModel();
        System.out.print(model.summary());
        model.fit(split.first(), FitOptions.defaults().withEpochs(epochs * 20).withBatchSize(16)
                .withVerbose(false).withListener(r -> {
                    if (r.epoch() % 20 == 0) {
                        System.out.printf("epoch %d  loss %.4f  accuracy %.4f%n", r.epoch(), r.loss(), r.metric());
                    }
                }));
        Evaluation test = model.evaluate(split.second());
        System.out.printf("test accuracy %.4f  (test loss %.4f, %d points)%n", test.metric(), test.loss(),
                test.samples());
    }

    private static Path findData(String[] args) {
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
