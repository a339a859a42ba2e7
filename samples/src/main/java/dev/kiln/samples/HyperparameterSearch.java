package dev.kiln.samples;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.MnistFamily;
import dev.kiln.runtime.data.Playground;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.RandomSearch;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A seeded random search over learning rate, batch size and dropout rate for {@link FashionMlp}, on a
 * 12,000-image part of Fashion-MNIST for three epochs per trial (the two-spiral network when the data is
 * missing), scored by validation loss; prints each trial and the best model's test accuracy. Sizes and layers
 * stay compiled in; only run-time settings vary, so no trial recompiles anything.
 */
public final class HyperparameterSearch {

    private HyperparameterSearch() {}

    /**
     * Entry point.
     *
     * @param args optional: number of trials (default 8)
     * @throws IOException when the data files exist but cannot be read
     */
    public static void main(String[] args) throws IOException {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        Path dir = TrainFashion.findData(new String[0]);
        if (dir == null) {
            System.out.println("Fashion-MNIST not found; searching the two-spiral network's settings instead.");
            Dataset.Split split = Playground.spiral(500, 0.1, 1).split(0.8, 2);
            RandomSearch.Result<SpiralNetModel> r = RandomSearch.of(SpiralNetModel::new).learningRate(1e-4, 0.1)
                    .batchSize(8, 16, 32, 64).trials(trials).seed(1)
                    .baseOptions(FitOptions.defaults().withVerbose(false).withEpochs(40)).run(split.first());
            System.out.print(r.table());
            report(r.bestModel().evaluate(split.second()));
            return;
        }
        MnistFamily.Splits data = MnistFamily.load(dir);
        Dataset part = data.train().split(0.2, 5).first();
        System.out.printf("%d trials on %,d training images, 3 epochs each, 20%% of them for validation%n", trials,
                part.rows());
        RandomSearch.Result<FashionMlpModel> r = RandomSearch.of(FashionMlpModel::new).learningRate(1e-4, 1e-2)
                .batchSize(32, 64, 128, 256).dropoutRate("drop1", 0.0, 0.5).trials(trials).seed(1)
                .baseOptions(FitOptions.defaults().withVerbose(false).withEpochs(3)).run(part);
        System.out.print(r.table());
        report(r.bestModel().evaluate(data.test()));
    }

    private static void report(Evaluation test) {
        System.out.printf("best model on the test set: accuracy %.4f, loss %.4f%n", test.metric(), test.loss());
    }
}
