package dev.kiln.runtime.train;

import java.util.List;

/**
 * What {@code fit} returns: one {@link EpochResult} per epoch, in order.
 *
 * @param metricName name of the metric column ({@code accuracy} or {@code mae})
 * @param epochs     results per epoch
 */
public record History(String metricName, List<EpochResult> epochs) {

    /** The last epoch's results. */
    public EpochResult last() {
        return epochs.get(epochs.size() - 1);
    }
}
