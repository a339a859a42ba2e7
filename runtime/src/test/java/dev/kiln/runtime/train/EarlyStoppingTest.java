package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Early stopping's decisions on scripted curves. */
class EarlyStoppingTest {

    /** Feeds values epoch by epoch; returns the epoch after which training stops, or 0. */
    private static int stopEpoch(EarlyStopping.Tracker t, double... values) {
        for (int e = 1; e <= values.length; e++) {
            t.improved(e, values[e - 1]);
            if (t.shouldStop()) {
                return e;
            }
        }
        return 0;
    }

    @Test
    void lossCurveWithMinDeltaAndPatience() {
        EarlyStopping s = EarlyStopping.monitor("val_loss").withMinDelta(0.01).withPatience(2);
        EarlyStopping.Tracker t = s.tracker();
        // Epoch 3 improves by only 0.005 (< minDelta); epoch 4 improves and resets the count; 5 and 6 do not.
        assertEquals(6, stopEpoch(t, 1.0, 0.8, 0.795, 0.7, 0.72, 0.71, 0.1));
        assertEquals(4, t.bestEpoch());
    }

    @Test
    void accuracyImprovesUpwardsAndPatienceZeroStopsAtFirstMiss() {
        EarlyStopping.Tracker t = EarlyStopping.monitor("accuracy").tracker();
        assertEquals(3, stopEpoch(t, 0.5, 0.6, 0.6, 0.9));
        assertEquals(2, t.bestEpoch());
    }

    @Test
    void neverStopsWhileImproving() {
        EarlyStopping.Tracker t = EarlyStopping.monitor("mae").withPatience(0).tracker();
        assertEquals(0, stopEpoch(t, 5, 4, 3, 2, 1));
        assertEquals(5, t.bestEpoch());
        assertTrue(EarlyStopping.monitor("loss").restoreBestWeights(), "restores best weights by default");
        assertFalse(EarlyStopping.monitor("loss").withRestoreBestWeights(false).restoreBestWeights());
    }

    @Test
    void unknownMonitorIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EarlyStopping.monitor("val_acc"));
        assertTrue(e.getMessage().contains("val_acc"), e.getMessage());
    }
}
