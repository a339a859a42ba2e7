package dev.kiln.runtime.train;

import dev.kiln.runtime.DropoutLayer;
import dev.kiln.runtime.Rng;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.kernels.Rows;
import dev.kiln.runtime.kernels.WorkerPool;
import java.util.ArrayList;
import java.util.List;

/**
 * The training loop that every generated model delegates to: checks the data once, then per epoch
 * shuffles row indices, copies each mini-batch into the model's buffers and calls its specialised step.
 * The loop allocates nothing per step; per epoch it allocates one {@link EpochResult}.
 */
public final class Trainer {

    /** Stream id under which the shuffle generator is derived from the seed. */
    static final long SHUFFLE_STREAM = 1;
    /** Stream ids for the validation split and augmentation (2 is the generated models' dropout stream). */
    private static final long SPLIT_STREAM = 3;
    private static final long AUGMENT_STREAM = 4;

    private Trainer() {}

    /**
     * Runs {@code work} with {@code net} held by this thread. A generated model owns one set of buffers, so two
     * threads using it at once would corrupt each other's results: the second one fails fast instead.
     */
    private static <T> T exclusive(TrainableNetwork net, java.util.function.Supplier<T> work) {
        acquire(net);
        try {
            return work.get();
        } finally {
            release(net);
        }
    }

    /** File work on a model, which may throw {@link java.io.IOException}. */
    public interface IoWork {
        /**
         * Does the work.
         *
         * @throws java.io.IOException when a file cannot be read or written
         */
        void run() throws java.io.IOException;
    }

    /**
     * Runs file work on {@code net} (saving or restoring it) while holding it, as {@code fit} and {@code predict}
     * do, so that a model is never written while it trains on another thread. Public for {@code GeneratedModel}
     * and Kiln's modules, which save models with the checkpoint format.
     *
     * @param net  the model
     * @param work what to do
     * @throws java.io.IOException when {@code work} does
     * @throws IllegalStateException when {@code net} is in use on another thread, or this is a call from inside
     *                               one of its own calls
     */
    public static void exclusivelyIo(TrainableNetwork net, IoWork work) throws java.io.IOException {
        acquire(net);
        try {
            work.run();
        } finally {
            release(net);
        }
    }

    /** The models this thread is inside a call of, to tell a re-entrant call from another thread's. */
    private static final ThreadLocal<java.util.IdentityHashMap<TrainableNetwork, Boolean>> HELD =
            ThreadLocal.withInitial(java.util.IdentityHashMap::new);

    private static void acquire(TrainableNetwork net) {
        if (net == null) {
            throw new IllegalArgumentException("The model is null.");
        }
        if (!net.inUse().compareAndSet(false, true)) {
            if (HELD.get().containsKey(net)) {
                throw new IllegalStateException("This model was called from inside one of its own fit, evaluate,"
                        + " predict, computeGradients, save or restore calls on the same thread (a callback calling"
                        + " fit or evaluate, for example). The model's buffers are in use by the outer call: make the"
                        + " call after it returns, save from a callback with TrainingContext.save, or use another"
                        + " model instance.");
            }
            throw new IllegalStateException("This model is already running fit, evaluate, predict, computeGradients,"
                    + " save or restore on another thread. A generated model owns one set of buffers and is not"
                    + " thread-safe: give each thread its own instance (they are small next to their data).");
        }
        HELD.get().put(net, Boolean.TRUE);
    }

    private static void release(TrainableNetwork net) {
        HELD.get().remove(net);
        net.inUse().set(false);
    }

