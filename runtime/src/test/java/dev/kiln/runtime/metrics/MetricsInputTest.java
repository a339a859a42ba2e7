package dev.kiln.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input is refused with a message that names the problem; the rules scikit-learn does not test. */
class MetricsInputTest {

    private static final int[] LABELS = {0, 1, 2, 1};
    private static final float[][] PROBABILITIES = {
        {0.7f, 0.2f, 0.1f}, {0.1f, 0.8f, 0.1f}, {0.2f, 0.3f, 0.5f}, {0.5f, 0.4f, 0.1f}};

    private static void refused(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "message should say \"" + expected + "\": " + e.getMessage());
    }

    @Test
    void classificationRefusesBadInput() {
        refused("labels are null", () -> ClassificationMetrics.of(null, PROBABILITIES));
        refused("got null", () -> ClassificationMetrics.of(LABELS, null));
        refused("got null", () -> ClassificationMetrics.binary(LABELS, null));
        refused("at least one row", () -> ClassificationMetrics.of(new int[0], new float[0][]));
        refused("at least one row", () -> ClassificationMetrics.binary(new int[0], new float[0]));
        refused("3 labels but 4 rows", () -> ClassificationMetrics.of(new int[] {0, 1, 2}, PROBABILITIES));
        refused("5 labels but 4 rows", () -> ClassificationMetrics.binary(new int[] {0, 1, 1, 0, 1},
                new float[] {0.1f, 0.2f, 0.3f, 0.4f}));
        refused("row 2 is 3", () -> ClassificationMetrics.of(new int[] {0, 1, 3, 1}, PROBABILITIES));
        refused("row 0 is -1", () -> ClassificationMetrics.of(new int[] {-1, 1, 2, 1}, PROBABILITIES));
        refused("0 or 1", () -> ClassificationMetrics.binary(new int[] {0, 2}, new float[] {0.1f, 0.9f}));
        refused("row 1 are null", () -> ClassificationMetrics.of(LABELS, new float[][] {{0.5f, 0.5f}, null,
                {0.5f, 0.5f}, {0.5f, 0.5f}}));
        refused("row 2 holds 2 probabilities but row 0 holds 3", () -> ClassificationMetrics.of(LABELS,
                new float[][] {{0.7f, 0.2f, 0.1f}, {0.1f, 0.8f, 0.1f}, {0.5f, 0.5f}, {0.5f, 0.4f, 0.1f}}));
        refused("row 0 holds no probabilities", () -> ClassificationMetrics.of(new int[] {0},
                new float[][] {{}}));
        float[][] nan = copy(PROBABILITIES);
        nan[3][1] = Float.NaN;
        refused("class 1 in row 3 is NaN", () -> ClassificationMetrics.of(LABELS, nan));
        refused("NaN", () -> ClassificationMetrics.binary(new int[] {0, 1}, new float[] {0.2f, Float.NaN}));
        refused("outside [0, 1]", () -> ClassificationMetrics.binary(new int[] {0, 1}, new float[] {0.2f, 1.5f}));
        float[][] logits = {{2.0f, -1.0f, 0.5f}, {0.1f, 0.8f, 0.1f}, {0.2f, 0.3f, 0.5f}, {0.5f, 0.4f, 0.1f}};
        refused("not logits", () -> ClassificationMetrics.of(LABELS, logits));
        float[][] unnormalised = {{0.7f, 0.2f, 0.2f}, {0.1f, 0.8f, 0.1f}, {0.2f, 0.3f, 0.5f}, {0.5f, 0.4f, 0.1f}};
        refused("row 0 sum to 1.100000, not 1", () -> ClassificationMetrics.of(LABELS, unnormalised));
        refused("2 class names for 3 classes", () -> ClassificationMetrics.of(LABELS, PROBABILITIES,
                new String[] {"a", "b"}));
        refused("name of class 1 is null", () -> ClassificationMetrics.of(LABELS, PROBABILITIES,
                new String[] {"a", null, "c"}));
        ClassificationMetrics m = ClassificationMetrics.of(LABELS, PROBABILITIES);
        refused("0 to 2", () -> m.precision(3));
        refused("0 to 2", () -> m.rocAuc(-1));
    }

    @Test
    void regressionRefusesBadInput() {
        float[] t = {1, 2, 3};
        refused("targets are null", () -> RegressionMetrics.of(null, t));
        refused("predictions are null", () -> RegressionMetrics.of(t, null));
        refused("predictions are null", () -> RegressionMetrics.of(new float[][] {{1}}, null));
        refused("at least one row", () -> RegressionMetrics.of(new float[0], new float[0]));
        refused("at least one row", () -> RegressionMetrics.of(new float[0][], new float[0][]));
        refused("3 rows of targets but 2", () -> RegressionMetrics.of(t, new float[] {1, 2}));
        refused("row 1 of the predictions holds NaN", () -> RegressionMetrics.of(t, new float[] {1, Float.NaN, 3}));
        refused("row 2 of the targets holds Infinity", () -> RegressionMetrics.of(
                new float[] {1, 2, Float.POSITIVE_INFINITY}, t));
        refused("in output 1", () -> RegressionMetrics.of(new float[][] {{1, 2}, {3, 4}},
                new float[][] {{1, 2}, {3, Float.NaN}}));
        refused("row 1 of the predictions holds 1 values but row 0 of the targets holds 2", () ->
                RegressionMetrics.of(new float[][] {{1, 2}, {3, 4}}, new float[][] {{1, 2}, {3}}));
        refused("row 0 of the targets is empty", () -> RegressionMetrics.of(new float[][] {{}}, new float[][] {{}}));
        refused("row 1 of the targets is null", () -> RegressionMetrics.of(new float[][] {{1}, null},
                new float[][] {{1}, {2}}));
        refused("0 to 0", () -> RegressionMetrics.of(t, t).mae(1));
    }

    @Test
    void predictedClassIsArgmaxWithTiesLowAndBinaryAboveOneHalf() {
        ClassificationMetrics m = ClassificationMetrics.of(new int[] {0, 1, 2},
                new float[][] {{0.4f, 0.4f, 0.2f}, {0.2f, 0.4f, 0.4f}, {0.25f, 0.25f, 0.5f}});
        assertArrayEquals(new int[] {0, 1, 2}, m.predictions());
        ClassificationMetrics b = ClassificationMetrics.binary(new int[] {0, 1, 1, 0},
                new float[] {0.5f, Math.nextUp(0.5f), 1f, 0f});
        assertArrayEquals(new int[] {0, 1, 1, 0}, b.predictions());
        assertEquals(1.0, b.accuracy());
    }

    @Test
    void oneColumnIsOneSigmoidOutput() {
        int[] labels = {0, 1, 1, 0, 1};
        float[] p = {0.2f, 0.8f, 0.4f, 0.6f, 0.9f};
        float[][] column = new float[p.length][];
        for (int i = 0; i < p.length; i++) {
            column[i] = new float[] {p[i]};
        }
        ClassificationMetrics a = ClassificationMetrics.binary(labels, p);
        ClassificationMetrics b = ClassificationMetrics.of(labels, column);
        assertEquals(2, b.classes());
        assertEquals(a.report(), b.report());
        assertEquals(a.rocAuc(), b.rocAuc());
        assertEquals(a.logLoss(), b.logLoss());
    }

    @Test
    void resultsAreCopiesAndDoNotFollowTheInputs() {
        int[] labels = LABELS.clone();
        float[][] p = copy(PROBABILITIES);
        ClassificationMetrics m = ClassificationMetrics.of(labels, p);
        String before = m.report();
        labels[0] = 2;
        p[0][0] = 0f;
        m.confusionMatrix()[0][0] = 99;
        m.predictions()[0] = 2;
        assertEquals(before, m.report());
        assertEquals(1, m.confusionMatrix()[0][0]);
    }

    @Test
    void undefinedAucSaysWhy() {
        ClassificationMetrics m = ClassificationMetrics.binary(new int[] {1, 1, 1}, new float[] {0.2f, 0.6f, 0.9f});
        IllegalStateException e = assertThrows(IllegalStateException.class, m::rocAuc);
        assertTrue(e.getMessage().contains("class 1 has every row among the 3 labels"), e.getMessage());
        assertTrue(m.report().contains("ROC AUC            undefined (class 1 has every row among the labels)"),
                m.report());
        ClassificationMetrics named = ClassificationMetrics.of(new int[] {0, 1, 0}, new float[][] {
            {0.6f, 0.3f, 0.1f}, {0.3f, 0.6f, 0.1f}, {0.2f, 0.2f, 0.6f}}, new String[] {"cat", "dog", "bird"});
        e = assertThrows(IllegalStateException.class, named::rocAuc);
        assertTrue(e.getMessage().contains("class 2 (bird) has no rows among the 3 labels"), e.getMessage());
        assertEquals(1.0, named.rocAuc(1));
    }

    @Test
    void reportLabelsTheConfusionMatrixAndTheTable() {
        ClassificationMetrics m = ClassificationMetrics.of(LABELS, PROBABILITIES, new String[] {"cat", "dog", "bird"});
        String[] lines = m.report().split("\n");
        assertEquals("Confusion matrix (rows: true class, columns: predicted class)", lines[0]);
        assertEquals("      cat  dog  bird", lines[1]);
        assertEquals(" cat    1    0     0", lines[2]);
        assertEquals(" dog    1    1     0", lines[3]);
        assertEquals("bird    0    0     1", lines[4]);
        assertEquals("             precision    recall  f1-score   support", lines[6]);
        assertEquals("         cat    0.5000    1.0000    0.6667         1", lines[8]);
        assertEquals("    accuracy                        0.7500         4", lines[12]);
        assertEquals("   macro avg    0.8333    0.8333    0.7778         4", lines[13]);
        assertTrue(m.toString().startsWith("accuracy 0.7500  macro F1 0.7778"), m.toString());
        String regression = RegressionMetrics.of(new float[][] {{1, 2}, {2, 3}, {3, 5}},
                new float[][] {{1, 2}, {2, 3}, {3, 4}}).report();
        assertTrue(regression.contains("mean"), regression);
        assertTrue(regression.contains("(3 samples)"), regression);
    }

    @Test
    void rocAucIsTheShareOfPairsRankedRightTiesHalf() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + random.nextInt(60);
            double[] positives = new double[1 + random.nextInt(n)];
            double[] negatives = new double[1 + random.nextInt(n)];
            // Scores on a coarse grid, so that ties within and across the two groups are common.
            for (int i = 0; i < positives.length; i++) {
                positives[i] = random.nextInt(6) / 5.0;
            }
            for (int i = 0; i < negatives.length; i++) {
                negatives[i] = random.nextInt(6) / 5.0;
            }
            double pairs = 0;
            for (double p : positives) {
                for (double q : negatives) {
                    pairs += p > q ? 1 : p == q ? 0.5 : 0;
                }
            }
            Arrays.sort(positives);
            Arrays.sort(negatives);
            assertEquals(pairs / ((double) positives.length * negatives.length),
                    Ranking.rocAuc(positives, negatives), 1e-15);
        }
    }

    private static float[][] copy(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }
}
