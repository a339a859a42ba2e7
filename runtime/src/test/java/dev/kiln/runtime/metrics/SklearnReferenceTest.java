package dev.kiln.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every metric against scikit-learn 1.2.1 on the cases of {@code reference/sklearn_metrics.txt}, written by
 * tools/reference/sklearn_metrics.py: the file holds each case's inputs and scikit-learn's values, so nothing
 * here restates them. Values agree within 1e-6, relative to the value when it is above 1.
 */
class SklearnReferenceTest {

    private static final String RESOURCE = "/reference/sklearn_metrics.txt";
    private static final double TOLERANCE = 1e-6;
    private static final Map<String, Double> LARGEST = new TreeMap<>();

    /** One case of the file: its lines by key, each the words after the key. */
    private record Case(String name, Map<String, String[]> items, List<String> read) {

        String[] get(String key) {
            String[] v = items.get(key);
            assertNotNull(v, name + ": the reference has no " + key);
            read.add(key);
            return v;
        }

        boolean has(String key) {
            return items.containsKey(key);
        }

        String one(String key) {
            String[] v = get(key);
            assertEquals(1, v.length, name + ": " + key + " holds one value");
            return v[0];
        }

        int[] ints(String key) {
            String[] v = get(key);
            int[] out = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = Integer.parseInt(v[i]);
            }
            return out;
        }

