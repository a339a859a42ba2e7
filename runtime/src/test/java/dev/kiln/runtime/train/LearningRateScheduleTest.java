package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The slides' schedule formulas on hand-computed values (η₀ = 0.1). */
class LearningRateScheduleTest {

    @Test
    void constantInverseExponential() {
        assertEquals(0.1, LearningRateSchedule.constant().rate(0.1, 50), 0);
        // 0.1 / (1 + 0.5·4) = 0.0333…
        assertEquals(0.1 / 3, LearningRateSchedule.inverse(0.5, true).rate(0.1, 4), 1e-15);
        // 0.1 · e^(−0.2·5) = 0.1/e
        assertEquals(0.1 / Math.E, LearningRateSchedule.exponential(0.2, false).rate(0.1, 5), 1e-15);
        assertTrue(LearningRateSchedule.inverse(0.5, true).perStep());
        assertFalse(LearningRateSchedule.exponential(0.2, false).perStep());
    }

    @Test
    void stepHalvesEveryTenEpochs() {
        LearningRateSchedule s = LearningRateSchedule.step(0.5, 10);
        assertEquals(0.1, s.rate(0.1, 0), 0);
        assertEquals(0.1, s.rate(0.1, 9), 0);
        assertEquals(0.05, s.rate(0.1, 10), 0);
        assertEquals(0.025, s.rate(0.1, 25), 1e-17);
    }

    @Test
    void cosineFallsFromBaseToMinimumThenStays() {
        LearningRateSchedule s = LearningRateSchedule.cosine(10, 0.001, false);
        assertEquals(0.1, s.rate(0.1, 0), 1e-15);
        assertEquals(0.001 + 0.5 * 0.099, s.rate(0.1, 5), 1e-15); // cos(π/2) = 0: halfway
        assertEquals(0.001, s.rate(0.1, 10), 0);
        assertEquals(0.001, s.rate(0.1, 30), 0);
    }

    @Test
    void badParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.inverse(-1, true));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(0, 0, false));
    }
}
