package dev.kiln.runtime.train;

/**
 * Figures of one epoch. Validation figures are {@code NaN} when no validation data was given.
 *
 * @param epoch            1-based epoch number
 * @param loss             mean training loss over the epoch's samples (as the weights changed)
 * @param metric           training accuracy (classification, binary) or mean absolute error (regression)
 * @param validationLoss   loss on the validation data after the epoch
 * @param validationMetric metric on the validation data after the epoch
 * @param learningRate     learning rate of the epoch's last step
 * @param seconds          wall time of the epoch's training steps
 * @param samples          samples trained on in the epoch
 * @param metrics          the validation metrics {@link FitOptions#withMetrics} asked for, by their {@code val_}
 *                         names (NaN where undefined in this epoch)
 */
public record EpochResult(int epoch, double loss, double metric, double validationLoss, double validationMetric,
                          double learningRate, double seconds, int samples, java.util.Map<String, Double> metrics) {

    /** Keeps the metrics as given, in order, unchangeable. */
    public EpochResult {
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }

    /** An epoch without further metrics. */
    public EpochResult(int epoch, double loss, double metric, double validationLoss, double validationMetric,
                       double learningRate, double seconds, int samples) {
        this(epoch, loss, metric, validationLoss, validationMetric, learningRate, seconds, samples,
                java.util.Map.of());
    }

    /**
     * A figure by the name Keras gives it: {@code loss}, {@code accuracy}, {@code mae}, {@code val_loss},
     * {@code val_accuracy}, {@code val_mae}, {@code learning_rate} or {@code seconds}. The metric names give
     * this epoch's metric whichever the model uses; callers check the name against the model first.
     *
     * @throws IllegalArgumentException for any other name
     */
    public double value(String name) {
        return switch (Trainer.required(name, "The figure's name")) {
            case "loss" -> loss;
            case "accuracy", "mae" -> metric;
            case "val_loss" -> validationLoss;
            case "val_accuracy", "val_mae" -> validationMetric;
            case "learning_rate" -> learningRate;
            case "seconds" -> seconds;
            default -> {
                Double v = metrics.get(name);
                if (v != null) {
                    yield v;
                }
                if (name.startsWith("val_") && ValidationMetrics.known(name.substring(4))) {
                    throw new IllegalArgumentException("This run did not compute " + name + "; ask for it with"
                            + " FitOptions.withMetrics(\"" + name.substring(4) + "\").");
                }
                throw new IllegalArgumentException("No epoch figure is called '" + name + "'; choose loss,"
                        + " accuracy, mae, their val_ forms, learning_rate, seconds, or a metric of"
                        + " FitOptions.withMetrics in its val_ form.");
            }
        };
    }

    /**
     * Checks that {@code name} is a figure {@link #value} knows, so a typo fails where it is written.
     *
     * @throws IllegalArgumentException when it is not
     */
    public static String requireFigure(String name) {
        Trainer.required(name, "The monitored figure");
        if (name.startsWith("val_") && ValidationMetrics.known(name.substring(4))) {
            return name; // a metric FitOptions.withMetrics computes; the run checks it was asked for
        }
        new EpochResult(0, 0, 0, 0, 0, 0, 0, 0).value(name);
        return name;
    }

    /** Training throughput of the epoch. */
    public double samplesPerSecond() {
        return samples / seconds;
    }
}
