package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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
