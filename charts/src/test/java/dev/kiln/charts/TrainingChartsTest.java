package dev.kiln.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.History;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PNGs are written, decode, have the stated size and are not blank. */
class TrainingChartsTest {

    @TempDir
    Path dir;

    private static History history(int epochs, boolean validation, double scale) {
        List<EpochResult> list = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            list.add(new EpochResult(e, scale / e, 1 - 0.5 / e, validation ? scale * 1.2 / e : Double.NaN,
                    validation ? 1 - 0.6 / e : Double.NaN, 0.001, 1.0, 100));
        }
        return new History("accuracy", list, 0, validation);
    }

    /** Distinct colours in the image: a blank or single-colour image has one or two. */
    private static int colours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    @Test
    void curvesAreWrittenAsAPngOfTheStatedSize() throws Exception {
        Path png = TrainingCharts.writeCurves(history(10, true, 2), "test", dir.resolve("out/curves.png"));
        assertTrue(Files.size(png) > 5_000, "size " + Files.size(png));
        BufferedImage read = ImageIO.read(png.toFile());
        assertEquals(2 * TrainingCharts.PANEL_WIDTH, read.getWidth());
        assertEquals(TrainingCharts.HEIGHT, read.getHeight());
        assertTrue(colours(read) > 10, "drawn, not blank: " + colours(read) + " colours");
    }

    @Test
    void withoutValidationOnlyTrainingIsDrawn() throws Exception {
        BufferedImage with = TrainingCharts.curves(history(5, true, 1), "t");
        BufferedImage without = TrainingCharts.curves(history(5, false, 1), "t");
        assertTrue(colours(with) > colours(without), colours(with) + " vs " + colours(without));
    }

    @Test
    void comparisonDrawsEveryRunOnOneChart() throws Exception {
        Map<String, History> runs = new LinkedHashMap<>();
        runs.put("SGD", history(8, false, 3));
        runs.put("Adam", history(8, false, 1));
        Path png = TrainingCharts.writeComparison(runs, "loss", "optimizers", dir.resolve("cmp.png"));
        BufferedImage read = ImageIO.read(png.toFile());
        assertEquals(TrainingCharts.PANEL_WIDTH * 3 / 2, read.getWidth());
        assertEquals(TrainingCharts.HEIGHT, read.getHeight());
        assertThrows(IllegalArgumentException.class, () -> TrainingCharts.comparison(Map.of(), "loss", "x"));
        assertThrows(IllegalArgumentException.class,
                () -> TrainingCharts.curves(new History("accuracy", List.of(), 0, false), "x"));
    }
}
