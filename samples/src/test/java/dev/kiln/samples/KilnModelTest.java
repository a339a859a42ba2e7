package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.metrics.ClassificationMetrics;
import dev.kiln.runtime.metrics.RegressionMetrics;
import dev.kiln.runtime.train.CrossValidation;
import dev.kiln.runtime.train.KilnModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Generic code over generated models: the interface they share, and the seed given at run time. */
class KilnModelTest {

    @Test
    void theSeedIsAConstructorArgumentAndTheAnnotationsSeedItsDefault() {
        assertArrayEquals(Weights.of(new TestModels_ClassifierModel()),
                Weights.of(new TestModels_ClassifierModel(16, 3)));
        assertEquals(3, new TestModels_ClassifierModel().seed());
        assertArrayEquals(Weights.of(new TestModels_ClassifierModel(16, 7)),
                Weights.of(new TestModels_ClassifierModel(4, 7)));
        assertFalse(java.util.Arrays.equals(Weights.of(new TestModels_ClassifierModel(16, 7)),
                Weights.of(new TestModels_ClassifierModel(16, 8))));
        assertEquals(8, new TestModels_ClassifierModel(16, 8).seed());
    }

    @Test
    void aSeedStudyIsALoopOverOneInterface() {
        float[] x = new float[40 * 5];
        int[] y = new int[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(0.37 * i);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = x[5 * i] > 0 ? 1 : 0;
        }
        Dataset data = Dataset.ofClasses(x, 5, y);
        List<Supplier<KilnModel>> factories = List.of(() -> new TestModels_ClassifierModel(16, 1),
                () -> new TestModels_ClassifierModel(16, 2));
        List<Double> losses = new ArrayList<>();
        for (Supplier<KilnModel> f : factories) {
            KilnModel m = f.get();
            m.fit(data, FitOptions.defaults().withVerbose(false).withEpochs(3));
            losses.add(m.evaluate(data).loss());
            int c = m.predictClass(java.util.Arrays.copyOf(x, m.inputs()));
            assertTrue(c >= 0 && c < m.outputs(), "class " + c);
        }
        assertEquals(2, losses.size());
        assertFalse(losses.get(0).equals(losses.get(1)), "two seeds, two results: " + losses);
    }

