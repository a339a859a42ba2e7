package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.Rng;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.LearningRateSchedule;
import dev.kiln.runtime.train.TrainableNetwork;
import dev.kiln.runtime.train.Trainer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradient clipping holds after every step; run-time overrides reach the generated code. */
class ClippingAndOverridesTest {

    private static final FitOptions QUIET = FitOptions.defaults().withVerbose(false);

    /** Targets far from the start, so unclipped gradients are much larger than the limits. */
    private static Dataset data() {
        Rng rng = new Rng(8);
        float[] x = new float[12 * 3];
        float[] t = new float[12 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        Arrays.fill(t, 5f);
        return Dataset.ofTargets(x, 3, t, 2);
    }

    private static double norm(Parameter p) {
        double s = 0;
        for (int i = 0; i < p.size(); i++) {
            double g = p.gradients()[p.offset() + i];
            s += g * g;
        }
        return Math.sqrt(s);
    }

    /** Trains step by step, checking the clipped gradients the update used after each step. */
    private static void eachStep(TrainableNetwork model, Runnable check) {
        for (int i = 0; i < 10; i++) {
            Trainer.fit(model, data(), QUIET.withEpochs(1).withBatchSize(12));
            check.run();
        }
    }

    @Test
    void clipValueBoundsEveryGradient() {
        var model = new TestModels_ClipValueModel();
        model.computeGradients(data());
        double unclipped = maxAbs(model.parameters());
        assertTrue(unclipped > 0.1, "the test needs gradients above the limit; largest " + unclipped);
        eachStep(model, () -> assertTrue(maxAbs(model.parameters()) <= 0.01f, "max " + maxAbs(model.parameters())));
    }

    @Test
    void clipNormBoundsEachTensor() {
        var model = new TestModels_ClipNormModel();
        model.computeGradients(data());
        assertTrue(model.parameters().stream().anyMatch(p -> norm(p) > 0.5), "gradients above the limit");
        eachStep(model, () -> model.parameters().forEach(p -> assertTrue(norm(p) <= 0.05 * (1 + 1e-6),
                p.name() + " norm " + norm(p))));
    }

    @Test
    void globalClipNormBoundsAllTogetherAndKeepsDirection() {
        var model = new TestModels_ClipGlobalNormModel();
        model.computeGradients(data());
        double[] before = model.parameters().stream().mapToDouble(ClippingAndOverridesTest::norm).toArray();
        eachStep(model, () -> {
            double total = Math.sqrt(model.parameters().stream().mapToDouble(p -> norm(p) * norm(p)).sum());
            assertEquals(0.05, total, 1e-6, "global norm after clipping");
        });
        assertTrue(Math.sqrt(Arrays.stream(before).map(v -> v * v).sum()) > 0.5);
    }

    @Test
    void maxNormHoldsAfterEveryStep() {
        var model = new TestModels_MaxNormedModel();
        Parameter w = model.parameters().get(0);
        // The initial columns are longer than 0.3, so the constraint must act from the first step.
        assertTrue(largestColumnNorm(w) > 0.4, "initial norm " + largestColumnNorm(w));
        for (int i = 0; i < 10; i++) {
            model.fit(data(), QUIET.withEpochs(1).withBatchSize(4));
            assertTrue(largestColumnNorm(w) <= 0.3 * (1 + 1e-6), "step " + i + ": " + largestColumnNorm(w));
        }
    }

    private static double largestColumnNorm(Parameter w) {
        double largest = 0;
        for (int unit = 0; unit < w.cols(); unit++) {
            double sq = 0;
            for (int in = 0; in < w.rows(); in++) {
                sq += w.get(in, unit) * w.get(in, unit);
            }
            largest = Math.max(largest, Math.sqrt(sq));
        }
        return largest;
    }

    @Test
    void annotationDefaultsAndOverridesReachTheTrainingLoop() {
        var model = new TestModels_ScheduledModel();
        History h = model.fit(data(), QUIET);
        // @Model(epochs = 3); @Schedule STEP halves 0.2 every 2 epochs.
        assertEquals(3, h.epochs().size());
        assertEquals(List.of(0.2, 0.2, 0.1), h.epochs().stream().map(r -> r.learningRate()).toList());

        History o = new TestModels_ScheduledModel().fit(data(), QUIET.withEpochs(2).withLearningRate(0.01)
                .withSchedule(LearningRateSchedule.exponential(1, false)));
        assertEquals(0.01, o.epochs().get(0).learningRate(), 0);
        assertEquals(0.01 / Math.E, o.epochs().get(1).learningRate(), 1e-15);
    }

    @Test
    void learningRateOverrideChangesTheSteps() {
        var a = new TestModels_ScheduledModel();
        var b = new TestModels_ScheduledModel();
        a.fit(data(), QUIET.withEpochs(1).withDropoutRate("drop", 0));
        b.fit(data(), QUIET.withEpochs(1).withDropoutRate("drop", 0).withLearningRate(0.4));
        float[] wa = a.parameters().get(0).toArray()[0];
        float[] wb = b.parameters().get(0).toArray()[0];
        assertFalse(Arrays.equals(wa, wb));
    }

    @Test
    void dropoutRateOverrideAppliesToOneFitOnly() {
        float[] byDefault = firstRow(fitted(QUIET.withEpochs(2)));
        float[] explicitHalf = firstRow(fitted(QUIET.withEpochs(2).withDropoutRate("drop", 0.5)));
        float[] none = firstRow(fitted(QUIET.withEpochs(2).withDropoutRate("drop", 0)));
        assertArrayEquals(byDefault, explicitHalf, "the annotation's rate is 0.5");
        assertFalse(Arrays.equals(byDefault, none), "rate 0 trains differently");

        // A later fit without the override is back at the annotation's rate.
        var a = new TestModels_ScheduledModel();
        a.fit(data(), QUIET.withEpochs(1).withDropoutRate("drop", 0));
        a.fit(data(), QUIET.withEpochs(1));
        var b = new TestModels_ScheduledModel();
        b.fit(data(), QUIET.withEpochs(1).withDropoutRate("drop", 0));
        b.fit(data(), QUIET.withEpochs(1).withDropoutRate("drop", 0.5));
        assertArrayEquals(firstRow(a), firstRow(b));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.fit(data(), QUIET.withDropoutRate("dropp", 0.1)));
        assertTrue(e.getMessage().contains("[dropp]") && e.getMessage().contains("its dropout layers are drop."),
                e.getMessage());
    }

    private static TestModels_ScheduledModel fitted(FitOptions options) {
        var m = new TestModels_ScheduledModel();
        m.fit(data(), options);
        return m;
    }

    private static float[] firstRow(TestModels_ScheduledModel m) {
        return m.parameters().get(0).toArray()[0];
    }

    private static float maxAbs(List<Parameter> params) {
        float max = 0;
        for (Parameter p : params) {
            for (int i = 0; i < p.size(); i++) {
                max = Math.max(max, Math.abs(p.gradients()[p.offset() + i]));
            }
        }
        return max;
    }
}
