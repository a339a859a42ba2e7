package dev.kiln.samples;

import dev.kiln.runtime.Rng;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Standardizer;
import dev.kiln.runtime.train.EarlyStopping;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.ReduceLearningRateOnPlateau;

/**
 * Regression: fits {@link SineNet} to {@code y = sin(x) + noise} for x in [-3, 3] (2000 points, noise
 * sd 0.1), with inputs standardised on the training part only, a seeded validation split, early stopping
 * on validation loss and a cosine learning-rate schedule.
 */
public final class RegressionSample {

    private RegressionSample() {}

    /** The noisy sine data set. */
    static Dataset sine(int rows, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[rows];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = (float) (6 * rng.nextDouble() - 3);
            y[i] = (float) (Math.sin(x[i]) + 0.1 * rng.nextGaussian());
        }
        return Dataset.ofTargets(x, 1, y, 1);
    }

    /**
     * Entry point.
     *
     * @param args ignored
     * @throws java.io.IOException when the curves cannot be written
     */
    public static void main(String[] args) throws java.io.IOException {
        Dataset.Split split = sine(2000, 11).split(0.8, 12);
        Standardizer scale = Standardizer.fit(split.first());
        Dataset train = scale.apply(split.first());
        Dataset test = scale.apply(split.second());
        SineNetModel model = new SineNetModel();
        System.out.print(model.summary());
        History h = model.fit(train, FitOptions.defaults().withVerbose(false).withValidationSplit(0.2)
                .withEarlyStopping(EarlyStopping.monitor("val_loss").withPatience(20))
                .withCallbacks(ReduceLearningRateOnPlateau.monitor("val_loss").withFactor(0.5).withPatience(8))
                .withListener(r -> {
                    if (r.epoch() % 20 == 0) {
                        System.out.printf("epoch %3d  loss %.4f  val_loss %.4f  lr %.5f%n", r.epoch(), r.loss(),
                                r.validationLoss(), r.learningRate());
                    }
                }));
        Evaluation e = model.evaluate(test);
        System.out.printf("trained %d epochs (best %d); test mse %.4f, test mae %.4f (the noise alone gives mse 0.01)%n",
                h.epochs().size(), h.bestEpoch(), e.loss(), e.metric());
        System.out.println("curves: " + dev.kiln.charts.TrainingCharts.writeCurves(h, "noisy sine 1-32-32-1",
                TrainFashion.outputDir().resolve("sine-curves.png")));
    }
}
