package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Rng;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageAugmentationTest {

    private static final float[] IMAGE = {1, 2, 3, 4, 5, 6, 7, 8, 9}; // 3×3

    @Test
    void flipMirrorsEachRow() {
        ImageAugmentation flip = ImageAugmentation.of(3, 3).withHorizontalFlip();
        Set<String> seen = new HashSet<>();
        Rng rng = new Rng(1);
        for (int i = 0; i < 40; i++) {
            float[] x = IMAGE.clone();
            flip.augment(x, 1, 9, rng);
            seen.add(java.util.Arrays.toString(x));
        }
        assertEquals(Set.of(java.util.Arrays.toString(IMAGE), "[3.0, 2.0, 1.0, 6.0, 5.0, 4.0, 9.0, 8.0, 7.0]"), seen);
    }

    @Test
    void shiftsMovePixelsAndFillWithZero() {
        ImageAugmentation shift = ImageAugmentation.of(3, 3).withShift(1);
        Rng rng = new Rng(2);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            float[] x = IMAGE.clone();
            shift.augment(x, 1, 9, rng);
            seen.add(java.util.Arrays.toString(x));
            float sum = 0;
            for (float v : x) {
                sum += v;
            }
            assertTrue(sum <= 45, "a shift only drops pixels");
        }
        assertEquals(9, seen.size(), "every shift in [-1, 1]² occurs");
        assertTrue(seen.contains("[0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]"), "one row down");
        assertTrue(seen.contains("[2.0, 3.0, 0.0, 5.0, 6.0, 0.0, 8.0, 9.0, 0.0]"), "one column left");
    }

    @Test
    void noiseIsSeeded() {
        ImageAugmentation noise = ImageAugmentation.of(3, 3).withNoise(0.1);
        float[] a = IMAGE.clone();
        float[] b = IMAGE.clone();
        noise.augment(a, 1, 9, new Rng(3));
        noise.augment(b, 1, 9, new Rng(3));
        assertArrayEquals(a, b);
        assertNotEquals(java.util.Arrays.toString(IMAGE), java.util.Arrays.toString(a));
    }

    @Test
    void wrongWidthIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageAugmentation.of(28, 28).checkWidth(100));
        assertTrue(e.getMessage().contains("784"), e.getMessage());
    }
}
