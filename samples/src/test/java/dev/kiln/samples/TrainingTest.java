package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Playground;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated trainer end to end: it learns, it is reproducible, and bad data is refused up front. */
class TrainingTest {

    private static final FitOptions QUIET = FitOptions.defaults().withVerbose(false);

    @Test
    void spiralNetLearnsTheTwoSpirals() {
        Dataset.Split split = Playground.spiral(300, 0.05, 1).split(0.8, 2);
        SpiralNetModel model = new SpiralNetModel();
        double before = model.evaluate(split.first()).metric();
        History h = model.fit(split.first(), QUIET.withEpochs(150).withBatchSize(16));
        assertEquals(150, h.epochs().size());
        assertTrue(h.last().loss() < h.epochs().get(0).loss() / 4, "loss fell from " + h.epochs().get(0).loss()
                + " to " + h.last().loss());
        Evaluation test = model.evaluate(split.second());
        // A linear model gets about half of the spiral right; the interleaved arms need the hidden layers.
        assertTrue(before < 0.7, "untrained accuracy " + before);
        assertTrue(test.metric() >= 0.9, "held-out accuracy " + test.metric());
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndAnotherShuffleSeedDoesNot() {
        Dataset data = Playground.spiral(100, 0.1, 3);
        FitOptions options = QUIET.withEpochs(3).withBatchSize(8);
        float[] a = weights(trained(options, data));
        float[] b = weights(trained(options, data));
        float[] c = weights(trained(options.withSeed(99), data));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void dropoutDrawsNewMasksEachStepAndIsOffAtInference() {
        var model = new TestModels_ClassifierModel();
        Dataset data = Playground.circle(8, 0, 1);
        Dataset five = Dataset.ofClasses(new float[16 * 5], 5, data.labels());
        float[] x = five.features();
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        // A rate too small to move the weights: the two epochs' training losses differ only by their masks.
        var h = model.fit(five, QUIET.withEpochs(2).withBatchSize(16).withShuffle(false).withLearningRate(1e-30));
        assertTrue(h.epochs().get(0).loss() != h.epochs().get(1).loss(), "new dropout masks every step");
        // Outside training, dropout is the identity: no randomness.
        float[] row = {0.5f, -0.5f, 0.25f, 1, 0};
        assertArrayEquals(model.predict(row), model.predict(row));
        assertEquals(model.computeGradients(five), model.computeGradients(five));
        assertEquals(model.evaluate(five).loss(), model.evaluate(five).loss());
    }

    @Test
    void predictEvaluateAndPredictClassAgree() {
        Dataset data = Playground.spiral(60, 0.1, 4);
        SpiralNetModel model = new SpiralNetModel(32);
        model.fit(data, QUIET.withEpochs(20));
        float[][] rows = new float[data.rows()][];
        int correct = 0;
        for (int i = 0; i < data.rows(); i++) {
            rows[i] = Arrays.copyOfRange(data.features(), 2 * i, 2 * i + 2);
            float[] p = model.predict(rows[i]);
            assertEquals(1.0, p[0] + p[1], 1e-6, "softmax probabilities sum to 1");
            if (model.predictClass(rows[i]) == data.labels()[i]) {
                correct++;
            }
        }
        float[][] batch = model.predict(rows);
        for (int i = 0; i < rows.length; i++) {
            assertArrayEquals(model.predict(rows[i]), batch[i], 1e-6f);
        }
        assertEquals((double) correct / data.rows(), model.evaluate(data).metric(), 1e-12);
    }

    @Test
    void regressionAndBinaryModelsTrain() {
        // y = 2·x0 - x1 + 0.5·x2, a linear target the single-layer model can fit exactly.
        float[] x = new float[300 * 3];
        float[] y = new float[300];
        var rng = new dev.kiln.runtime.Rng(5);
        for (int i = 0; i < 300; i++) {
            for (int j = 0; j < 3; j++) {
                x[3 * i + j] = (float) rng.nextGaussian();
            }
            y[i] = 2 * x[3 * i] - x[3 * i + 1] + 0.5f * x[3 * i + 2];
        }
        var linear = new TestModels_LinearRegressorModel();
        History h = linear.fit(Dataset.ofTargets(x, 3, y, 1), QUIET.withEpochs(60).withBatchSize(10));
        assertEquals("mae", h.metricName());
        assertTrue(h.last().metric() < 0.05, "mean absolute error " + h.last().metric());
        Parameter w = linear.parameters().get(0);
        assertEquals(2.0, w.get(0, 0), 0.05);
        assertEquals(-1.0, w.get(1, 0), 0.05);
        assertEquals(0.5, w.get(2, 0), 0.05);

        // Two binary outputs: is the point in the first quadrant's half-planes x0 > 0 and x1 > 0.
        float[] t = new float[300 * 2];
        float[] x4 = new float[300 * 4];
        for (int i = 0; i < 300; i++) {
            for (int j = 0; j < 4; j++) {
                x4[4 * i + j] = (float) rng.nextGaussian();
            }
            t[2 * i] = x4[4 * i] > 0 ? 1 : 0;
            t[2 * i + 1] = x4[4 * i + 1] > 0 ? 1 : 0;
        }
        var binary = new TestModels_BinaryModel();
        History hb = binary.fit(Dataset.ofTargets(x4, 4, t, 2), QUIET.withEpochs(40).withBatchSize(10));
        assertTrue(hb.last().metric() > 0.95, "binary accuracy " + hb.last().metric());
        float[] p = binary.predict(new float[] {3, -3, 0, 0});
        assertTrue(p[0] > 0.8 && p[1] < 0.2, Arrays.toString(p)); // probabilities, not logits
    }

    @Test
    void historyHasOneResultPerEpochAndValidationFigures() {
        Dataset.Split split = Playground.circle(100, 0.1, 6).split(0.75, 7);
        List<EpochResult> seen = new java.util.ArrayList<>();
        History h = new SpiralNetModel().fit(split.first(), QUIET.withEpochs(4).withValidation(split.second())
                .withListener(seen::add));
        assertEquals(h.epochs(), seen);
        for (int i = 0; i < 4; i++) {
            EpochResult r = h.epochs().get(i);
            assertEquals(i + 1, r.epoch());
            assertEquals(150, r.samples());
            assertTrue(r.validationLoss() > 0 && r.validationMetric() >= 0 && r.validationMetric() <= 1);
        }
    }

    @Test
    void badDataIsRefusedBeforeTrainingWithWhatToDo() {
        SpiralNetModel model = new SpiralNetModel(16);
        float[] before = weights(model);
        assertMessage(() -> model.fit(Dataset.ofClasses(new float[6], 3, new int[2]), QUIET),
                "has 3 features per row, but the model takes 2");
        assertMessage(() -> model.fit(Dataset.ofClasses(new float[4], 2, new int[] {0, 5}), QUIET),
                "label 5 at row 1, but the model has 2 classes, so labels run from 0 to 1");
        assertMessage(() -> model.fit(Dataset.ofClasses(new float[] {0, 1, Float.NaN, 0}, 2, new int[2]), QUIET),
                "feature value NaN at row 1, column 0");
        assertMessage(() -> model.fit(Playground.spiral(10, 0, 1), QUIET.withBatchSize(17)),
                "The batch size is 17, larger than the 16 rows this model was built for");
        assertMessage(() -> model.fit(Dataset.ofTargets(new float[4], 2, new float[2], 1), QUIET),
                "needs integer class labels");
        assertArrayEquals(before, weights(model), "a refused call changes nothing");
    }

    /** Large inputs and targets (3 features, target 1000) on which a large learning rate diverges. */
    private static Dataset divergingData() {
        float[] x = new float[40 * 3];
        float[] y = new float[40];
        var rng = new dev.kiln.runtime.Rng(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian() * 10;
        }
        java.util.Arrays.fill(y, 1000f);
        return Dataset.ofTargets(x, 3, y, 1);
    }

    @Test
    void divergenceStopsWithTheEpochAndStepAndRestoresTheEpochsStartingWeights() {
        // Plain SGD with a learning rate of 1e4 on large inputs and targets: each step multiplies the error.
        var model = new TestModels_UnstableModel();
        // Weights at the start of each epoch: the initial ones, then those after each completed epoch.
        List<float[]> starts = new java.util.ArrayList<>();
        starts.add(weights(model));
        var e = assertThrows(dev.kiln.runtime.train.TrainingDivergedException.class, () -> model.fit(
                divergingData(), QUIET.withEpochs(50).withBatchSize(4).withLearningRate(1e4)
                        .withListener(r -> starts.add(weights(model)))));
        assertTrue(e.getMessage().matches("Training diverged in epoch \\d+, step \\d+: .*"), e.getMessage());
        int epoch = Integer.parseInt(e.getMessage().replaceAll("Training diverged in epoch (\\d+),.*", "$1"));
        assertTrue(e.getMessage().contains("The weights are back to those at the start of epoch " + epoch),
                e.getMessage());
        assertArrayEquals(starts.get(epoch - 1), weights(model));
        for (float w : weights(model)) {
            assertTrue(Float.isFinite(w));
        }
    }

    @Test
    void divergenceAlsoPutsBackBatchNormStatisticsAndOptimizerState() {
        var model = new TestModels_UnstableNormModel();
        List<float[]> starts = new java.util.ArrayList<>();
        starts.add(CheckpointTest.state(model));
        var e = assertThrows(dev.kiln.runtime.train.TrainingDivergedException.class, () -> model.fit(
                divergingData(), QUIET.withEpochs(200).withBatchSize(4).withLearningRate(1e3)
                        .withListener(r -> starts.add(CheckpointTest.state(model)))));
        int epoch = Integer.parseInt(e.getMessage().replaceAll("Training diverged in epoch (\\d+),.*", "$1"));
        float[] restored = CheckpointTest.state(model);
        assertArrayEquals(starts.get(epoch - 1), restored, "parameters, moments and running statistics");
        for (float v : restored) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void aSecondThreadFailsFastWhileFitRuns() throws Exception {
        SpiralNetModel model = new SpiralNetModel();
        Dataset data = Playground.spiral(200, 0.1, 9);
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread trainer = new Thread(() -> model.fit(data, QUIET.withEpochs(2).withListener(r -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })));
        trainer.start();
        inside.await();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.predict(new float[] {0, 0}));
        assertTrue(e.getMessage().contains("not thread-safe"), e.getMessage());
        release.countDown();
        trainer.join();
        // Once fit returns, the model is free again.
        assertEquals(2, model.predict(new float[] {0, 0}).length);
    }

    private static void assertMessage(Runnable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static SpiralNetModel trained(FitOptions options, Dataset data) {
        SpiralNetModel m = new SpiralNetModel();
        m.fit(data, options);
        return m;
    }

    private static float[] weights(dev.kiln.runtime.train.TrainableNetwork m) {
        int total = m.parameters().stream().mapToInt(Parameter::size).sum();
        float[] all = new float[total];
        int at = 0;
        for (Parameter p : m.parameters()) {
            System.arraycopy(p.values(), p.offset(), all, at, p.size());
            at += p.size();
        }
        return all;
    }
}
