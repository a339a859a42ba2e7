package dev.kiln.runtime.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints {@code fit}'s progress: per epoch a bar redrawn in place with {@code \r} (steps done, samples/s,
 * running loss and metric, time left), or one plain line per epoch. The per-step call only reads the clock
 * unless a redraw is due, so printing costs nothing measurable per step.
 */
final class ProgressPrinter {

    /** Redraws at most this often, so a fast epoch does not flood the terminal. */
    private static final long REDRAW_NANOS = 100_000_000L;
    /** Room kept for the figures after the bar. */
    private static final int FIGURES_WIDTH = 70;

    private final PrintStream out;
    private final boolean bar;
    private final int epochs;
    private final String metric;
    private final int width;
    private long epochStart;
    private long lastDraw;
    private int steps;

    ProgressPrinter(PrintStream out, Verbosity verbosity, int epochs, String metric) {
        this.out = out;
        this.bar = verbosity == Verbosity.BAR;
        this.epochs = epochs;
        this.metric = metric;
        this.width = terminalWidth();
    }

    /** The terminal's width from {@code COLUMNS} (set by shells), else 100. */
    static int terminalWidth() {
        try {
            int w = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100"));
            return Math.max(60, Math.min(w, 200));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    void epochStart(int steps, long now) {
        this.steps = steps;
        this.epochStart = now;
        this.lastDraw = now;
    }

    /** After step {@code done} of the epoch, with the running sums so far and the clock ({@code nanoTime}). */
    void step(int epoch, int done, int samples, double lossSum, double metricSum, double metricCount, long now) {
        if (!bar) {
            return;
        }
        if (now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double seconds = (now - epochStart) * 1e-9;
        double left = seconds / done * (steps - done);
        String figures = String.format(Locale.ROOT, " %d/%d  loss %.4f  %s %.4f  %,.0f samples/s  ETA %s", done, steps,
                lossSum / samples, metric, metricSum / metricCount, samples / seconds, duration(left));
        String head = "epoch " + epoch + "/" + epochs + " ";
        // Sized for the longest figures the line usually carries, so the bar does not jump as numbers grow.
        int barWidth = Math.max(10, width - head.length() - Math.max(figures.length(), FIGURES_WIDTH) - 3);
        out.print("\r" + head + bar(barWidth, done, steps) + figures);
        out.flush();
    }

    /** {@code [=====>    ]} with {@code width} cells between the brackets. */
    static String bar(int width, long done, long total) {
        int filled = (int) (width * done / total);
        return "[" + "=".repeat(filled) + (filled < width ? ">" : "") + " ".repeat(Math.max(0, width - filled - 1))
                + "]";
    }

    /** The epoch's final line; replaces the bar when there is one. */
    void epochEnd(EpochResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  %s %.4f", r.epoch(), epochs, r.loss(), metric,
                r.metric()));
        if (!Double.isNaN(r.validationLoss())) {
            sb.append(String.format(Locale.ROOT, "  val_loss %.4f  val_%s %.4f", r.validationLoss(), metric,
                    r.validationMetric()));
        }
        r.metrics().forEach((name, v) -> sb.append(String.format(Locale.ROOT, "  %s %.4f", name, v)));
        sb.append(String.format(Locale.ROOT, "  (%.1f s, %,.0f samples/s)", r.seconds(), r.samplesPerSecond()));
        if (bar) {
            // Clear what is left of a longer bar before the shorter final line.
            out.print("\r" + " ".repeat(width - 1) + "\r");
        }
        out.println(sb);
    }

    void message(String line) {
        out.println(line);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format("%d:%02d", s / 60, s % 60) : s + "s";
    }
}