    @Test
    void predictClassSaysWhenAModelHasNoClasses() {
        KilnModel regression = new TestModels_RegressorModel();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> regression.predictClass(new float[3]));
        assertTrue(e.getMessage().contains("trained on mean squared error"), e.getMessage());
        KilnModel multiLabel = new TestModels_BinaryModel();
        e = assertThrows(IllegalStateException.class, () -> multiLabel.predictClass(new float[4]));
        assertTrue(e.getMessage().contains("2 independent yes/no outputs"), e.getMessage());
    }

    @Test
    void aModelScoresItsOwnPredictionsWithTheMetricsPeopleReport() {
        Random r = new Random(11);
        float[] x = new float[40 * 5];
        int[] labels = new int[40];
        for (int i = 0; i < 40; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 5; j++) {
                x[i * 5 + j] = (float) r.nextGaussian() + (j == labels[i] ? 2 : 0);
            }
        }
        Dataset data = Dataset.ofClasses(x, 5, labels);
        KilnModel classifier = new TestModels_ClassifierModel();
        classifier.fit(data, FitOptions.defaults().withEpochs(5).withVerbose(false));
        ClassificationMetrics m = classifier.classificationMetrics(data);
        ClassificationMetrics expected = ClassificationMetrics.of(labels, classifier.predict(data.featureRows()));
        assertEquals(expected.accuracy(), m.accuracy());
        assertEquals(classifier.evaluate(data).metric(), m.accuracy(), 1e-12, "the accuracy evaluate reports");
        assertEquals(classifier.evaluate(data).loss(), m.logLoss(), 1e-5, "log loss is evaluate's loss");
        assertEquals(expected.macroF1(), m.macroF1());

        // XOR: one sigmoid output, targets 0 and 1
        KilnModel xor = new XorNetModel();
        Dataset table = Dataset.ofTargets(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 2, new float[] {0, 1, 1, 0}, 1);
        xor.fit(table, FitOptions.defaults().withVerbose(false));
        ClassificationMetrics b = xor.classificationMetrics(table, "same", "different");
        assertEquals(1.0, b.accuracy(), "the XOR network learns its table");
        assertEquals(1.0, b.rocAuc());
        assertTrue(b.report().contains("different"), b.report());

        KilnModel regressor = new TestModels_RegressorModel();
        float[] rx = new float[10 * 3];
        float[] rt = new float[10 * 2];
        for (int i = 0; i < rx.length; i++) {
            rx[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < rt.length; i++) {
            rt[i] = 0.5f + 0.1f * (i % 3);
        }
        Dataset rd = Dataset.ofTargets(rx, 3, rt, 2);
        RegressionMetrics rm = regressor.regressionMetrics(rd);
        float[][] p = regressor.predict(rd.featureRows());
        double mae = 0;
        for (int i = 0; i < 10; i++) {
            for (int o = 0; o < 2; o++) {
                mae += Math.abs(p[i][o] - rt[i * 2 + o]);
            }
        }
        assertEquals(mae / 20, rm.mae(), 1e-7);
        assertEquals(regressor.evaluate(rd).metric(), rm.mae(), 1e-6, "the MAE evaluate reports");

        assertThrows(IllegalArgumentException.class, () -> regressor.classificationMetrics(rd));
        assertThrows(IllegalArgumentException.class, () -> classifier.regressionMetrics(data));
        assertThrows(IllegalArgumentException.class, () -> classifier.classificationMetrics(rd));
        assertThrows(IllegalArgumentException.class, () -> new TestModels_BinaryModel().classificationMetrics(rd));
    }

    @Test
    void crossValidationTrainsAFreshModelPerFoldReproducibly() {
        Random r = new Random(12);
        float[] x = new float[90 * 5];
        int[] labels = new int[90];
        for (int i = 0; i < 90; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 5; j++) {
                x[i * 5 + j] = (float) r.nextGaussian() + (j == labels[i] ? 2 : 0);
            }
        }
        Dataset data = Dataset.ofClasses(x, 5, labels);
        FitOptions options = FitOptions.defaults().withEpochs(5).withVerbose(false);
        CrossValidation cv = CrossValidation.run(TestModels_ClassifierModel::new, data, 3, 1, options);
        assertEquals(3, cv.metrics().get("accuracy").length);
        assertTrue(cv.mean("accuracy") > 0.5, cv.toString());
        assertEquals(List.of("accuracy", "balanced_accuracy", "macro_f1", "log_loss", "mcc", "roc_auc"),
                List.copyOf(cv.metrics().keySet()));
        assertArrayEquals(cv.metrics().get("log_loss"),
                CrossValidation.run(TestModels_ClassifierModel::new, data, 3, 1, options).metrics().get("log_loss"),
                "the same seed, the same folds and models");
        // each fold's accuracy is what a model trained on that fold's other rows scores, computed here by hand
        Dataset.Split first = data.folds(3, 1, true).get(0);
        KilnModel m = new TestModels_ClassifierModel();
        m.fit(first.first(), options);
        assertEquals(m.evaluate(first.second()).metric(), cv.metrics().get("accuracy")[0], 1e-12);
        assertTrue(cv.toString().contains("3-fold cross-validation"), cv.toString());
        assertThrows(IllegalArgumentException.class, () -> cv.mean("r2"));
        KilnModel reused = new TestModels_ClassifierModel();
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> CrossValidation.run(() -> reused, data, 3, 1, options));
        assertTrue(same.getMessage().contains("gave the same model twice"), same.getMessage());

        float[] rt = new float[30 * 2];
        float[] rx = new float[30 * 3];
        for (int i = 0; i < rx.length; i++) {
            rx[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < rt.length; i++) {
            rt[i] = 0.5f + 0.2f * (float) Math.sin(i);
        }
        CrossValidation reg = CrossValidation.run(TestModels_RegressorModel::new, Dataset.ofTargets(rx, 3, rt, 2), 3,
                2, options);
        assertEquals(List.of("mae", "rmse", "r2"), List.copyOf(reg.metrics().keySet()));
    }
}
