package dev.kiln.samples;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Mean absolute error, Huber loss and label-smoothed softmax cross-entropy against PyTorch 1.13's
 * {@code L1Loss}, {@code HuberLoss(delta = 0.5)} and {@code CrossEntropyLoss(label_smoothing = 0.1)} over 25
 * full-batch steps (reference values and the script that made them: tools/reference/loss_trajectories.py),
 * compared as {@link Trajectories} says.
 */
class LossReferenceTest {

    @Test
    void meanAbsoluteErrorMatchesPyTorch() throws IOException {
        Trajectories.compare("MAE", new LossModels_MaeModel(), Trajectories.read("/reference/losses.txt").get("MAE"));
    }

    @Test
    void huberMatchesPyTorch() throws IOException {
        Trajectories.compare("HUBER", new LossModels_HuberModel(),
                Trajectories.read("/reference/losses.txt").get("HUBER"));
    }

    @Test
    void labelSmoothingMatchesPyTorch() throws IOException {
        Trajectories.compare("SMOOTHED", new LossModels_SmoothedModel(),
                Trajectories.read("/reference/losses.txt").get("SMOOTHED"), Trajectories.labelled(3));
    }
}