        float[] floats(String key) {
            String[] v = get(key);
            float[] out = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = Float.parseFloat(v[i]);
            }
            return out;
        }

        float[][] rows(String key, int width) {
            float[] flat = floats(key);
            assertEquals(0, flat.length % width, name + ": " + key + " is whole rows of " + width);
            float[][] out = new float[flat.length / width][width];
            for (int i = 0; i < out.length; i++) {
                System.arraycopy(flat, i * width, out[i], 0, width);
            }
            return out;
        }

        void allRead() {
            List<String> unread = new ArrayList<>(items.keySet());
            unread.removeAll(read);
            assertEquals(List.of(), unread, name + ": reference lines no test compared");
        }
    }

    @TestFactory
    Stream<DynamicTest> classificationMatchesScikitLearn() throws IOException {
        List<Case> cases = cases().stream().filter(c -> !c.has("outputs")).toList();
        assertTrue(cases.size() >= 10, "classification cases in " + RESOURCE + ": " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> checkClassification(c)));
    }

    @TestFactory
    Stream<DynamicTest> regressionMatchesScikitLearn() throws IOException {
        List<Case> cases = cases().stream().filter(c -> c.has("outputs")).toList();
        assertTrue(cases.size() >= 5, "regression cases in " + RESOURCE + ": " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> checkRegression(c)));
    }

    @Test
    void theFileHoldsTheCasesItShould() throws IOException {
        List<String> names = cases().stream().map(Case::name).toList();
        for (String name : List.of("binary_ties", "three_absent_prediction", "four_absent_label_predicted",
                "four_absent_label_unpredicted", "perfect", "random_five", "random_binary", "constant_target",
                "perfect_predictions", "three_outputs")) {
            assertTrue(names.contains(name), "case " + name + " in " + names);
        }
    }

    @AfterAll
    static void printLargestDifferences() {
        StringBuilder sb = new StringBuilder("largest difference from scikit-learn by metric:");
        LARGEST.forEach((k, v) -> sb.append(String.format(" %s %.1e", k, v)));
        System.out.println(sb);
    }

    private static void checkClassification(Case c) {
        int classes = Integer.parseInt(c.one("classes"));
        int[] labels = c.ints("labels");
        String[] names = c.has("names") ? c.get("names") : null;
        String kind = c.one("kind");
        ClassificationMetrics m = switch (kind) {
            case "binary" -> ClassificationMetrics.binary(labels, c.floats("probabilities"), names);
            case "classes" -> ClassificationMetrics.of(labels, c.rows("probabilities", classes), names);
            default -> throw new AssertionError(c.name() + ": kind " + kind);
        };
        assertEquals(classes, m.classes(), c.name());
        assertEquals(labels.length, m.samples(), c.name());
        String where = c.name() + " ";

        compare(c, "accuracy", m::accuracy);
        compare(c, "balanced_accuracy", m::balancedAccuracy);
        int[] confusion = c.ints("confusion");
        long[][] matrix = m.confusionMatrix();
        for (int t = 0; t < classes; t++) {
            for (int p = 0; p < classes; p++) {
                assertEquals(confusion[t * classes + p], matrix[t][p], where + "confusion[" + t + "][" + p + "]");
            }
        }
        int[] support = c.ints("support");
        for (int k = 0; k < classes; k++) {
            assertEquals(support[k], m.support(k), where + "support of class " + k);
        }
        comparePerClass(c, "precision", classes, m::precision);
        comparePerClass(c, "recall", classes, m::recall);
        comparePerClass(c, "f1", classes, m::f1);
        compare(c, "macro_precision", m::macroPrecision);
        compare(c, "macro_recall", m::macroRecall);
        compare(c, "macro_f1", m::macroF1);
        compare(c, "weighted_precision", m::weightedPrecision);
        compare(c, "weighted_recall", m::weightedRecall);
        compare(c, "weighted_f1", m::weightedF1);
        compare(c, "roc_auc", m::rocAuc);
        comparePerClass(c, "roc_auc_per_class", classes, m::rocAuc);
        compare(c, "average_precision", m::averagePrecision);
        comparePerClass(c, "average_precision_per_class", classes, m::averagePrecision);
        compare(c, "log_loss", m::logLoss);
        compare(c, "matthews", m::matthewsCorrelation);
        c.allRead();

        String report = m.report();
        for (int k = 0; k < classes; k++) {
            assertTrue(report.contains(m.className(k)), where + "report names class " + k + ":\n" + report);
        }
        assertTrue(report.contains("weighted avg"), report);
    }

    private static void checkRegression(Case c) {
        int outputs = Integer.parseInt(c.one("outputs"));
        String kind = c.one("kind");
        RegressionMetrics m = switch (kind) {
            case "regression" -> RegressionMetrics.of(c.floats("targets"), c.floats("predictions"));
            case "outputs" -> RegressionMetrics.of(c.rows("targets", outputs), c.rows("predictions", outputs));
            default -> throw new AssertionError(c.name() + ": kind " + kind);
        };
        assertEquals(outputs, m.outputs(), c.name());
        compare(c, "mae", m::mae);
        comparePerClass(c, "mae_per_output", outputs, m::mae);
        compare(c, "mse", m::mse);
        comparePerClass(c, "mse_per_output", outputs, m::mse);
        compare(c, "rmse", m::rmse);
        comparePerClass(c, "rmse_per_output", outputs, m::rmse);
        compare(c, "r2", m::r2);
        comparePerClass(c, "r2_per_output", outputs, m::r2);
        compare(c, "explained_variance", m::explainedVariance);
        comparePerClass(c, "explained_variance_per_output", outputs, m::explainedVariance);
        c.allRead();
        assertFalse(m.report().isBlank());
    }

    private static void compare(Case c, String key, DoubleSupplier actual) {
        check(c.name() + " " + key, key, c.one(key), actual);
    }

    private static void comparePerClass(Case c, String key, int count, IntToDoubleFunction actual) {
        String[] expected = c.get(key);
        assertEquals(count, expected.length, c.name() + ": " + key + " values");
        for (int k = 0; k < count; k++) {
            int index = k;
            check(c.name() + " " + key + "[" + k + "]", key.replace("_per_class", "").replace("_per_output", ""),
                    expected[k], () -> actual.applyAsDouble(index));
        }
    }

    /** "undefined" where scikit-learn raised, "nan" where it returned NaN, else a value within tolerance. */
    private static void check(String what, String metric, String expected, DoubleSupplier actual) {
        if (expected.equals("undefined")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, actual::getAsDouble, what);
            assertTrue(e.getMessage().contains("undefined"), what + ": " + e.getMessage());
            return;
        }
        double got = actual.getAsDouble();
        if (expected.equals("nan")) {
            assertTrue(Double.isNaN(got), what + ": scikit-learn gives NaN, Kiln " + got);
            return;
        }
        double want = Double.parseDouble(expected);
        double difference = Math.abs(got - want);
        double relative = difference / Math.max(1, Math.abs(want));
        LARGEST.merge(metric, difference, Math::max);
        assertTrue(relative <= TOLERANCE, what + ": scikit-learn " + want + ", Kiln " + got);
    }

    private static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        InputStream in = SklearnReferenceTest.class.getResourceAsStream(RESOURCE);
        assertNotNull(in, RESOURCE + " on the test class path (tools/reference/sklearn_metrics.py writes it)");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String name = null;
            Map<String, String[]> items = null;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] words = line.trim().split(" ");
                String[] rest = java.util.Arrays.copyOfRange(words, 1, words.length);
                switch (words[0]) {
                    case "case" -> {
                        name = words[1];
                        items = new LinkedHashMap<>();
                    }
                    case "end" -> {
                        out.add(new Case(name, items, new ArrayList<>()));
                        name = null;
                        items = null;
                    }
                    default -> {
                        assertNotNull(items, "a line outside a case: " + line);
                        assertTrue(items.put(words[0], rest) == null, name + ": " + words[0] + " twice");
                    }
                }
            }
        }
        return out;
    }
}