    /**
     * An argument a caller passed as null: refused in a sentence that names it, never a bare NullPointerException.
     * Public for the other runtime packages and Kiln's modules, which refuse nulls in the same words.
     *
     * @param value the argument
     * @param what  how the message names it, e.g. "The checkpoint path"
     * @param <T>   its type
     * @return {@code value}
     * @throws IllegalArgumentException when it is null
     */
    public static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is null; pass a value (see the method's documentation).");
        }
        return value;
    }

    /** Trains {@code net} on {@code train}; see {@link FitOptions}. */
    public static History fit(TrainableNetwork net, Dataset train, FitOptions options) {
        required(train, "The training data");
        required(options, "The FitOptions");
        return exclusive(net, () -> {
            WorkerPool.trainingStarted();
            try {
                return fitExclusive(net, train, options);
            } finally {
                WorkerPool.trainingEnded();
            }
        });
    }

    private static History fitExclusive(TrainableNetwork net, Dataset train, FitOptions options) {
        checkData(net, train, "training data");
        long seed = options.seedOr(options.resume() && net.progress().epochsDone() > 0 ? net.progress().seed()
                : net.seed());
        Dataset validation = options.validation();
        if (options.validationSplit() > 0) {
            if (validation != null) {
                throw new IllegalArgumentException("FitOptions sets both validation data and a validation split;"
                        + " choose one.");
            }
            Dataset.Split split = train.split(1 - options.validationSplit(), Rng.derive(seed, SPLIT_STREAM).nextLong());
            if (split.first().rows() == 0 || split.second().rows() == 0) {
                throw new IllegalArgumentException("withValidationSplit(" + options.validationSplit() + ") of "
                        + train.rows() + (train.rows() == 1 ? " row" : " rows") + " leaves no "
                        + (split.first().rows() == 0 ? "training" : "validation") + " rows. Give more rows, or a"
                        + " split that leaves some on both sides.");
            }
            train = split.first();
            validation = split.second();
        }
        if (validation != null) {
            checkData(net, validation, "validation data");
        }
        int rows = train.rows();
        int batch = Math.min(options.batchSizeOr(net.defaultBatchSize()), rows);
        if (batch > net.maxBatchSize()) {
            throw new IllegalArgumentException("The batch size is " + batch + ", larger than the " + net.maxBatchSize()
                    + " rows this model was built for; build it with a larger maximum (the constructor that takes"
                    + " maxBatchSize, or @Model(maxBatchSize = ...)), or lower FitOptions.withBatchSize.");
        }
        if (LocalSteps.leavesBatchOfOne(net, rows, batch)) {
            String what = rows + " training rows" + (options.validationSplit() > 0 ? " (after the validation split)"
                    : "");
            if (rows == 1) {
                throw new IllegalArgumentException("This model has batch normalisation, which needs at least 2 rows"
                        + " in every training batch (the variance of one row is 0), but there is only 1 training row"
                        + (options.validationSplit() > 0 ? " after the validation split" : "") + ". Give more rows.");
            }
            int fits = nearest(rows, batch, net.maxBatchSize());
            throw new IllegalArgumentException("This model has batch normalisation, which needs at least 2 rows in"
                    + " every training batch (the variance of one row is 0), but " + what + " in batches of "
                    + batch + " leave a batch of 1 row. " + (fits > 0 ? "Choose a batch size that leaves no single"
                    + " row (for example " + fits + "), or drop a row." : "No batch size up to the model's maximum ("
                    + net.maxBatchSize() + ") avoids that: drop a row, or build the model with a larger maxBatchSize."));
        }
        EarlyStopping stopping = options.earlyStopping();
        if (stopping != null && stopping.needsValidation() && validation == null) {
            throw new IllegalArgumentException(stopping + " monitors " + stopping.monitor() + ", which needs"
                    + " validation data: add FitOptions.withValidation(...) or withValidationSplit(...).");
        }
        ValidationMetrics.check(net.task(), options.metrics(), validation != null);
        if (stopping != null && !stopping.monitor().endsWith(net.task() == Task.REGRESSION ? "mae" : "accuracy")
                && !stopping.monitor().endsWith("loss") && !(stopping.monitor().startsWith("val_")
                        && options.metrics().contains(stopping.monitor().substring(4)))) {
            throw new IllegalArgumentException("EarlyStopping monitors " + stopping.monitor() + ", but this model"
                    + " reports loss and " + net.task().metricName() + " (and their val_ forms)"
                    + (stopping.monitor().startsWith("val_") && ValidationMetrics.known(stopping.monitor().substring(4))
                            ? "; ask for " + stopping.monitor() + " with FitOptions.withMetrics(\""
                                    + stopping.monitor().substring(4) + "\")" : "") + ".");
        }
        float[] classWeights = checkedClassWeights(net, options.balancedClassWeights()
                ? balancedClassWeights(net, train, options.validationSplit() > 0) : options.classWeights());
        Augmentation augmentation = options.augmentation();
        if (augmentation != null) {
            augmentation.checkWidth(net.inputWidth());
        }

        int epochCount = options.epochsOr(net.defaultEpochs());
        double baseRate = options.learningRateOr(net.defaultLearningRate());
        LearningRateSchedule schedule = options.scheduleOr(net.defaultSchedule());
        Task task = net.task();
        TrainingProgress progress = net.progress();
        int[] order = new int[rows];
        Rng shuffler = Rng.derive(seed, SHUFFLE_STREAM);
        Rng augmenter = Rng.derive(seed, AUGMENT_STREAM);
        int firstEpoch = 1;
        long step = 0;
        if (options.resume()) {
            checkResumable(progress, seed, options, rows);
            System.arraycopy(progress.order, 0, order, 0, rows);
            shuffler.restoreState(progress.shuffleState);
            augmenter.restoreState(progress.augmentState);
            firstEpoch = progress.epochsDone + 1;
            step = progress.steps;
            int asked = options.epochsOr(net.defaultEpochs());
            if (firstEpoch > asked) {
                throw new IllegalArgumentException("FitOptions.withResume() continues a run that has completed "
                        + progress.epochsDone + " epochs, but this call trains up to epoch " + asked + ", so there is"
                        + " nothing left to do. Ask for more epochs, e.g. withEpochs(" + (progress.epochsDone + 5)
                        + ").");
            }
        } else {
            for (int i = 0; i < rows; i++) {
                order[i] = i;
            }
        }
        EarlyStopping.Tracker tracker = stopping == null ? null : stopping.tracker();
        StateSnapshot best = stopping != null && stopping.restoreBestWeights() ? new StateSnapshot(net, false) : null;
        // The state at the start of the epoch, put back if training diverges: an update can overflow to
        // infinity before any loss or gradient shows it, and a forward pass updates running statistics first.
        StateSnapshot epochStart = new StateSnapshot(net, true);
        // Not sized by the epoch count: a run of Integer.MAX_VALUE epochs stopped by a callback is legitimate.
        List<EpochResult> epochs = new ArrayList<>();
        Verbosity verbosity = options.verbosity().resolve();
        ProgressPrinter printer = verbosity == Verbosity.SILENT ? null
                : new ProgressPrinter(options.output(), verbosity, epochCount, task.metricName());
        List<Callback> callbacks = options.callbacks();
        TrainingContext context = new TrainingContext(net, epochCount, validation != null, options.resume(),
                options.metrics());
        dropoutLayers(net, options); // before any callback acts: a CsvLogger truncates its file when training begins
        callbacks.forEach(c -> c.onTrainBegin(context));
        // Only now, with every setting checked, does this call change the model: a refused call leaves the
        // recorded run (and so a later resume) as it was.
        applyDropoutRates(net, options);
        if (!options.resume()) {
            progress.reset(seed);
        }
        int steps = (rows + batch - 1) / batch;
        net.setClassWeights(classWeights);
        try {
            for (int epoch = firstEpoch; epoch <= epochCount; epoch++) {
                for (Callback c : callbacks) {
                    c.onEpochBegin(epoch, context);
                }
                if (options.shuffle()) {
                    shuffler.shuffle(order, rows);
                }
                double rate = schedule.rate(baseRate, epoch - 1) * progress.rateFactor;
                epochStart.take();
                if (printer != null) {
                    printer.epochStart(steps, System.nanoTime());
                }
                long start = System.nanoTime();
                double lossSum = 0;
                double metricSum = 0;
                int batchIndex = 0;
                for (int from = 0; from < rows; from += batch, step++, batchIndex++) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw interrupted(epoch, batchIndex, epochs, task, bestEpoch(tracker), validation != null);
                    }
                    if (schedule.perStep()) {
                        rate = schedule.rate(baseRate, step) * progress.rateFactor;
                    }
                    net.setLearningRate(rate);
                    int n = Math.min(batch, rows - from);
                    copyBatch(net, train, order, from, n);
                    if (augmentation != null) {
                        augmentation.augment(net.inputBuffer(), n, net.inputWidth(), augmenter);
                    }
                    double loss = net.trainStep(n);
                    if (!Double.isFinite(loss)) {
                        epochStart.restore();
                        throw diverged(net, epoch, batchIndex, loss);
                    }
                    lossSum += loss;
                    metricSum += metricSum(net, task, n);
                    // Indexed, not for-each: no iterator per step.
                    for (int i = 0; i < callbacks.size(); i++) {
                        callbacks.get(i).onBatchEnd(epoch, batchIndex, loss / n, context);
                    }
                    if (printer != null) {
                        printer.step(epoch, batchIndex + 1, from + n, lossSum, metricSum,
                                metricCount(task, net, from + n), System.nanoTime());
                    }
                }
                if (!parametersFinite(net)) {
                    // The last update overflowed, which no loss has shown yet: never end an epoch on it.
                    epochStart.restore();
                    throw diverged(net, epoch, batchIndex - 1, Double.POSITIVE_INFINITY);
                }
                if (Thread.currentThread().isInterrupted()) {
                    // Before the epoch's callbacks: file channels refuse to write on an interrupted thread.
                    throw interrupted(epoch, batchIndex, epochs, task, bestEpoch(tracker), validation != null);
                }
                double seconds = (System.nanoTime() - start) * 1e-9;
                double valLoss = Double.NaN;
                double valMetric = Double.NaN;
                if (validation != null) {
                    net.setClassWeights(null);
                    Evaluation v = evaluateExclusive(net, validation);
                    net.setClassWeights(classWeights);
                    valLoss = v.loss();
                    valMetric = v.metric();
                }
                java.util.Map<String, Double> extra = validation == null ? java.util.Map.of()
                        : ValidationMetrics.compute(net, validation, options.metrics());
                EpochResult result = new EpochResult(epoch, lossSum / rows, metricSum / metricCount(task, net, rows),
                        valLoss, valMetric, rate, seconds, rows, extra);
                epochs.add(result);
                progress.record(epoch, step, shuffler.saveState(), augmenter.saveState(), order);
                if (printer != null) {
                    printer.epochEnd(result);
                }
                if (options.listener() != null) {
                    options.listener().onEpochEnd(result);
                }
                for (Callback c : callbacks) {
                    c.onEpochEnd(result, context);
                }
                if (tracker != null) {
                    if (tracker.improved(epoch, stopping.valueOf(result)) && best != null) {
                        best.take();
                    }
                    if (tracker.shouldStop()) {
                        if (printer != null) {
                            printer.message("early stopping after epoch " + epoch + ": " + stopping.monitor()
                                    + " has not improved since epoch " + tracker.bestEpoch());
                        }
                        break;
                    }
                }
                if (context.stopRequested()) {
                    break;
                }
            }
        } finally {
            net.setClassWeights(null);
        }
        int bestEpoch = bestEpoch(tracker);
        if (best != null && bestEpoch > 0) {
            best.restore();
        }
        History history = new History(task.metricName(), List.copyOf(epochs), bestEpoch, validation != null);
        callbacks.forEach(c -> c.onTrainEnd(history, context));
        return history;
    }

    private static int bestEpoch(EarlyStopping.Tracker tracker) {
        return tracker == null ? 0 : tracker.bestEpoch();
    }

    private static TrainingInterruptedException interrupted(int epoch, int batchIndex, List<EpochResult> epochs,
                                                            Task task, int bestEpoch, boolean validation) {
        History done = new History(task.metricName(), List.copyOf(epochs), bestEpoch, validation);
        return new TrainingInterruptedException("fit was interrupted in epoch " + epoch + " after " + batchIndex
                + " of its steps. The model holds the weights of the last completed step (the optimizer state"
                + " and statistics of that step too); the thread's interrupt flag is still set. The exception's"
                + " history() lists the " + epochs.size() + " completed epochs.", done);
    }

    static boolean hasBatchNorm(TrainableNetwork net) {
        return net.layers().stream().anyMatch(dev.kiln.runtime.BatchNormLayer.class::isInstance);
    }

    private static void checkResumable(TrainingProgress progress, long seed, FitOptions options, int rows) {
        if (progress.epochsDone == 0) {
            throw new IllegalArgumentException("FitOptions.withResume() found no run to resume: this model has not"
                    + " completed an epoch since it was built or loaded. Load a checkpoint first, or fit without"
                    + " withResume().");
        }
        if (progress.order.length != rows) {
            throw new IllegalArgumentException("FitOptions.withResume() continues a run over " + progress.order.length
                    + " training rows, but this call trains on " + rows + ". Resume with the same training data"
                    + " (and the same validation split).");
        }
        if (seed != progress.seed) {
            throw new IllegalArgumentException("FitOptions.withResume() continues a run with seed " + progress.seed
                    + ", but this call sets seed " + seed + ". Drop withSeed, or give the run's seed.");
        }
    }

    /**
     * scikit-learn's "balanced" class weights of the training rows: {@code n / (K · count_c)}. For a binary
     * model the classes are target 0 and target 1 (at 0.5) over all outputs.
     */
    static float[] balancedClassWeights(TrainableNetwork net, Dataset train, boolean afterSplit) {
        long[] counts;
        switch (net.task()) {
            case CLASSIFICATION -> {
                counts = new long[net.outputWidth()];
                for (int label : train.labels()) {
                    counts[label]++;
                }
            }
            case BINARY -> {
                counts = new long[2];
                for (float t : train.targets()) {
                    counts[t >= 0.5f ? 1 : 0]++;
                }
            }
            default -> throw new IllegalArgumentException("Class weights apply to classification losses, but this"
                    + " model is trained on a regression loss. Remove FitOptions.withBalancedClassWeights.");
        }
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        float[] weights = new float[counts.length];
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] == 0) {
                throw new IllegalArgumentException("Balanced class weights need rows of every class, but the training"
                        + " data" + (afterSplit ? " (after the validation split)" : "") + " has none of "
                        + (net.task() == Task.BINARY ? "target " : "class ") + c + ". Give weights with"
                        + " FitOptions.withClassWeights, or training data with every class.");
            }
            weights[c] = (float) ((double) n / ((double) counts.length * counts[c]));
        }
        return weights;
    }

    private static float[] checkedClassWeights(TrainableNetwork net, float[] weights) {
        if (weights == null) {
            return null;
        }
        int expected = switch (net.task()) {
            case CLASSIFICATION -> net.outputWidth();
            case BINARY -> 2;
            case REGRESSION -> throw new IllegalArgumentException("Class weights apply to classification losses,"
                    + " but this model is trained on a regression loss. Remove FitOptions.withClassWeights.");
        };
        if (weights.length != expected) {
            throw new IllegalArgumentException("FitOptions gives " + weights.length + " class weights, but this model"
                    + " needs " + expected + (net.task() == Task.BINARY ? " (target 0, target 1)." : " (one per class)."));
        }
        return weights;
    }

    /** Whether every learnable value is finite; checked once per epoch, not per step. */
    static boolean parametersFinite(TrainableNetwork net) {
        for (dev.kiln.runtime.Parameter p : net.parameters()) {
            if (!dev.kiln.runtime.kernels.Checks.allFinite(p.values(), p.offset(), p.offset() + p.size())) {
                return false;
            }
        }
        return true;
    }

    /** The batch size nearest to {@code batch}, at most {@code max}, that leaves no last batch of one row. */
    private static int nearest(int rows, int batch, int max) {
        for (int d = 1; d < rows; d++) {
            for (int b : new int[] {batch + d, batch - d}) {
                if (b >= 2 && b <= Math.min(max, rows) && rows % b != 1) {
                    return b;
                }
            }
        }
        return 0;
    }

    /** {@code batchIndex} counts from 0 within the epoch; the message counts steps from 1, as the progress bar does. */
    static TrainingDivergedException diverged(TrainableNetwork net, int epoch, int batchIndex, double loss) {
        String layer = net.nonFiniteGradient();
        String what = layer == null ? (Double.isInfinite(loss) ? "a weight became infinite or NaN in the update"
                : "the loss became " + loss)
                : "the gradient of " + layer + " became NaN or infinite";
        return new TrainingDivergedException("Training diverged in epoch " + epoch + ", step " + (batchIndex + 1)
                + ": " + what
                + ". The weights are back to those at the start of epoch " + epoch + " (with the optimizer state and"
                + " BatchNorm statistics). Usual fixes: a lower learning"
                + " rate (FitOptions.withLearningRate), gradient clipping (@Optimizer(globalClipNorm = 1.0)), or"
                + " standardised inputs (Standardizer).");
    }

    /** Every dropout layer gets the rate the options give it, else its annotation's; unknown names change nothing. */
    private static void applyDropoutRates(TrainableNetwork net, FitOptions options) {
        for (DropoutLayer d : dropoutLayers(net, options)) {
            net.setDropoutRate(d.name(), options.dropoutRates().getOrDefault(d.name(), d.rate()));
        }
    }

    /** The model's dropout layers, after checking that the options name no other. */
    private static List<DropoutLayer> dropoutLayers(TrainableNetwork net, FitOptions options) {
        List<DropoutLayer> dropouts = net.layers().stream().filter(DropoutLayer.class::isInstance)
                .map(DropoutLayer.class::cast).toList();
        java.util.Set<String> unknown = new java.util.TreeSet<>(options.dropoutRates().keySet());
        dropouts.forEach(d -> unknown.remove(d.name()));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("FitOptions sets dropout rates for " + unknown + ", but "
                    + (dropouts.isEmpty() ? "this model has no dropout layers."
                            : "the model has no dropout layer of that name; its dropout layers are "
                                    + String.join(", ", dropouts.stream().map(DropoutLayer::name).toList()) + "."));
        }
        return dropouts;
    }

    /** Mean loss and metric of {@code net} on {@code data}, in batches of the model's maximum size. */
    public static Evaluation evaluate(TrainableNetwork net, Dataset data) {
        return evaluate(net, data, Verbosity.SILENT, System.out);
    }

    /**
     * As {@link #evaluate(TrainableNetwork, Dataset)}, printing progress to {@code out}: a bar over the rows when
     * {@code verbosity} resolves to {@link Verbosity#BAR}, and a closing line unless it is silent.
     */
    public static Evaluation evaluate(TrainableNetwork net, Dataset data, Verbosity verbosity, java.io.PrintStream out) {
        required(data, "The evaluation data");
        required(verbosity, "The verbosity");
        required(out, "The output stream");
        return exclusive(net, () -> {
            RowProgress progress = new RowProgress(out, verbosity, "evaluate", data.rows(), System.nanoTime());
            Evaluation e = evaluateExclusive(net, data, progress, true);
            progress.finish(String.format(java.util.Locale.ROOT, "loss %.4f  %s %.4f", e.loss(), e.metricName(),
                    e.metric()), System.nanoTime());
            return e;
        });
    }

    private static Evaluation evaluateExclusive(TrainableNetwork net, Dataset data) {
        return evaluateExclusive(net, data, null, false);
    }

    /**
     * Loss and headline metric of {@code net} on {@code data}; with {@code full}, also the predictions of every
     * row and the metrics made from them (one more inference pass per batch, so {@code fit}'s per-epoch
     * validation does without).
     */
    private static Evaluation evaluateExclusive(TrainableNetwork net, Dataset data, RowProgress progress,
                                                boolean full) {
        checkData(net, data, "evaluation data");
        Task task = net.task();
        int rows = data.rows();
        int k = net.outputWidth();
        // several independent yes/no outputs have no one confusion matrix: they are scored output by output
        float[][] predictions = full && (task != Task.BINARY || k == 1) ? new float[rows][] : null;
        double lossSum = 0;
        double metricSum = 0;
        net.prepareInference(rows);
        try {
            for (int from = 0; from < rows; from += net.maxBatchSize()) {
                int n = Math.min(net.maxBatchSize(), rows - from);
                copyBatch(net, data, null, from, n);
                lossSum += net.evaluateStep(n);
                metricSum += metricSum(net, task, n);
                if (predictions != null) {
                    // the inference pass predict runs, so that these are predict's probabilities to the bit
                    net.predictStep(n);
                    float[] out = net.outputBuffer();
                    for (int i = 0; i < n; i++) {
                        predictions[from + i] = java.util.Arrays.copyOfRange(out, i * k, (i + 1) * k);
                    }
                }
                if (progress != null) {
                    progress.update(from + n, lossSum, task.metricName(), metricSum,
                            metricCount(task, net, from + n), System.nanoTime());
                }
            }
        } finally {
            net.prepareInference(0);
        }
        double metric = metricSum / metricCount(task, net, rows);
        if (predictions == null || !allFinite(predictions)) {
            // a model whose outputs overflowed has no metrics to report; its loss already says so
            return new Evaluation(lossSum / rows, task.metricName(), metric, rows);
        }
        return task == Task.REGRESSION
                ? new Evaluation(lossSum / rows, task.metricName(), metric, rows, null,
                        ValidationMetrics.regression(data, predictions))
                : new Evaluation(lossSum / rows, task.metricName(), metric, rows,
                        ValidationMetrics.classification(task, data, predictions, null), null);
    }

    private static boolean allFinite(float[][] rows) {
        for (float[] row : rows) {
            for (float v : row) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Computes the gradient of the mean loss over {@code batch} at the current weights, without changing
     * them (dropout off). Returns the mean loss; gradients are left in the model's parameters.
     */
    public static double computeGradients(TrainableNetwork net, Dataset batch) {
        required(batch, "The batch");
        return exclusive(net, () -> {
            checkData(net, batch, "batch");
            if (batch.rows() > net.maxBatchSize()) {
                throw new IllegalArgumentException("computeGradients takes at most " + net.maxBatchSize()
                        + " rows (the model's maximum batch size), but got " + batch.rows() + ".");
            }
            if (batch.rows() == 1 && hasBatchNorm(net)) {
                throw new IllegalArgumentException("computeGradients got a batch of 1 row, but this model has batch"
                        + " normalisation, which needs at least 2 (the variance of one row is 0).");
            }
            copyBatch(net, batch, null, 0, batch.rows());
            return net.gradientStep(batch.rows()) / batch.rows();
        });
    }

    /** Predictions for each row of {@code rows}, one array per row. */
    public static float[][] predict(TrainableNetwork net, float[][] rows) {
        return predict(net, rows, Verbosity.SILENT, System.out);
    }

    /** As {@link #predict(TrainableNetwork, float[][])}, printing progress to {@code out} as {@code evaluate} does. */
    public static float[][] predict(TrainableNetwork net, float[][] rows, Verbosity verbosity,
                                    java.io.PrintStream output) {
        required(net, "The model");
        required(rows, "The rows to predict");
        required(verbosity, "The verbosity");
        required(output, "The output stream");
        int in = net.inputWidth();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                throw new IllegalArgumentException("predict was given a null row at index " + i + "; every row must"
                        + " be an array of " + in + " features.");
            }
            if (rows[i].length != in) {
                throw new IllegalArgumentException("predict expects rows of " + in + " features, but row " + i
                        + " has " + rows[i].length + ".");
            }
            if (!dev.kiln.runtime.kernels.Checks.allFinite(rows[i], in)) {
                checkFinite(rows[i], in, "prediction input (row " + i + ")", "feature");
            }
        }
        return exclusive(net, () -> {
            RowProgress progress = verbosity == Verbosity.SILENT ? null
                    : new RowProgress(output, verbosity, "predict", rows.length, System.nanoTime());
            float[][] result = predictRows(net, rows, progress);
            if (progress != null) {
                progress.finish("done", System.nanoTime());
            }
            return result;
        });
    }

    /**
     * The model's outputs for {@code rows}, whose width the caller checked, on the calling thread that holds the
     * model: for {@code predict}, and inside {@code fit} for the validation metrics.
     */
    static float[][] predictRows(TrainableNetwork net, float[][] rows, RowProgress progress) {
        int in = net.inputWidth();
        int k = net.outputWidth();
        float[][] result = new float[rows.length][];
        // Rows go straight into the model's input buffer, batch by batch: no flattened copy of the whole input.
        net.prepareInference(rows.length);
        try {
            for (int from = 0; from < rows.length; from += net.maxBatchSize()) {
                int n = Math.min(net.maxBatchSize(), rows.length - from);
                float[] input = net.inputBuffer();
                for (int i = 0; i < n; i++) {
                    System.arraycopy(rows[from + i], 0, input, i * in, in);
                }
                net.predictStep(n);
                float[] out = net.outputBuffer();
                for (int i = 0; i < n; i++) {
                    result[from + i] = java.util.Arrays.copyOfRange(out, i * k, (i + 1) * k);
                }
                if (progress != null) {
                    progress.update(from + n, 0, null, 0, 0, System.nanoTime());
                }
            }
        } finally {
            net.prepareInference(0);
        }
        return result;
    }

    /** The class {@link KilnModel#predictClass} reports for one row's outputs. */
    static int classOf(Task task, float[] p) {
        return switch (task) {
            case CLASSIFICATION -> dev.kiln.runtime.kernels.Metrics.argmax(p, 0, p.length);
            case BINARY -> {
                if (p.length != 1) {
                    throw new IllegalStateException("predictClass needs one output, but this model has " + p.length
                            + " independent yes/no outputs; read them from predict.");
                }
                // Accuracy counts a logit above 0; the probability rounds to exactly 0.5f for logits below about
                // 3e-8, the one place the two can differ.
                yield p[0] > 0.5f ? 1 : 0;
            }
            case REGRESSION -> throw new IllegalStateException("predictClass is for classifiers, but this model is"
                    + " trained on mean squared error; use predict.");
        };
    }

    /**
     * Predictions for {@code rows} rows of {@code features} written into {@code into}, allocating nothing: the
     * path of a {@link Predictor}'s per-thread view, with no lambda and no result array.
     */
    static void predictInto(TrainableNetwork net, float[] features, int rows, float[] into) {
        required(features, "The features to predict from");
        int in = net.inputWidth();
        int out = net.outputWidth();
        if (features.length != (long) rows * in) {
            throw new IllegalArgumentException(rows == 1
                    ? "predict expects one row of " + in + " features, but got " + features.length + " floats."
                    : "predict expects " + rows + " rows of " + in + " features, but got " + features.length + ".");
        }
        checkFinite(features, in, "prediction input", "feature");
        acquire(net);
        try {
            net.prepareInference(rows);
            try {
                for (int from = 0; from < rows; from += net.maxBatchSize()) {
                    int n = Math.min(net.maxBatchSize(), rows - from);
                    System.arraycopy(features, from * in, net.inputBuffer(), 0, n * in);
                    net.predictStep(n);
                    System.arraycopy(net.outputBuffer(), 0, into, from * out, n * out);
                }
            } finally {
                net.prepareInference(0);
            }
        } finally {
            release(net);
        }
    }

    /**
     * Runs {@code work} while holding {@code net}, as {@code fit} and {@code predict} do, so that it never runs in
     * the middle of another call of the model: a predictor's snapshot is not taken halfway through a training
     * step, and loaded weights do not replace those a step is using. For generated code and Kiln's loaders;
     * {@code work} must not call the model's public methods (they would find it held).
     *
     * @param net  the model
     * @param work what to do with it
     * @param <T>  what the work returns
     * @return what {@code work} returned
     * @throws IllegalStateException when another thread is using the model
     */
    public static <T> T exclusively(TrainableNetwork net, java.util.function.Supplier<T> work) {
        return exclusive(net, required(work, "The work"));
    }

    /** Predictions for each row of {@code features} (row-major, {@code rows × inputWidth}). */
    public static float[] predict(TrainableNetwork net, float[] features, int rows) {
        required(net, "The model");
        int in = net.inputWidth();
        int out = net.outputWidth();
        if (rows < 0 || (long) rows * out > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("predict was asked for " + rows + " rows; give between 0 and "
                    + (Integer.MAX_VALUE - 8) / Math.max(in, out) + ".");
        }
        float[] result = new float[rows * out];
        predictInto(net, features, rows, result);
        return result;
    }

    static void copyBatch(TrainableNetwork net, Dataset data, int[] order, int from, int n) {
        int in = data.width();
        float[] x = data.features();
        float[] input = net.inputBuffer();
        boolean labels = net.task() == Task.CLASSIFICATION;
        int tw = data.targetWidth();
        Rows.gather(x, in, order, from, n, input);
        for (int i = 0; i < n; i++) {
            int r = order == null ? from + i : order[from + i];
            if (labels) {
                net.labelBuffer()[i] = data.labels()[r];
            } else {
                System.arraycopy(data.targets(), r * tw, net.targetBuffer(), i * tw, tw);
            }
        }
    }

    static double metricSum(TrainableNetwork net, Task task, int n) {
        int k = net.outputWidth();
        return switch (task) {
            case CLASSIFICATION -> dev.kiln.runtime.kernels.Metrics.correctArgmax(net.outputBuffer(),
                    net.labelBuffer(), n, k);
            case BINARY -> dev.kiln.runtime.kernels.Metrics.correctBinary(net.outputBuffer(),
                    net.targetBuffer(), n * k, 0f);
            case REGRESSION -> dev.kiln.runtime.kernels.Metrics.absoluteError(net.outputBuffer(),
                    net.targetBuffer(), n * k);
        };
    }

    /** Denominator of the metric: rows for accuracy over classes, outputs for per-output metrics. */
    static double metricCount(Task task, TrainableNetwork net, int rows) {
        return task == Task.CLASSIFICATION ? rows : (double) rows * net.outputWidth();
    }

    /** Checks once per call what would otherwise fail deep inside a kernel or train on garbage. */
    static void checkData(TrainableNetwork net, Dataset data, String what) {
        if (data.rows() == 0) {
            throw new IllegalArgumentException("The " + what + " is empty; give at least one row.");
        }
        if (data.width() != net.inputWidth()) {
            throw new IllegalArgumentException("The " + what + " has " + data.width() + " features per row, but the"
                    + " model takes " + net.inputWidth() + " (@Model(inputs = " + net.inputWidth() + ")). Give rows of "
                    + net.inputWidth() + " features, or change inputs and recompile.");
        }
        Task task = net.task();
        if (task == Task.CLASSIFICATION) {
            if (!data.hasLabels()) {
                throw new IllegalArgumentException("The " + what + " has float targets, but this model's loss needs"
                        + " integer class labels; build it with Dataset.ofClasses.");
            }
            int[] labels = data.labels();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= net.outputWidth()) {
                    throw new IllegalArgumentException("The " + what + " has label " + labels[i] + " at row " + i
                            + ", but the model has " + net.outputWidth() + " classes, so labels run from 0 to "
                            + (net.outputWidth() - 1) + ". Fix the label, or give the output layer more units.");
                }
            }
        } else {
            if (data.hasLabels()) {
                throw new IllegalArgumentException("The " + what + " has integer labels, but this model's loss needs"
                        + " float targets; build it with Dataset.ofTargets.");
            }
            if (data.targetWidth() != net.outputWidth()) {
                throw new IllegalArgumentException("The " + what + " has " + data.targetWidth() + " targets per row,"
                        + " but the model has " + net.outputWidth() + " outputs.");
            }
            checkFinite(data.targets(), data.targetWidth(), what, "target");
            int i = task == Task.BINARY ? data.targetsOutside(0, 1) : -1;
            if (i >= 0) {
                throw new IllegalArgumentException("The " + what + " has target " + data.targets()[i] + " at row "
                        + (i / data.targetWidth()) + ", column " + (i % data.targetWidth()) + ", but binary"
                        + " cross-entropy takes targets in [0, 1] (the probability of the label; usually 0 or 1)."
                        + " Map the targets into [0, 1].");
            }
        }
        checkFinite(data.features(), data.width(), what, "feature");
    }

    private static void checkFinite(float[] values, int width, String what, String kind) {
        if (dev.kiln.runtime.kernels.Checks.allFinite(values, values.length)) {
            return; // the vector check; the loop below only finds where the bad value is
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("The " + what + " has " + kind + " value " + values[i] + " at row "
                        + (i / width) + ", column " + (i % width) + "; replace or drop non-finite values first.");
            }
        }
    }
}
