package dev.kiln.samples;

import dev.kiln.runtime.data.MnistFamily;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import java.io.IOException;
import java.util.Locale;

/**
 * Time to a good model: trains {@link BestMlp}'s recipe on Fashion-MNIST with the seeds given (default 1, 2 and
 * 3), scoring the test set after every epoch, and prints for each seed the wall time to the end, the first epoch
 * at 0.90 test accuracy or more and the wall time to it, and the final test accuracy. The times include the
 * per-epoch scoring, as the PyTorch twin's ({@code bench/pytorch_best.py}) do.
 */
public final class BestRecipe {

    /** The accuracy the recipe is for. */
    static final double TARGET = 0.90;

    private BestRecipe() {}

    /**
     * Entry point.
     *
     * @param args optional: the data directory, then seeds
     * @throws IOException when the data cannot be read
     */
    public static void main(String[] args) throws IOException {
        MnistFamily.Splits data = MnistFamily.load(TrainFashion.requireData(args));
        long[] seeds = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToLong(Long::parseLong)
                .toArray() : new long[] {1, 2, 3};
        System.out.println("recipe: 784-512-256-10, BatchNorm then ReLU then dropout 0.3 in each hidden block; Adam"
                + " 2e-3, cosine to 0 over 20 epochs, batch 128");
        for (long seed : seeds) {
            BestMlpModel model = new BestMlpModel(512, seed);
            long start = System.nanoTime();
            double[] elapsed = new double[21];
            History h = model.fit(data.train(), FitOptions.defaults().withSeed(seed).withValidation(data.test())
                    .withVerbose(false).withListener(r -> {
                        elapsed[r.epoch()] = (System.nanoTime() - start) * 1e-9;
                        System.out.printf(Locale.ROOT, "seed %d  epoch %2d  loss %.4f  test accuracy %.4f  (%.1f s)%n",
                                seed, r.epoch(), r.loss(), r.validationMetric(), elapsed[r.epoch()]);
                    }));
            double total = (System.nanoTime() - start) * 1e-9;
            EpochResult first = h.epochs().stream().filter(r -> r.validationMetric() >= TARGET).findFirst()
                    .orElse(null);
            System.out.printf(Locale.ROOT, "RESULT best kiln seed=%d seconds=%.1f first_epoch=%s seconds_to_target=%s"
                    + " final_accuracy=%.4f%n", seed, total, first == null ? "none" : first.epoch(),
                    first == null ? "none" : String.format(Locale.ROOT, "%.1f", elapsed[first.epoch()]),
                    h.last().validationMetric());
        }
    }
}
