package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code summary()} of a generated model: one row per layer with settings, totals, and memory. */
class SummaryTest {

    private static double memoryKb(String summary) {
        Matcher m = Pattern.compile("memory for training: ([0-9.,]+) (kB|MB)").matcher(summary);
        assertTrue(m.find(), summary);
        double v = Double.parseDouble(m.group(1).replace(",", ""));
        return m.group(2).equals("MB") ? v * 1000 : v;
    }

    @Test
    void listsLayersWithSettingsShapesCountsAndTotals() {
        String s = new TestModels_CheckpointedModel().summary();
        List<String> lines = s.lines().toList();
        assertEquals("Model TestModels.Checkpointed", lines.get(0));
        assertEquals("hidden           Dense(4 -> 8, linear)                   (n, 8)             40", lines.get(5));
        assertEquals("norm             BatchNorm(momentum=0.99, epsilon=0.001) (n, 8)             16", lines.get(6));
        assertEquals("relu             Activate(relu)                          (n, 8)              0", lines.get(7));
        assertEquals("drop             Dropout(0.2)                            (n, 8)              0", lines.get(8));
        assertEquals("out              Dense(8 -> 3, softmax)                  (n, 3)             27", lines.get(9));
        assertTrue(s.contains("total parameters: 83 (332 bytes as float32)"), s);
    }

    @Test
    void memoryCoversParametersAndOptimizerStateAndGrowsWithTheBatchBuffers() {
        // 235,146 parameters, each with a gradient and Adam's two moments: at least 3.76 MB before any buffer.
        double small = memoryKb(new FashionMlpModel(1).summary());
        double large = memoryKb(new FashionMlpModel(1000).summary());
        assertTrue(small >= 4 * 4 * 235_146 / 1000.0, "small " + small);
        // Per row at least the input (784 floats) and each layer's output and delta (2 × 394 floats).
        assertTrue(large - small >= 999 * 4 * (784 + 2 * 394) / 1000.0, small + " -> " + large);
    }
}
