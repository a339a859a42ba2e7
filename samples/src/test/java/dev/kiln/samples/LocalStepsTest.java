package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.LearningRateSchedule;
import dev.kiln.runtime.train.LocalSteps;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * LocalSteps, the slices of epochs a data-parallel replica runs: cut anywhere, with per-step and per-epoch
 * schedules, the slices of every epoch are fit's run to the bit.
 */
class LocalStepsTest {

    private static Dataset data() {
        Random r = new Random(9);
        float[] x = new float[70 * 5];
        int[] labels = new int[70];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(3);
            for (int j = 0; j < 5; j++) {
                x[i * 5 + j] = (float) r.nextGaussian() + (j == labels[i] ? 1f : 0f);
            }
        }
        return Dataset.ofClasses(x, 5, labels);
    }

    private static float[] weights(TestModels_ClassifierModel m) {
        return m.parameters().stream().map(p -> p.values().clone()).reduce((a, b) -> {
            float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        }).orElseThrow();
    }

    @Test
    void aTrailingBatchOfOneRowIsFlaggedOnlyWithBatchNormalisation() {
        TestModels_NormBeforeModel norm = new TestModels_NormBeforeModel();
        assertTrue(LocalSteps.leavesBatchOfOne(norm, 9, 4));
        assertTrue(LocalSteps.leavesBatchOfOne(norm, 8, 1));
        assertFalse(LocalSteps.leavesBatchOfOne(norm, 8, 4));
        assertFalse(LocalSteps.leavesBatchOfOne(norm, 10, 4));
        assertFalse(LocalSteps.leavesBatchOfOne(new TestModels_ClassifierModel(), 9, 4));
    }

    @Test
    void slicesOfEveryEpochAreFit() {
        for (LearningRateSchedule schedule : new LearningRateSchedule[] {LearningRateSchedule.exponential(0.05, true),
                LearningRateSchedule.step(0.5, 1)}) {
            Dataset data = data();
            TestModels_ClassifierModel fitted = new TestModels_ClassifierModel();
            History h = fitted.fit(data, FitOptions.defaults().withEpochs(3).withBatchSize(16).withSchedule(schedule)
                    .withLearningRate(0.05).withVerbose(false));

            TestModels_ClassifierModel sliced = new TestModels_ClassifierModel();
            int steps = 5; // 70 rows in batches of 16
            double lastLoss = 0;
            for (int epoch = 1; epoch <= 3; epoch++) {
                int[] order = LocalSteps.epochOrder(sliced.seed(), data.rows(), epoch);
                double loss = 0;
                for (int[] cut : new int[][] {{0, 2}, {2, 3}, {3, 5}}) {
                    double[] rates = LocalSteps.rates(schedule, 0.05, epoch, steps, cut[0], cut[1]);
                    loss += LocalSteps.run(sliced, data, order, 16, cut[0], rates, epoch).lossSum();
                }
                lastLoss = loss / data.rows();
            }
            assertArrayEquals(weights(fitted), weights(sliced), schedule.toString());
            assertEquals(h.last().loss(), lastLoss, 1e-12, "the same losses, summed as fit sums them");
        }
        TestModels_ClassifierModel m = new TestModels_ClassifierModel();
        assertThrows(IllegalArgumentException.class, () -> LocalSteps.run(m, data(), new int[70], 16, 4,
                new double[2], 1), "steps past the epoch's last are refused");
    }
}
