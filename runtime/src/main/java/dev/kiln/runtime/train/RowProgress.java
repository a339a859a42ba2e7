package dev.kiln.runtime.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of {@code evaluate} and {@code predict} over many rows: a bar redrawn in place (rows done, rows/s,
 * running loss and metric, time left) when the verbosity is {@link Verbosity#BAR}, and one closing line for
 * {@link Verbosity#LINES} and {@code BAR}. Silent is silent.
 */
final class RowProgress {

    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final Verbosity verbosity;
    private final String label;
    private final int total;
    private final int width;
    private final long start;
    private long lastDraw;

    RowProgress(PrintStream out, Verbosity verbosity, String label, int total, long now) {
        this.out = out;
        this.verbosity = verbosity.resolve();
        this.label = label;
        this.total = total;
        this.width = ProgressPrinter.terminalWidth();
        this.start = now;
        this.lastDraw = now;
    }

    /** After {@code done} rows; {@code metric} null when there is no loss to show (predict). */
    void update(int done, double lossSum, String metric, double metricSum, double metricCount, long now) {
        if (verbosity != Verbosity.BAR || now - lastDraw < REDRAW_NANOS || done >= total) {
            return;
        }
        lastDraw = now;
        double seconds = (now - start) * 1e-9;
        String figures = String.format(Locale.ROOT, " %,d/%,d%s  %,.0f rows/s  ETA %s", done, total,
                metric == null ? "" : String.format(Locale.ROOT, "  loss %.4f  %s %.4f", lossSum / done, metric,
                        metricSum / metricCount), done / seconds, ProgressPrinter.duration(seconds / done * (total - done)));
        int barWidth = Math.max(10, width - label.length() - figures.length() - 3);
        out.print("\r" + label + " " + ProgressPrinter.bar(barWidth, done, total) + figures);
        out.flush();
    }

    /** The closing line, e.g. {@code evaluate: loss 0.3 ...}; replaces the bar. */
    void finish(String summary, long now) {
        if (verbosity == Verbosity.SILENT) {
            return;
        }
        if (verbosity == Verbosity.BAR) {
            out.print("\r" + " ".repeat(width - 1) + "\r");
        }
        out.println(String.format(Locale.ROOT, "%s: %s (%,d rows, %.1f s)", label, summary, total,
                (now - start) * 1e-9));
    }
}
