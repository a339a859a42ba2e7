package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress bar's drawing, driven with explicit clock readings. */
class ProgressPrinterTest {

    @Test
    void barRedrawsInPlaceAtMostTenTimesASecondAndEndsWithTheEpochLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), Verbosity.BAR,
                5, "accuracy");
        long t0 = 1_000_000_000L;
        p.epochStart(10, t0);
        p.step(1, 1, 32, 32 * 2.0, 16, 32, t0 + 50_000_000L);   // too soon: no redraw
        p.step(1, 5, 160, 160 * 1.5, 120, 160, t0 + 500_000_000L);
        p.step(1, 6, 192, 192 * 1.4, 150, 192, t0 + 550_000_000L); // 50 ms after the last draw: skipped
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, drawn.chars().filter(c -> c == '\r').count(), drawn);
        assertTrue(drawn.startsWith("\repoch 1/5 ["), drawn);
        assertTrue(drawn.contains("] 5/10  loss 1.5000  accuracy 0.7500  320 samples/s  ETA 1s"), drawn);
        bytes.reset();
        p.epochEnd(new EpochResult(1, 1.25, 0.8, Double.NaN, Double.NaN, 0.01, 1.0, 320));
        String end = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(end.startsWith("\r "), "clears the bar first: " + end);
        assertTrue(end.endsWith("\repoch 1/5  loss 1.2500  accuracy 0.8000  (1.0 s, 320 samples/s)"
                + System.lineSeparator()), end);
    }

    @Test
    void barFillsInProportionToStepsDone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), Verbosity.BAR,
                1, "mae");
        p.epochStart(4, 0);
        p.step(1, 2, 64, 64, 64, 64, 1_000_000_000L);
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        String bar = drawn.substring(drawn.indexOf('[') + 1, drawn.indexOf(']'));
        long filled = bar.chars().filter(c -> c == '=').count();
        assertEquals(bar.length() / 2, filled, drawn);
        assertEquals('>', bar.charAt((int) filled));
    }

    @Test
    void rowProgressDrawsABarForEvaluateAndClosesWithOneLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        RowProgress p = new RowProgress(out, Verbosity.BAR, "evaluate", 10_000, 0);
        p.update(2_000, 2_000 * 0.5, "accuracy", 1_800, 2_000, 10_000_000L); // 10 ms in: no redraw yet
        p.update(5_000, 5_000 * 0.4, "accuracy", 4_000, 5_000, 500_000_000L);
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.startsWith("\revaluate ["), drawn);
        assertTrue(drawn.endsWith("] 5,000/10,000  loss 0.4000  accuracy 0.8000  10,000 rows/s  ETA 1s"), drawn);
        assertEquals(1, drawn.chars().filter(c -> c == '\r').count(), drawn);
        bytes.reset();
        p.finish("loss 0.3800  accuracy 0.8100", 1_000_000_000L);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).endsWith("\revaluate: loss 0.3800  accuracy 0.8100"
                + " (10,000 rows, 1.0 s)" + System.lineSeparator()), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rowProgressInLinesModePrintsOnlyTheClosingLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RowProgress p = new RowProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), Verbosity.LINES,
                "predict", 100, 0);
        p.update(50, 0, null, 0, 0, 2_000_000_000L);
        assertEquals(0, bytes.size());
        p.finish("done", 2_000_000_000L);
        assertEquals("predict: done (100 rows, 2.0 s)" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
        RowProgress silent = new RowProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), Verbosity.SILENT,
                "predict", 100, 0);
        silent.update(50, 0, null, 0, 0, 2_000_000_000L);
        silent.finish("done", 2_000_000_000L);
        assertEquals(0, bytes.size());
    }
}
