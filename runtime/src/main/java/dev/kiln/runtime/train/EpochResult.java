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
 */
public record EpochResult(int epoch, double loss, double metric, double validationLoss, double validationMetric,
                          double learningRate, double seconds, int samples) {

    /** Training throughput of the epoch. */
    public double samplesPerSecond() {
        return samples / seconds;
    }
}
