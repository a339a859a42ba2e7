package dev.kiln.runtime.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@code fit} returns: one {@link EpochResult} per epoch, in order.
 *
 * @param metricName    name of the metric column ({@code accuracy} or {@code mae})
 * @param epochs        results per epoch
 * @param bestEpoch     with early stopping, the epoch whose monitored figure was best (its weights are the
 *                      model's when they were restored); 0 without early stopping
 * @param hasValidation whether the epochs carry validation figures
 */
public record History(String metricName, List<EpochResult> epochs, int bestEpoch, boolean hasValidation) {

    /** The last epoch's results. */
    public EpochResult last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("This history has no completed epoch.");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** One figure of every epoch, by {@link EpochResult#value} name, for plotting. */
    public double[] series(String name) {
        requireOwnFigure(name);
        return epochs.stream().mapToDouble(r -> r.value(name)).toArray();
    }

    /**
     * The history as CSV with a header line: {@code epoch,loss,<metric>[,val_loss,val_<metric>],
     * learning_rate,seconds,samples_per_second}, numbers in full precision with {@code .} as decimal point.
     */
    public String toCsv() {
        List<String> extra = epochs.isEmpty() ? List.of() : List.copyOf(epochs.get(0).metrics().keySet());
        StringBuilder sb = new StringBuilder(csvHeader(metricName, hasValidation, extra));
        for (EpochResult r : epochs) {
            sb.append(csvLine(r, hasValidation, extra));
        }
        return sb.toString();
    }

    /** Writes {@link #toCsv()} to {@code path}, replacing it. */
    public void writeCsv(Path path) throws IOException {
        Trainer.required(path, "The CSV path");
        Files.writeString(path, toCsv(), StandardCharsets.UTF_8);
    }

    /** A figure of this history's model: {@code accuracy} of a regression model would silently be its MAE. */
    private void requireOwnFigure(String name) {
        EpochResult.requireFigure(name);
        String plain = name.startsWith("val_") ? name.substring(4) : name;
        if ((plain.equals("accuracy") || plain.equals("mae")) && !plain.equals(metricName)) {
            throw new IllegalArgumentException("This history's model reports loss and " + metricName
                    + " (and their val_ forms), not " + name + ".");
        }
    }

    /** The CSV header; {@code extra} are the {@code val_} names of the metrics asked for, after the metric's. */
    static String csvHeader(String metric, boolean validation, List<String> extra) {
        return "epoch,loss," + metric + (validation ? ",val_loss,val_" + metric : "")
                + extra.stream().map(n -> "," + n).reduce("", String::concat)
                + ",learning_rate,seconds,samples_per_second\n";
    }

    static String csvLine(EpochResult r, boolean validation, List<String> extra) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.epoch()).append(',').append(num(r.loss())).append(',').append(num(r.metric()));
        if (validation) {
            sb.append(',').append(num(r.validationLoss())).append(',').append(num(r.validationMetric()));
        }
        for (String name : extra) {
            sb.append(',').append(num(r.metrics().getOrDefault(name, Double.NaN)));
        }
        sb.append(',').append(num(r.learningRate())).append(',').append(String.format(Locale.ROOT, "%.6f", r.seconds()))
                .append(',').append(String.format(Locale.ROOT, "%.1f", r.samplesPerSecond())).append('\n');
        return sb.toString();
    }

    private static String num(double v) {
        return Double.toString(v);
    }
}
