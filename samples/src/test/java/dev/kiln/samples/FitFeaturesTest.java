package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.Rng;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Playground;
import dev.kiln.runtime.train.EarlyStopping;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.LearningRateSchedule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Early stopping, class weights, validation split and augmentation through a generated model. */
class FitFeaturesTest {

    private static final FitOptions QUIET = FitOptions.defaults().withVerbose(false);

    /** Small rate for three epochs, then one so large that the loss rises: a scripted loss curve. */
    private static final LearningRateSchedule GOOD_THEN_BAD = new LearningRateSchedule() {
        @Override
        public double rate(double base, long epoch) {
            return epoch < 3 ? 0.02 : 3.0;
        }

        @Override
        public boolean perStep() {
            return false;
        }
    };

    @Test
    void earlyStoppingStopsAtTheRightEpochAndRestoresTheBestWeights() {
        Dataset data = Playground.circle(40, 0.1, 5);
        List<float[]> weightsAfterEpoch = new ArrayList<>();
        SpiralNetModel model = new SpiralNetModel();
        History h = model.fit(data, QUIET.withEpochs(20).withBatchSize(80).withSchedule(GOOD_THEN_BAD)
                .withEarlyStopping(EarlyStopping.monitor("loss").withPatience(2))
                .withListener(r -> weightsAfterEpoch.add(model.parameters().get(0).toArray()[0])));
        List<Double> losses = h.epochs().stream().map(r -> r.loss()).toList();
        assertTrue(losses.size() < 20, "stopped early: " + losses);
        int best = 1;
        for (int e = 1; e <= losses.size(); e++) {
            if (losses.get(e - 1) < losses.get(best - 1)) {
                best = e;
            }
        }
        assertEquals(best, h.bestEpoch());
        assertEquals(best + 2, h.epochs().size(), "stops after patience 2 epochs without improvement");
        assertArrayEquals(weightsAfterEpoch.get(best - 1), model.parameters().get(0).toArray()[0],
                "the best epoch's weights are restored");
    }

