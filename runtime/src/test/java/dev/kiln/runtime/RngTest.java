package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {

    @Test
    void sameSeedSameStreamAndKnownFirstValue() {
        // SplitMix64's published first output for seed 0.
        assertEquals(0xE220A8397B1DCDAFL, new Rng(0).nextLong());
        Rng a = new Rng(99);
        Rng b = new Rng(99);
        for (int i = 0; i < 100; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        assertNotEquals(Rng.derive(1, 0).nextLong(), Rng.derive(1, 2).nextLong());
    }

    @Test
    void gaussianHasUnitVarianceAndUniformIntsAreUnbiased() {
        Rng rng = new Rng(7);
        int n = 200_000;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double g = rng.nextGaussian();
            sum += g;
            sq += g * g;
        }
        // Standard errors: mean 1/sqrt(n) ≈ 0.0022, variance sqrt(2/n) ≈ 0.0032; 5 of them.
        assertEquals(0, sum / n, 0.011);
        assertEquals(1, sq / n - (sum / n) * (sum / n), 0.016);
        int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++) {
            counts[rng.nextInt(3)]++;
        }
        for (int c : counts) {
            assertTrue(Math.abs(c - 10_000) < 400, "count " + c); // sd ≈ 82
        }
    }
}
