package dev.kiln.runtime.train;

import dev.kiln.runtime.data.Dataset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of one {@code fit} call; immutable, each {@code with…} returns a changed copy. What is not set
 * here comes from the model's annotations: epochs and batch size from {@code @Model} (Keras's 1 and 32
 * unless declared), learning rate from {@code @Optimizer}, schedule from {@code @Schedule} (constant
 * unless declared), dropout rates from each {@code @Dropout}. So hyperparameters can be searched without
 * recompiling, while sizes and layer order stay compile-time constants.
 */
public final class FitOptions {

    private Integer epochs;
    private Integer batchSize;
    private boolean shuffle = true;
    private Long seed;
    private Dataset validation;
    private Verbosity verbosity = Verbosity.AUTO;
    private java.io.PrintStream output;
    private java.util.List<Callback> callbacks = java.util.List.of();
    private boolean resume;
    private EpochListener listener;
    private Double learningRate;
    private LearningRateSchedule schedule;
    private Map<String, Float> dropoutRates = Map.of();
    private EarlyStopping earlyStopping;
    private float[] classWeights;
    private boolean balancedClassWeights;
    private java.util.List<String> metrics = java.util.List.of();
    private double validationSplit;
    private Augmentation augmentation;

    private FitOptions() {}

    /**
     * Nothing overridden: the model's annotation values, shuffling with the model's seed, progress printed
     * (see {@link Verbosity#AUTO}).
     */
    public static FitOptions defaults() {
        return new FitOptions();
    }

    private FitOptions copy() {
        FitOptions c = new FitOptions();
        c.epochs = epochs;
        c.batchSize = batchSize;
        c.shuffle = shuffle;
        c.seed = seed;
        c.validation = validation;
        c.verbosity = verbosity;
        c.output = output;
        c.callbacks = callbacks;
        c.resume = resume;
        c.listener = listener;
        c.learningRate = learningRate;
        c.schedule = schedule;
        c.dropoutRates = dropoutRates;
        c.earlyStopping = earlyStopping;
        c.classWeights = classWeights;
        c.balancedClassWeights = balancedClassWeights;
        c.metrics = metrics;
        c.validationSplit = validationSplit;
        c.augmentation = augmentation;
        return c;
    }

