package dev.kiln.runtime.train;

/**
 * Result of {@code evaluate}.
 *
 * @param loss       mean loss over the samples
 * @param metricName {@code accuracy} or {@code mae}
 * @param metric     accuracy, or mean absolute error
 * @param samples    number of samples evaluated
 */
public record Evaluation(double loss, String metricName, double metric, int samples) {

    @Override
    public String toString() {
        return String.format("loss %.4f  %s %.4f  (%d samples)", loss, metricName, metric, samples);
    }
}
