package dev.kiln.runtime.train;

import java.util.List;

/**
 * What {@code fit} returns: one {@link EpochResult} per epoch, in order.
 *
 * @param metricName name of the metric column ({@code accuracy} or {@code mae})
 * @param epochs     results per epoch
 * @param bestEpoch  with early stopping, the epoch whose monitored figure was best (its weights are the
 *                   model's when they were restored); 0 without early stopping
 */
public record History(String metricName, List<EpochResult> epochs, int bestEpoch) {

    /** The last epoch's results. */
    public EpochResult last() {
        return epochs.get(epochs.size() - 1);
    }
}