    /** Number of passes over the training data (at least 1). */
    public FitOptions withEpochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, but was " + epochs + ".");
        }
        FitOptions c = copy();
        c.epochs = epochs;
        return c;
    }

    /**
     * Rows per mini-batch: 1 for stochastic gradient descent, the data set's size or more for full-batch
     * (at most the model's maximum batch size). The last batch of an epoch may be smaller.
     */
    public FitOptions withBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, but was " + batchSize + ".");
        }
        FitOptions c = copy();
        c.batchSize = batchSize;
        return c;
    }

    /** Whether to reshuffle the rows before every epoch (default true). */
    public FitOptions withShuffle(boolean shuffle) {
        FitOptions c = copy();
        c.shuffle = shuffle;
        return c;
    }

    /** Seed of the per-epoch shuffle; by default the model's seed. */
    public FitOptions withSeed(long seed) {
        FitOptions c = copy();
        c.seed = seed;
        return c;
    }

    /** Data evaluated after every epoch (validation loss and metric in the history). */
    public FitOptions withValidation(Dataset validation) {
        FitOptions c = copy();
        c.validation = Trainer.required(validation, "The validation data");
        return c;
    }

    /** {@code false} is {@link Verbosity#SILENT}, {@code true} {@link Verbosity#AUTO} (the default). */
    public FitOptions withVerbose(boolean verbose) {
        return withVerbosity(verbose ? Verbosity.AUTO : Verbosity.SILENT);
    }

    /** What {@code fit} prints: a progress bar on a terminal, else a line per epoch, by default. */
    public FitOptions withVerbosity(Verbosity verbosity) {
        FitOptions c = copy();
        c.verbosity = Trainer.required(verbosity, "The verbosity");
        return c;
    }

    /** Where progress goes instead of standard output. */
    public FitOptions withOutput(java.io.PrintStream output) {
        FitOptions c = copy();
        c.output = Trainer.required(output, "The output stream");
        return c;
    }

    /** Callbacks called in the order given (see {@link Callback}); replaces earlier ones. */
    public FitOptions withCallbacks(Callback... callbacks) {
        FitOptions c = copy();
        Trainer.required(callbacks, "The callbacks array");
        for (int i = 0; i < callbacks.length; i++) {
            Trainer.required(callbacks[i], "Callback " + i + " of withCallbacks");
        }
        c.callbacks = java.util.List.of(callbacks);
        return c;
    }

    /**
     * Continues the run recorded in the model's {@link TrainingProgress} (after {@code load} of a checkpoint, or
     * after a {@code fit} that stopped early) instead of starting a new one: epochs are numbered on from the
     * last completed one up to {@link #withEpochs}, with the same seed, row order, generator states, step
     * count and learning-rate factor, so an interrupted run ends with the same weights as one that was not
     * interrupted. The training data must be the same. Early stopping's and callbacks' own counters start
     * afresh.
     */
    public FitOptions withResume() {
        FitOptions c = copy();
        c.resume = true;
        return c;
    }

    /** Whether this call resumes the recorded run. */
    public boolean resume() {
        return resume;
    }

    /** The callbacks, in order. */
    public java.util.List<Callback> callbacks() {
        return callbacks;
    }

    /** The verbosity setting (before {@link Verbosity#AUTO} is resolved). */
    public Verbosity verbosity() {
        return verbosity;
    }

    /** Where progress is printed. */
    public java.io.PrintStream output() {
        return output == null ? System.out : output;
    }

    /** Called after every epoch. */
    public FitOptions withListener(EpochListener listener) {
        FitOptions c = copy();
        c.listener = Trainer.required(listener, "The listener");
        return c;
    }

    /** Base learning rate η₀ instead of the {@code @Optimizer}'s (greater than 0). */
    public FitOptions withLearningRate(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number greater than 0, but was "
                    + learningRate + ".");
        }
        FitOptions c = copy();
        c.learningRate = learningRate;
        return c;
    }

    /** Learning-rate schedule instead of the {@code @Schedule}. */
    public FitOptions withSchedule(LearningRateSchedule schedule) {
        FitOptions c = copy();
        c.schedule = Trainer.required(schedule, "The schedule");
        return c;
    }

    /** Drop probability of the named {@code @Dropout} layer for this fit, in [0, 1). */
    public FitOptions withDropoutRate(String layer, double rate) {
        Trainer.required(layer, "The dropout layer's name");
        dev.kiln.runtime.kernels.DropoutMasks.checkRate(rate, layer);
        FitOptions c = copy();
        Map<String, Float> rates = new LinkedHashMap<>(dropoutRates);
        rates.put(layer, (float) rate);
        c.dropoutRates = Collections.unmodifiableMap(rates);
        return c;
    }

    /** Stop when a monitored figure stops improving; see {@link EarlyStopping}. */
    public FitOptions withEarlyStopping(EarlyStopping earlyStopping) {
        FitOptions c = copy();
        c.earlyStopping = Trainer.required(earlyStopping, "The early stopping");
        return c;
    }

    /**
     * Weights of the training loss per class, as Keras's {@code class_weight}: each sample's loss and
     * gradient are multiplied by its class's weight (the batch mean still divides by the batch size). One
     * weight per class for softmax cross-entropy, two (target 0, target 1) for binary cross-entropy; not
     * for regression. Validation and {@code evaluate} losses stay unweighted.
     */
    public FitOptions withClassWeights(float... weights) {
        Trainer.required(weights, "The class weights");
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Float.isInfinite(weights[i])) {
                throw new IllegalArgumentException("class weight " + i + " must be a finite number at least 0, but was "
                        + weights[i] + ".");
            }
        }
        FitOptions c = copy();
        c.classWeights = weights.clone();
        c.balancedClassWeights = false;
        return c;
    }

    /**
     * Class weights inversely proportional to each class's frequency in the training rows (after a validation
     * split), as scikit-learn's {@code compute_class_weight("balanced")}: {@code n / (K · count_c)} for n rows
     * and K classes, so that every class weighs as much in the loss as if the classes were equally frequent.
     * For binary cross-entropy the two classes are target 0 and target 1 over all outputs. Replaces weights
     * given with {@link #withClassWeights}; every class must have training rows.
     */
    public FitOptions withBalancedClassWeights() {
        FitOptions c = copy();
        c.classWeights = null;
        c.balancedClassWeights = true;
        return c;
    }

    /**
     * Holds out a seeded random fraction in (0, 1) of the training data for validation (not the tail, as
     * Keras does), drawn with the fit's seed. Cannot be combined with {@link #withValidation}.
     */
    public FitOptions withValidationSplit(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validationSplit must be in (0, 1), but was " + fraction + ".");
        }
        FitOptions c = copy();
        c.validationSplit = fraction;
        return c;
    }

    /** Augments every training mini-batch; see {@link ImageAugmentation} for the built-in one. */
    public FitOptions withAugmentation(Augmentation augmentation) {
        FitOptions c = copy();
        c.augmentation = Trainer.required(augmentation, "The augmentation");
        return c;
    }

    /** Early stopping, or null. */
    public EarlyStopping earlyStopping() {
        return earlyStopping;
    }

    /**
     * Metrics computed on the validation data after every epoch, besides loss and accuracy (or MAE): they
     * appear in each {@link EpochResult}, in {@link History} and its CSV, and in the progress line, under their
     * {@code val_} names, and early stopping and the callbacks can monitor them. For a classifier:
     * {@code balanced_accuracy}, {@code macro_f1}, {@code weighted_f1}, {@code macro_precision},
     * {@code macro_recall}, {@code roc_auc}, {@code average_precision}, {@code log_loss}, {@code mcc}; for regression:
     * {@code mse}, {@code rmse}, {@code r2}, {@code explained_variance}; each as {@code ClassificationMetrics} or
     * {@code RegressionMetrics} computes it. Needs validation data.
     *
     * @param names the metrics
     * @return the new options
     */
    public FitOptions withMetrics(String... names) {
        Trainer.required(names, "The metrics");
        java.util.List<String> list = new java.util.ArrayList<>();
        for (String name : names) {
            Trainer.required(name, "A metric's name");
            String plain = name.startsWith("val_") ? name.substring(4) : name;
            if (!ValidationMetrics.known(plain)) {
                throw new IllegalArgumentException("No metric is called '" + name + "'; choose from "
                        + String.join(", ", new java.util.TreeSet<>(ValidationMetrics.CLASSIFICATION)) + " (classifiers)"
                        + " or " + String.join(", ", new java.util.TreeSet<>(ValidationMetrics.REGRESSION))
                        + " (regression).");
            }
            if (!list.contains(plain)) {
                list.add(plain);
            }
        }
        FitOptions c = copy();
        c.metrics = java.util.List.copyOf(list);
        return c;
    }

    /** The validation metrics asked for ({@link #withMetrics}), without their {@code val_} prefix. */
    public java.util.List<String> metrics() {
        return metrics;
    }

    /** Whether class weights are computed from the training rows ({@link #withBalancedClassWeights}). */
    public boolean balancedClassWeights() {
        return balancedClassWeights;
    }

    /** Class weights (a copy), or null. */
    public float[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    /** Fraction held out for validation, or 0. */
    public double validationSplit() {
        return validationSplit;
    }

    /** The augmentation, or null. */
    public Augmentation augmentation() {
        return augmentation;
    }

    /** Epochs set here, or {@code modelDefault}. */
    public int epochsOr(int modelDefault) {
        return epochs == null ? modelDefault : epochs;
    }

    /** Batch size set here, or {@code modelDefault}. */
    public int batchSizeOr(int modelDefault) {
        return batchSize == null ? modelDefault : batchSize;
    }

    /** Whether rows are reshuffled every epoch. */
    public boolean shuffle() {
        return shuffle;
    }

    /** The shuffle seed, or the given default when none was set. */
    public long seedOr(long modelSeed) {
        return seed == null ? modelSeed : seed;
    }

    /** Learning rate set here, or {@code modelDefault}. */
    public double learningRateOr(double modelDefault) {
        return learningRate == null ? modelDefault : learningRate;
    }

    /** Schedule set here, or {@code modelDefault}. */
    public LearningRateSchedule scheduleOr(LearningRateSchedule modelDefault) {
        return schedule == null ? modelDefault : schedule;
    }

    /** Dropout rates set here, by layer name. */
    public Map<String, Float> dropoutRates() {
        return dropoutRates;
    }

    /** Validation data, or null. */
    public Dataset validation() {
        return validation;
    }

    /** Whether anything is printed. */
    public boolean verbose() {
        return verbosity != Verbosity.SILENT;
    }

    /** The epoch listener, or null. */
    public EpochListener listener() {
        return listener;
    }
}
