package dev.kiln.runtime.train;

import dev.kiln.runtime.metrics.ClassificationMetrics;
import dev.kiln.runtime.metrics.RegressionMetrics;

/**
 * Result of {@code evaluate}: the mean loss and the model's headline metric, and the full set of metrics people
 * report. {@code fit}'s per-epoch validation fills only the first four; {@code evaluate} fills the rest too.
 *
 * @param loss           mean loss over the samples
 * @param metricName     {@code accuracy} or {@code mae}
 * @param metric         accuracy, or mean absolute error
 * @param samples        number of samples evaluated
 * @param classification for a classifier (softmax, or a binary model with one output): accuracy, balanced
 *                       accuracy, the confusion matrix, precision, recall and F1, ROC AUC, average precision, log
 *                       loss and Matthews correlation; otherwise (and when a prediction is not finite) null
 * @param regression     for a regression model: MAE, MSE, RMSE, R² and explained variance; otherwise (and when
 *                       a prediction is not finite) null
 */
public record Evaluation(double loss, String metricName, double metric, int samples,
                         ClassificationMetrics classification, RegressionMetrics regression) {

    /**
     * An evaluation with the loss and headline metric only.
     *
     * @param loss       mean loss over the samples
     * @param metricName {@code accuracy} or {@code mae}
     * @param metric     accuracy, or mean absolute error
     * @param samples    number of samples evaluated
     */
    public Evaluation(double loss, String metricName, double metric, int samples) {
        this(loss, metricName, metric, samples, null, null);
    }

    /** The loss and headline metric on one line; {@code classification().report()} prints the rest. */
    @Override
    public String toString() {
        return String.format("loss %.4f  %s %.4f  (%d samples)", loss, metricName, metric, samples);
    }
}