    @Test
    void classWeightsScaleEachSamplesLossAndGradient() {
        var model = new TestModels_ClassifierModel();
        Rng rng = new Rng(3);
        float[] x = new float[6 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        Dataset batch = Dataset.ofClasses(x, 5, new int[] {0, 1, 2, 0, 1, 2});
        double plain = model.computeGradients(batch);
        float[] plainGrad = gradients(model.parameters());
        model.setClassWeights(new float[] {2, 2, 2});
        double doubled = model.computeGradients(batch);
        float[] doubledGrad = gradients(model.parameters());
        model.setClassWeights(null);
        assertEquals(2 * plain, doubled, 1e-6);
        for (int i = 0; i < plainGrad.length; i++) {
            assertEquals(2 * plainGrad[i], doubledGrad[i], 1e-6f * Math.max(1, Math.abs(doubledGrad[i])));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.fit(batch, QUIET.withClassWeights(1, 2)));
        assertTrue(e.getMessage().contains("needs 3 (one per class)"), e.getMessage());
    }

    @Test
    void balancedClassWeightsAreScikitLearnsAndTrainAsTheSameWeightsGivenByHand() {
        Rng rng = new Rng(5);
        float[] x = new float[12 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        // 6, 4 and 2 rows of classes 0, 1, 2: scikit-learn's compute_class_weight("balanced") gives
        // 12 / (3 · count) = 2/3, 1 and 2.
        Dataset data = Dataset.ofClasses(x, 5, new int[] {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2});
        var balanced = new TestModels_ClassifierModel();
        var byHand = new TestModels_ClassifierModel();
        balanced.fit(data, QUIET.withEpochs(3).withBatchSize(4).withBalancedClassWeights());
        byHand.fit(data, QUIET.withEpochs(3).withBatchSize(4).withClassWeights(12f / 18, 1f, 2f));
        assertArrayEquals(gradients(byHand.parameters()), gradients(balanced.parameters()));
        assertArrayEquals(byHand.parameters().get(0).toArray()[0], balanced.parameters().get(0).toArray()[0]);
        var plain = new TestModels_ClassifierModel();
        plain.fit(data, QUIET.withEpochs(3).withBatchSize(4));
        assertFalse(java.util.Arrays.equals(plain.parameters().get(0).toArray()[0],
                balanced.parameters().get(0).toArray()[0]), "the weights made a difference");

        Dataset missing = Dataset.ofClasses(x, 5, new int[] {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TestModels_ClassifierModel().fit(missing, QUIET.withBalancedClassWeights()));
        assertTrue(e.getMessage().contains("has none of class 2"), e.getMessage());
        IllegalArgumentException regression = assertThrows(IllegalArgumentException.class,
                () -> new TestModels_RegressorModel().fit(Dataset.ofTargets(new float[4 * 3], 3, new float[4 * 2], 2),
                        QUIET.withBalancedClassWeights()));
        assertTrue(regression.getMessage().contains("regression loss"), regression.getMessage());
    }

    @Test
    void zeroClassWeightRemovesThatClassFromTheGradient() {
        // Weights (1, 0, 0): the gradient over all six rows is the gradient over the two class-0 rows alone,
        // scaled by 2/6 because the batch mean still divides by six.
        var model = new TestModels_ClassifierModel();
        Rng rng = new Rng(4);
        float[] x = new float[6 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        int[] labels = {0, 1, 2, 0, 1, 2};
        model.setClassWeights(new float[] {1, 0, 0});
        double weightedLoss = model.computeGradients(Dataset.ofClasses(x, 5, labels));
        float[] weighted = gradients(model.parameters());
        model.setClassWeights(null);
        float[] classZero = new float[2 * 5];
        System.arraycopy(x, 0, classZero, 0, 5);
        System.arraycopy(x, 15, classZero, 5, 5);
        double aloneLoss = model.computeGradients(Dataset.ofClasses(classZero, 5, new int[] {0, 0}));
        float[] alone = gradients(model.parameters());
        assertEquals(aloneLoss * 2 / 6, weightedLoss, 1e-6);
        for (int i = 0; i < alone.length; i++) {
            assertEquals(alone[i] * 2f / 6f, weighted[i], 1e-6f, "gradient " + i);
        }
    }

    @Test
    void validationSplitIsSeededAndExclusiveWithValidationData() {
        Dataset data = Playground.spiral(50, 0.1, 7);
        History a = new SpiralNetModel().fit(data, QUIET.withEpochs(2).withValidationSplit(0.2));
        History b = new SpiralNetModel().fit(data, QUIET.withEpochs(2).withValidationSplit(0.2));
        assertEquals(80, a.last().samples(), "80% of 100 rows train");
        assertEquals(a.last().validationLoss(), b.last().validationLoss(), 0);
        assertTrue(a.last().validationLoss() > 0);
        assertThrows(IllegalArgumentException.class,
                () -> new SpiralNetModel().fit(data, QUIET.withValidationSplit(0.2).withValidation(data)));
    }

    @Test
    void augmentationRunsOncePerBatchOnTheBatchRows() {
        Dataset data = Playground.spiral(25, 0.1, 8);
        int[] calls = new int[2];
        new SpiralNetModel().fit(data, QUIET.withEpochs(3).withBatchSize(16).withAugmentation((rows, n, w, rng) -> {
            calls[0]++;
            calls[1] += n;
        }));
        assertEquals(3 * 4, calls[0], "50 rows in batches of 16: 4 batches per epoch");
        assertEquals(3 * 50, calls[1]);
    }

    private static float[] gradients(List<Parameter> params) {
        int total = params.stream().mapToInt(Parameter::size).sum();
        float[] g = new float[total];
        int at = 0;
        for (Parameter p : params) {
            System.arraycopy(p.gradients(), p.offset(), g, at, p.size());
            at += p.size();
        }
        return g;
    }
}
