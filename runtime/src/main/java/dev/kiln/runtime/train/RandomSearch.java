package dev.kiln.runtime.train;

import dev.kiln.runtime.Rng;
import dev.kiln.runtime.data.Dataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A seeded random search over the settings a generated model takes at run time (learning rate, batch size,
 * dropout rates), as the course recommends over a grid: each trial draws every setting independently, so
 * {@code n} trials try {@code n} values of the setting that matters most. Each trial builds a fresh model
 * (the same initial weights, since the seed is the model's), trains it with the base options plus the drawn
 * settings, and is scored by the best epoch of the objective on validation data (a seeded 20 % split unless
 * the base options give validation). A trial whose training diverges scores worst rather than ending the
 * search. Immutable; {@link #run} returns every trial and the best model.
 *
 * @param <M> the generated model class
 */
public final class RandomSearch<M extends KilnModel> {

    private final Supplier<M> factory;
    private final double[] learningRate;
    private final int[] batchSizes;
    private final Map<String, double[]> dropoutRates;
    private final int trials;
    private final long seed;
    private final FitOptions base;
    private final String objective;

    private RandomSearch(Supplier<M> factory, double[] learningRate, int[] batchSizes, Map<String, double[]> dropout,
                         int trials, long seed, FitOptions base, String objective) {
        this.factory = factory;
        this.learningRate = learningRate;
        this.batchSizes = batchSizes;
        this.dropoutRates = dropout;
        this.trials = trials;
        this.seed = seed;
        this.base = base;
        this.objective = objective;
    }

    /**
     * A search over models from {@code factory} (e.g. {@code FashionMlpModel::new}): 10 trials, seed 1, no
     * setting searched yet, objective {@code val_loss}, silent fits with the model's defaults.
     */
    public static <M extends KilnModel> RandomSearch<M> of(Supplier<M> factory) {
        return new RandomSearch<>(Trainer.required(factory, "The model factory"), null, null, Map.of(), 10, 1,
                FitOptions.defaults().withVerbose(false), "val_loss");
    }

    /** Learning rates drawn log-uniformly from [min, max], so each decade gets the same share of trials. */
    public RandomSearch<M> learningRate(double min, double max) {
        if (!(min > 0 && max >= min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("Learning-rate range [" + min + ", " + max + "] must be positive"
                    + " with min ≤ max.");
        }
        return new RandomSearch<>(factory, new double[] {min, max}, batchSizes, dropoutRates, trials, seed, base,
                objective);
    }

    /** Batch sizes drawn uniformly from {@code choices}. */
    public RandomSearch<M> batchSize(int... choices) {
        if (Trainer.required(choices, "The batch sizes").length == 0) {
            throw new IllegalArgumentException("Give at least one batch size to choose from.");
        }
        for (int b : choices) {
            if (b < 1) {
                throw new IllegalArgumentException("Batch sizes must be at least 1, but " + b + " was given.");
            }
        }
        return new RandomSearch<>(factory, learningRate, choices.clone(), dropoutRates, trials, seed, base, objective);
    }

    /** The named dropout layer's rate drawn uniformly from [min, max] ⊂ [0, 1). */
    public RandomSearch<M> dropoutRate(String layer, double min, double max) {
        if (!(max >= min)) {
            throw new IllegalArgumentException("Dropout-rate range [" + min + ", " + max + "] for " + layer
                    + " needs min ≤ max.");
        }
        dev.kiln.runtime.kernels.DropoutMasks.checkRate(min, layer);
        dev.kiln.runtime.kernels.DropoutMasks.checkRate(max, layer);
        Map<String, double[]> d = new LinkedHashMap<>(dropoutRates);
        d.put(layer, new double[] {min, max});
        return new RandomSearch<>(factory, learningRate, batchSizes, d, trials, seed, base, objective);
    }

    /** Number of trials (at least 1). */
    public RandomSearch<M> trials(int trials) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be at least 1, but was " + trials + ".");
        }
        return new RandomSearch<>(factory, learningRate, batchSizes, dropoutRates, trials, seed, base, objective);
    }

    /** Seed of the draws; the same seed draws the same settings. */
    public RandomSearch<M> seed(long seed) {
        return new RandomSearch<>(factory, learningRate, batchSizes, dropoutRates, trials, seed, base, objective);
    }

    /**
     * Options every trial starts from (epochs, early stopping, ...); the drawn settings override theirs. Without
     * validation data or a split in them, the search splits off 20 %.
     */
    public RandomSearch<M> baseOptions(FitOptions options) {
        return new RandomSearch<>(factory, learningRate, batchSizes, dropoutRates, trials, seed,
                Trainer.required(options, "The base options"), objective);
    }

    /** The figure a trial is scored by, at its best epoch: {@code val_loss} (default), {@code val_accuracy}, ... */
    public RandomSearch<M> objective(String objective) {
        EpochResult.requireFigure(objective);
        return new RandomSearch<>(factory, learningRate, batchSizes, dropoutRates, trials, seed, base, objective);
    }

    /**
     * One trial: the settings drawn (NaN or 0 where not searched, meaning the model's default), its score
     * and its history.
     *
     * @param number       1-based trial number
     * @param learningRate the learning rate, or NaN for the model's
     * @param batchSize    the batch size, or 0 for the model's
     * @param dropoutRates the drawn dropout rates by layer
     * @param score        the objective at the best epoch
     * @param bestEpoch    that epoch
     * @param history      the trial's history
     */
    public record Trial(int number, double learningRate, int batchSize, Map<String, Double> dropoutRates,
                        double score, int bestEpoch, History history) {

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "trial %2d:", number));
            if (!Double.isNaN(learningRate)) {
                sb.append(String.format(Locale.ROOT, "  learning rate %.3g", learningRate));
            }
            if (batchSize > 0) {
                sb.append("  batch ").append(batchSize);
            }
            dropoutRates.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %s %.3f", k, v)));
            return sb.append(String.format(Locale.ROOT, "  -> %.4f (epoch %d)", score, bestEpoch)).toString();
        }
    }

    /**
     * The search's outcome.
     *
     * @param objective the figure trials were scored by
     * @param trials    every trial, in the order run
     * @param best      the trial with the best score (the first of equals)
     * @param bestModel the best trial's trained model
     * @param <M>       the model class
     */
    public record Result<M>(String objective, List<Trial> trials, Trial best, M bestModel) {

        /** One line per trial, then the best. */
        public String table() {
            StringBuilder sb = new StringBuilder("random search, objective " + objective + " (best epoch of each"
                    + " trial)\n");
            trials.forEach(t -> sb.append(t).append('\n'));
            return sb.append("best: ").append(best).append('\n').toString();
        }
    }

    /**
     * Settings that would fail in some trial are refused before the first, naming this class's method: a batch
     * size the model cannot hold, a dropout layer it does not have, an objective it does not report.
     */
    private void checkAgainst(M model) {
        if (batchSizes != null) {
            for (int b : batchSizes) {
                if (b > model.maxBatchSize()) {
                    throw new IllegalArgumentException("RandomSearch.batchSize offers " + b + ", but the model holds"
                            + " batches of at most " + model.maxBatchSize() + " rows. Offer smaller batch sizes, or"
                            + " build the models with a larger maxBatchSize.");
                }
            }
        }
        java.util.Set<String> dropouts = new java.util.TreeSet<>();
        model.layers().stream().filter(dev.kiln.runtime.DropoutLayer.class::isInstance)
                .forEach(l -> dropouts.add(l.name()));
        for (String layer : dropoutRates.keySet()) {
            if (!dropouts.contains(layer)) {
                throw new IllegalArgumentException("RandomSearch.dropoutRate names " + layer + ", but the model's"
                        + " dropout layers are " + (dropouts.isEmpty() ? "none" : String.join(", ", dropouts)) + ".");
            }
        }
        String plain = objective.substring(4);
        if (!plain.equals("loss") && !plain.equals(model.task().metricName())) {
            throw new IllegalArgumentException("RandomSearch.objective is " + objective + ", but this model reports"
                    + " loss and " + model.task().metricName() + " (val_loss, val_" + model.task().metricName()
                    + ").");
        }
    }

    /** Runs every trial on {@code train} and returns them with the best. */
    public Result<M> run(Dataset train) {
        Trainer.required(train, "The training data");
        FitOptions options = base;
        if (options.validation() == null && options.validationSplit() == 0) {
            options = options.withValidationSplit(0.2);
        }
        if (!objective.startsWith("val_")) {
            throw new IllegalArgumentException("The objective " + objective + " is a training figure; score trials on"
                    + " validation figures (val_loss, val_accuracy, val_mae) so the search does not reward"
                    + " overfitting.");
        }
        boolean higher = objective.endsWith("accuracy");
        checkAgainst(factory.get());
        Rng rng = new Rng(seed);
        List<Trial> done = new ArrayList<>(); // not sized by trials: the caller's number, not ours
        Trial best = null;
        M bestModel = null;
        for (int t = 1; t <= trials; t++) {
            FitOptions trial = options;
            double lr = Double.NaN;
            if (learningRate != null) {
                double logMin = Math.log(learningRate[0]);
                lr = Math.exp(logMin + rng.nextDouble() * (Math.log(learningRate[1]) - logMin));
                trial = trial.withLearningRate(lr);
            }
            int batch = 0;
            if (batchSizes != null) {
                batch = batchSizes[rng.nextInt(batchSizes.length)];
                trial = trial.withBatchSize(batch);
            }
            Map<String, Double> rates = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> d : dropoutRates.entrySet()) {
                double r = d.getValue()[0] + rng.nextDouble() * (d.getValue()[1] - d.getValue()[0]);
                rates.put(d.getKey(), r);
                trial = trial.withDropoutRate(d.getKey(), r);
            }
            M model = factory.get();
            History h;
            try {
                h = model.fit(train, trial);
            } catch (TrainingDivergedException e) {
                // A diverging setting is a result, not a failure of the search: it scores worst.
                h = new History(model.task().metricName(), List.of(), 0, true);
            }
            int bestEpoch = 0;
            double score = higher ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            for (EpochResult r : h.epochs()) {
                double v = r.value(objective);
                if (higher ? v > score : v < score) {
                    score = v;
                    bestEpoch = r.epoch();
                }
            }
            Trial result = new Trial(t, lr, batch, java.util.Collections.unmodifiableMap(rates), score, bestEpoch, h);
            done.add(result);
            if (best == null || (higher ? score > best.score() : score < best.score())) {
                best = result;
                bestModel = model;
            }
        }
        return new Result<>(objective, List.copyOf(done), best, bestModel);
    }
}
