package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.FitOptions;
import org.junit.jupiter.api.Test;

/**
 * Inference folds a batch normalisation that directly follows a linear dense layer into that layer's weights
 * when a call has at least as many rows as the layer has inputs. The folded path must give what the
 * unfolded one gives, and must follow the weights when they change between calls.
 */
class BatchNormFoldTest {

    private static final FitOptions QUIET = FitOptions.defaults().withVerbose(false);

    /** Predictions of all rows in one call (folded: 60 rows ≥ 4 inputs) and row by row (1 row: not folded). */
    private static void assertFoldedMatchesUnfolded(TestModels_CheckpointedModel model, Dataset data) {
        float[][] rows = new float[data.rows()][4];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(data.features(), r * 4, rows[r], 0, 4);
        }
        float[][] together = model.predict(rows);
        double worst = 0;
        for (int r = 0; r < rows.length; r++) {
            float[] alone = model.predict(rows[r]);
            for (int k = 0; k < alone.length; k++) {
                worst = Math.max(worst, Math.abs(alone[k] - together[r][k]));
            }
        }
        assertTrue(worst < 2e-6, "folded and unfolded probabilities differ by " + worst);
    }

    @Test
    void foldedInferenceMatchesTheUnfoldedPass() {
        Dataset data = CheckpointTest.data(60, 21);
        TestModels_CheckpointedModel model = new TestModels_CheckpointedModel();
        model.fit(data, QUIET.withEpochs(5));
        // Training moved γ, β and the running statistics away from their initial 1 and 0.
        assertTrue(model.parameters().stream().filter(p -> p.name().equals("norm.gamma")).findFirst().orElseThrow()
                .get(0, 0) != 1f);
        assertFoldedMatchesUnfolded(model, data);
    }

    @Test
    void theFoldFollowsWeightsWrittenBetweenCalls() {
        Dataset data = CheckpointTest.data(60, 22);
        TestModels_CheckpointedModel model = new TestModels_CheckpointedModel();
        model.fit(data, QUIET.withEpochs(2));
        double before = model.evaluate(data).loss();
        Parameter w = model.parameters().get(0);
        for (int r = 0; r < w.rows(); r++) {
            w.set(r, 0, w.get(r, 0) * 3 + 0.5f); // a direct write, outside any training step
        }
        double after = model.evaluate(data).loss();
        assertTrue(after != before, "the changed weights are used");
        assertFoldedMatchesUnfolded(model, data);
        // evaluate folds (60 rows); summing per-row losses from unfolded single-row evaluates gives the same mean
        double sum = 0;
        for (int r = 0; r < data.rows(); r++) {
            sum += model.evaluate(data.slice(r, r + 1)).loss();
        }
        assertEquals(sum / data.rows(), after, 1e-5);
    }
}
