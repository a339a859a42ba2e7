package dev.kiln.runtime.train;

import java.io.IOException;
import java.nio.file.Path;

/** What a {@link Callback} can see and change during {@code fit}. One per call of {@code fit}. */
public final class TrainingContext {

    private final TrainableNetwork model;
    private final int epochs;
    private final boolean hasValidation;
    private final boolean resumed;
    private final java.util.List<String> metrics;
    private boolean stopRequested;

    TrainingContext(TrainableNetwork model, int epochs, boolean hasValidation, boolean resumed,
                    java.util.List<String> metrics) {
        this.metrics = java.util.List.copyOf(metrics);
        this.model = model;
        this.epochs = epochs;
        this.hasValidation = hasValidation;
        this.resumed = resumed;
    }

    /** Whether this call continues a recorded run ({@link FitOptions#withResume()}). */
    public boolean resumed() {
        return resumed;
    }

    /** Whether each epoch is followed by a validation pass. */
    public boolean hasValidation() {
        return hasValidation;
    }

    /** The model being trained. */
    public TrainableNetwork model() {
        return model;
    }

    /** The last epoch this call will run if nothing stops it. */
    public int epochs() {
        return epochs;
    }

    /** The model's metric: {@code accuracy} or {@code mae}. */
    /** The validation metrics this run computes ({@link FitOptions#withMetrics}), without their prefix. */
    public java.util.List<String> metrics() {
        return metrics;
    }

    /** The name of the model's metric, {@code accuracy} or {@code mae}. */
    public String metricName() {
        return model.task().metricName();
    }

    /** Ends training after the current epoch, as early stopping does. */
    public void stopTraining() {
        stopRequested = true;
    }

    /** Whether {@link #stopTraining} was called. */
    public boolean stopRequested() {
        return stopRequested;
    }

    /** The factor on the scheduled learning rate (1 until a callback lowers it). */
    public double learningRateFactor() {
        return model.progress().rateFactor;
    }

    /** Scales the scheduled learning rate from the next step on; checkpoints keep the factor. */
    public void setLearningRateFactor(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("The learning-rate factor must be positive and finite, but was "
                    + factor + ".");
        }
        model.progress().rateFactor = factor;
    }

    /** Saves the model's full state (a checkpoint, as {@code save} writes it) to {@code path}, atomically. */
    public void save(Path path) throws IOException {
        model.writeCheckpoint(path);
    }

    /**
     * Checks that {@code monitor} names a figure this run produces, so a typo fails before the first epoch.
     *
     * @param who the callback, for the message
     * @throws IllegalArgumentException when it does not
     */
    public void requireMonitor(String who, String monitor) {
        Trainer.required(monitor, "The monitored figure");
        String plain = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
        boolean asked = monitor.startsWith("val_") && metrics.contains(plain);
        if (!plain.equals("loss") && !plain.equals(metricName()) && !asked) {
            throw new IllegalArgumentException(who + " monitors " + monitor + ", but this model reports loss and "
                    + metricName() + " (and their val_ forms)" + (ValidationMetrics.known(plain) ? "; ask for "
                    + plain + " with FitOptions.withMetrics(\"" + plain + "\")" : "") + ".");
        }
        if (monitor.startsWith("val_") && !hasValidation) {
            throw new IllegalArgumentException(who + " monitors " + monitor + ", which needs validation data: add"
                    + " FitOptions.withValidation(...) or withValidationSplit(...).");
        }
    }
}
