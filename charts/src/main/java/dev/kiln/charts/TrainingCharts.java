package dev.kiln.charts;

import dev.kiln.runtime.train.History;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training curves as PNG images, drawn with <a href="https://knowm.org/open-source/xchart/">XChart</a>: a
 * history's loss and metric per epoch (training and, when there was validation, validation), and several
 * runs' curves on one chart. This module is optional; the runtime that models ship with does not need it.
 * Rendering runs headless, so it works on servers and CI without a display.
 */
public final class TrainingCharts {

    /** Size of one panel in pixels. */
    public static final int PANEL_WIDTH = 640;
    /** Height of every image in pixels. */
    public static final int HEIGHT = 420;

    private TrainingCharts() {}

    static {
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
    }

    /**
     * Loss (left) and metric (right) per epoch, training against validation, side by side:
     * {@code 2 × PANEL_WIDTH} by {@link #HEIGHT} pixels.
     */
    public static BufferedImage curves(History history, String title) {
        checkNotEmpty(history);
        XYChart loss = chart(title + ": loss", "loss");
        XYChart metric = chart(title + ": " + history.metricName(), history.metricName());
        if (history.metricName().endsWith("accuracy")) {
            // Accuracy rises to the top right, where a loss curve leaves room for the legend.
            metric.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        }
        double[] epochs = epochs(history);
        // Markers help to read a few epochs and clutter many.
        boolean few = epochs.length <= 30;
        loss.addSeries("training", epochs, history.series("loss"))
                .setMarker(few ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        metric.addSeries("training", epochs, history.series(history.metricName()))
                .setMarker(few ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        if (history.hasValidation()) {
            loss.addSeries("validation", epochs, history.series("val_loss"))
                    .setMarker(few ? SeriesMarkers.DIAMOND : SeriesMarkers.NONE);
            metric.addSeries("validation", epochs, history.series("val_" + history.metricName()))
                    .setMarker(few ? SeriesMarkers.DIAMOND : SeriesMarkers.NONE);
        }
        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.drawImage(BitmapEncoder.getBufferedImage(loss), 0, 0, null);
            g.drawImage(BitmapEncoder.getBufferedImage(metric), PANEL_WIDTH, 0, null);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes {@link #curves} to {@code png}, creating its folder; returns {@code png}. */
    public static Path writeCurves(History history, String title, Path png) throws IOException {
        return write(curves(history, title), png);
    }

    /**
     * One figure (e.g. {@code loss} or {@code val_accuracy}) of several runs on one chart, one line per run in
     * the map's order: {@code PANEL_WIDTH × 3/2} by {@link #HEIGHT} pixels.
     */
    public static BufferedImage comparison(Map<String, History> runs, String figure, String title) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("Nothing to compare: give at least one run.");
        }
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH * 3 / 2).height(HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(figure).build();
        style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        runs.forEach((name, history) -> {
            checkNotEmpty(history);
            chart.addSeries(name, epochs(history), history.series(figure)).setMarker(SeriesMarkers.NONE);
        });
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Writes {@link #comparison} to {@code png}, creating its folder; returns {@code png}. */
    public static Path writeComparison(Map<String, History> runs, String figure, String title, Path png)
            throws IOException {
        return write(comparison(runs, figure, title), png);
    }

    private static XYChart chart(String title, String yAxis) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch")
                .yAxisTitle(yAxis).build();
        style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        return chart;
    }

    private static void style(XYChart chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.getStyler().setXAxisTickMarkSpacingHint(60);
    }

    private static double[] epochs(History history) {
        return IntStream.range(0, history.epochs().size()).mapToDouble(i -> history.epochs().get(i).epoch())
                .toArray();
    }

    private static void checkNotEmpty(History history) {
        if (history.epochs().isEmpty()) {
            throw new IllegalArgumentException("This history has no epoch to draw.");
        }
    }

    private static Path write(BufferedImage image, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("No PNG writer is available to write " + png + ".");
        }
        return png;
    }
}
