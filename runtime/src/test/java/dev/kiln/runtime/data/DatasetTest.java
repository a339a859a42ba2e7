package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private static Dataset counting(int rows) {
        float[] x = new float[rows * 2];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i % 3;
        }
        return Dataset.ofClasses(x, 2, y);
    }

    @Test
    void splitIsSeededAndKeepsRowsWhole() {
        Dataset d = counting(100);
        Dataset.Split a = d.split(0.8, 5);
        Dataset.Split b = d.split(0.8, 5);
        Dataset.Split c = d.split(0.8, 6);
        assertEquals(80, a.first().rows());
        assertEquals(20, a.second().rows());
        assertArrayEquals(a.first().features(), b.first().features());
        assertNotEquals(Arrays.toString(a.first().features()), Arrays.toString(c.first().features()));
        // Each row keeps its label and its second feature.
        for (int i = 0; i < 80; i++) {
            float v = a.first().features()[2 * i];
            assertEquals(-v, a.first().features()[2 * i + 1], 0f);
            assertEquals((int) v % 3, a.first().labels()[i]);
        }
        // Not the tail: a random subset.
        float[] firsts = new float[20];
        for (int i = 0; i < 20; i++) {
            firsts[i] = a.second().features()[2 * i];
        }
        Arrays.sort(firsts);
        assertTrue(firsts[0] < 80, "validation rows are drawn from the whole set");
    }

    @Test
    void featureRowsAreCopiesOfEachRow() {
        Dataset d = Dataset.ofClasses(new float[] {1, 2, 3, 4, 5, 6}, 3, new int[] {0, 1});
        float[][] rows = d.featureRows();
        assertArrayEquals(new float[] {4, 5, 6}, rows[1]);
        rows[0][0] = 9;
        assertEquals(1f, d.features()[0], "a copy");
    }

    @Test
    void stratifiedSplitsAndFoldsKeepEachClassesShare() {
        // 60 rows: 40 of class 0, 15 of class 1, 5 of class 2; the feature is the row's index
        int n = 60;
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i < 40 ? 0 : i < 55 ? 1 : 2;
        }
        Dataset d = Dataset.ofClasses(x, 1, y);
        Dataset.Split s = d.stratifiedSplit(0.8, 7);
        assertArrayEquals(new int[] {32, 12, 4}, counts(s.first().labels(), 3), "round(0.8 · count) of each class");
        assertArrayEquals(new int[] {8, 3, 1}, counts(s.second().labels(), 3));
        assertEquals(s.first().features()[0], d.stratifiedSplit(0.8, 7).first().features()[0], "seeded");

        List<Dataset.Split> folds = d.folds(5, 3, true);
        int[] seen = new int[n];
        for (Dataset.Split f : folds) {
            assertEquals(n, f.first().rows() + f.second().rows());
            assertArrayEquals(new int[] {8, 3, 1}, counts(f.second().labels(), 3), "each fold keeps the shares");
            for (float v : f.second().features()) {
                seen[(int) v]++;
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, seen[i], "row " + i + " is validated in exactly one fold");
        }
        assertThrows(IllegalArgumentException.class, () -> d.folds(1, 3, true));
        assertThrows(IllegalArgumentException.class, () -> d.folds(61, 3, true));
        assertThrows(IllegalArgumentException.class, () -> d.stratifiedSplit(1.0, 3));
        // a class of two rows keeps one on each side; a negative label is named, not an index error
        Dataset pair = Dataset.ofClasses(new float[] {0, 1, 2, 3}, 1, new int[] {0, 0, 1, 1});
        assertArrayEquals(new int[] {1, 1}, counts(pair.stratifiedSplit(0.8, 1).second().labels(), 2));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofClasses(new float[] {0, 1}, 1, new int[] {0, -1}).folds(2, 1, true));
        assertTrue(negative.getMessage().contains("Row 1 has the label -1"), negative.getMessage());

        // yes/no targets are classes too; numbers are split as split() does
        Dataset binary = Dataset.ofTargets(x, 1, java.util.Arrays.copyOf(new float[] {1, 1, 1, 1, 1, 1}, n), 1);
        Dataset.Split b = binary.stratifiedSplit(0.5, 1);
        assertEquals(3f, sum(b.first().targets()), "half of the six positive rows on each side");
        float[] numbers = new float[n];
        for (int i = 0; i < n; i++) {
            numbers[i] = i * 0.5f;
        }
        Dataset regression = Dataset.ofTargets(x, 1, numbers, 1);
        assertArrayEquals(regression.split(0.5, 1).first().features(),
                regression.stratifiedSplit(0.5, 1).first().features());
    }

    private static int[] counts(int[] labels, int classes) {
        int[] c = new int[classes];
        for (int l : labels) {
            c[l]++;
        }
        return c;
    }

    private static float sum(float[] v) {
        float s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }

    @Test
    void mismatchedLengthsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofClasses(new float[6], 2, new int[2]));
        assertTrue(e.getMessage().contains("3 feature rows but 2 labels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofClasses(new float[5], 2, new int[2]));
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofTargets(new float[4], 2, new float[3], 1));
    }

    @Test
    void playgroundSetsAreSeeded() {
        assertArrayEquals(Playground.spiral(50, 0.1, 3).features(), Playground.spiral(50, 0.1, 3).features());
        Dataset circle = Playground.circle(50, 0, 3);
        for (int i = 0; i < circle.rows(); i++) {
            double r = Math.hypot(circle.features()[2 * i], circle.features()[2 * i + 1]);
            assertTrue(circle.labels()[i] == 0 ? r <= 2.0001 : r >= 3.4999, "radius " + r);
        }
    }
}
