package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.CsvLogger;
import dev.kiln.runtime.train.EarlyStopping;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.KilnModel;
import dev.kiln.runtime.train.ReduceLearningRateOnPlateau;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics of FitOptions.withMetrics: computed on the validation data after every epoch, kept in History and
 * its CSV, and monitored by early stopping (upwards for F1) and the callbacks; a name the model's task does not
 * report, or a run without validation data, is refused before the first epoch.
 */
class ValidationMetricsTest {

    @TempDir
    Path dir;

    private static Dataset classes(int rows, long seed) {
        Random r = new Random(seed);
        float[] x = new float[rows * 5];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 5; j++) {
                x[i * 5 + j] = (float) r.nextGaussian() + (j == labels[i] ? 1.5f : 0);
            }
        }
        return Dataset.ofClasses(x, 5, labels);
    }

    @Test
    void metricsAreComputedKeptAndMonitored() throws IOException {
        Dataset train = classes(90, 1);
        Dataset validation = classes(60, 2);
        KilnModel model = new TestModels_ClassifierModel();
        Path csv = dir.resolve("history.csv");
        History h = model.fit(train, FitOptions.defaults().withEpochs(12).withVerbose(false).withValidation(validation)
                .withMetrics("macro_f1", "roc_auc", "log_loss")
                .withEarlyStopping(EarlyStopping.monitor("val_macro_f1").withPatience(3))
                .withCallbacks(new CsvLogger(csv),
                        ReduceLearningRateOnPlateau.monitor("val_log_loss").withPatience(2)));
        double[] f1 = h.series("val_macro_f1");
        assertEquals(h.epochs().size(), f1.length);
        // early stopping restored the best epoch's weights: the model's own F1 now is that epoch's, the series' max
        double best = java.util.Arrays.stream(f1).max().orElseThrow();
        assertEquals(best, f1[h.bestEpoch() - 1], "the best epoch by val_macro_f1 is its highest");
        assertEquals(best, model.classificationMetrics(validation).macroF1(), 1e-12);
        assertEquals(h.series("val_log_loss")[h.bestEpoch() - 1], model.evaluate(validation).loss(), 1e-5,
                "log loss is the validation loss");
        String text = Files.readString(csv);
        assertTrue(text.startsWith("epoch,loss,accuracy,val_loss,val_accuracy,val_macro_f1,val_roc_auc,val_log_loss,"),
                text);
        assertTrue(h.toCsv().startsWith("epoch,loss,accuracy,val_loss,val_accuracy,val_macro_f1,"), h.toCsv());
    }

    @Test
    void wrongNamesAndMissingValidationAreRefusedBeforeTraining() {
        Dataset train = classes(30, 3);
        KilnModel model = new TestModels_ClassifierModel();
        float[] before = model.parameters().get(0).toArray()[0].clone();
        assertMessage(() -> FitOptions.defaults().withMetrics("f2"), "No metric is called 'f2'");
        assertMessage(() -> model.fit(train, FitOptions.defaults().withMetrics("r2").withValidation(train)),
                "asks for r2, which a classification model does not report");
        assertMessage(() -> model.fit(train, FitOptions.defaults().withMetrics("macro_f1")),
                "computes its metrics on validation data");
        assertMessage(() -> model.fit(train, FitOptions.defaults().withValidation(train)
                .withEarlyStopping(EarlyStopping.monitor("val_macro_f1"))),
                "ask for val_macro_f1 with FitOptions.withMetrics(\"macro_f1\")");
        assertMessage(() -> model.fit(train, FitOptions.defaults().withVerbose(false).withEpochs(1)
                .withValidation(train)).series("val_mcc"), "This run did not compute val_mcc");
        KilnModel fresh = new TestModels_ClassifierModel();
        assertArrayEquals(before, fresh.parameters().get(0).toArray()[0], "same seed, same start");
    }

    @Test
    void regressionMetricsImproveInTheirOwnDirection() {
        Random r = new Random(4);
        float[] x = new float[40 * 3];
        float[] t = new float[40 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < t.length; i++) {
            t[i] = 0.5f + 0.3f * (float) Math.tanh(x[(i / 2) * 3]);
        }
        Dataset data = Dataset.ofTargets(x, 3, t, 2);
        KilnModel model = new TestModels_RegressorModel();
        History h = model.fit(data, FitOptions.defaults().withVerbose(false).withEpochs(6).withValidation(data)
                .withMetrics("rmse", "r2")
                .withEarlyStopping(EarlyStopping.monitor("val_rmse").withPatience(6)));
        double[] rmse = h.series("val_rmse");
        double lowest = java.util.Arrays.stream(rmse).min().orElseThrow();
        assertEquals(lowest, rmse[h.bestEpoch() - 1], "rmse improves downwards");
        assertEquals(lowest, model.regressionMetrics(data).rmse(), 1e-7);
    }

    @Test
    void evaluateReportsEveryMetricAsPredictDoes() {
        Dataset data = classes(50, 5);
        KilnModel model = new TestModels_ClassifierModel();
        model.fit(classes(90, 6), FitOptions.defaults().withEpochs(3).withVerbose(false));
        Evaluation e = model.evaluate(data);
        var direct = model.classificationMetrics(data);
        assertEquals(e.metric(), e.classification().accuracy(), 1e-12, "the headline accuracy is the report's");
        assertArrayEquals(direct.confusionMatrix(), e.classification().confusionMatrix());
        assertEquals(direct.logLoss(), e.classification().logLoss(), 0.0, "predict's probabilities, to the bit");
        assertEquals(direct.rocAuc(), e.classification().rocAuc(), 0.0);
        assertEquals(direct.matthewsCorrelation(), e.classification().matthewsCorrelation(), 0.0);
        assertEquals(null, e.regression());
        assertEquals(e.loss(), direct.logLoss(), 1e-5, "unsmoothed cross-entropy is the log loss");

        Random r = new Random(7);
        float[] x = new float[30 * 3];
        float[] t = new float[30 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < t.length; i++) {
            t[i] = x[i] * 0.5f;
        }
        Dataset targets = Dataset.ofTargets(x, 3, t, 2);
        KilnModel regressor = new TestModels_RegressorModel();
        Evaluation g = regressor.evaluate(targets);
        assertEquals(null, g.classification());
        assertEquals(regressor.regressionMetrics(targets).r2(), g.regression().r2(), 0.0);
        assertEquals(g.metric(), g.regression().mae(), 1e-6, "the headline MAE is the report's");

        XorNetModel xor = new XorNetModel();
        Dataset xorData = Dataset.ofTargets(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 2, new float[] {0, 1, 1, 0}, 1);
        Evaluation b = xor.evaluate(xorData);
        assertEquals(xor.classificationMetrics(xorData).confusionMatrix().length, 2, "one sigmoid output: two classes");
        assertArrayEquals(xor.classificationMetrics(xorData).confusionMatrix(), b.classification().confusionMatrix());
        KilnModel multi = new TestModels_BinaryModel();
        Dataset labels = Dataset.ofTargets(new float[] {0, 1, 0, 1, 1, 0, 1, 0}, 4, new float[] {0, 1, 1, 1}, 2);
        assertEquals(null, multi.evaluate(labels).classification(), "independent yes/no outputs are scored one by"
                + " one");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
