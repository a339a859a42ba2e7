package dev.kiln.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Rng;
import org.junit.jupiter.api.Test;

/**
 * Each dropout keeps the expected activation in training. With N = 200,000 draws the standard error of a
 * mean is sd/√N (about 0.0015 for the masks here); every bound below is at least five standard errors, so
 * a correct mask fails with probability below 1e-6, and the seed is fixed anyway.
 */
class DropoutMasksTest {

    private static final int N = 200_000;

    private static double mean(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double variance(float[] x) {
        double m = mean(x);
        double s = 0;
        for (float v : x) {
            s += (v - m) * (v - m);
        }
        return s / x.length;
    }

    @Test
    void invertedDropoutKeepsTheMeanAndDropsTheRate() {
        float[] mask = new float[N];
        DropoutMasks.fill(new Rng(1), mask, N, 0.3f);
        // Mask values are 0 or 1/0.7; sd = sqrt(0.3/0.7) ≈ 0.65, so the standard error is 0.0015.
        assertEquals(1.0, mean(mask), 0.0075);
        int dropped = 0;
        for (float v : mask) {
            if (v == 0f) {
                dropped++;
            } else {
                assertEquals(1 / 0.7f, v, 1e-6f);
            }
        }
        assertEquals(0.3, (double) dropped / N, 0.005); // sd of the fraction ≈ 0.001
    }

    @Test
    void gaussianDropoutHasMeanOneAndTheSameVariance() {
        float[] mask = new float[N];
        DropoutMasks.fillGaussian(new Rng(2), mask, N, 0.3f);
        assertEquals(1.0, mean(mask), 0.0075);
        assertEquals(0.3 / 0.7, variance(mask), 0.01); // sd of the variance estimate ≈ 0.0014
    }

    @Test
    void alphaDropoutKeepsZeroMeanUnitVarianceInputs() {
        Rng rng = new Rng(3);
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        float[] mask = new float[N];
        float[] out = new float[N];
        DropoutMasks.fillAlpha(rng, mask, N, 0.1f);
        DropoutMasks.applyAlpha(x, mask, out, N, 0.1f);
        assertEquals(0.0, mean(out), 0.0075);
        assertEquals(1.0, variance(out), 0.02);
        int dropped = 0;
        float saturated = (float) (DropoutMasks.alphaScale(0.1f) * DropoutMasks.ALPHA_PRIME) + DropoutMasks.alphaShift(0.1f);
        for (int i = 0; i < N; i++) {
            if (mask[i] == 0f) {
                dropped++;
                assertEquals(saturated, out[i], 0f);
            }
        }
        assertEquals(0.1, (double) dropped / N, 0.005);
        assertTrue(saturated < -1, "dropped units sit at SELU's saturation, mapped: " + saturated);
    }
}
