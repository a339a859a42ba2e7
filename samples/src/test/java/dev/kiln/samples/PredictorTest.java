package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.KilnModel;
import dev.kiln.runtime.train.Predictor;
import dev.kiln.runtime.train.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A predictor answers exactly as its model did when it was made, from any number of threads, whatever the
 * model does afterwards: every activation, batch normalisation before and after the activation (folded and
 * not), every dropout kind, PReLU and RReLU, and each loss's output layer.
 */
class PredictorTest {

    private static final FitOptions QUIET = FitOptions.defaults().withVerbose(false).withBatchSize(8);

    private static final List<Supplier<KilnModel>> MODELS = List.of(TestModels_ClassifierModel::new,
            TestModels_RegressorModel::new, TestModels_BinaryModel::new, TestModels_DeepMixModel::new,
            TestModels_GeluOutputModel::new, TestModels_PenalizedModel::new, TestModels_NormBeforeModel::new,
            TestModels_NormAfterModel::new, TestModels_ParametricModel::new, TestModels_DropoutVariantsModel::new,
            TestModels_TorchResidualModel::new, FashionMlpModel::new);

    /** Rows of random features, and a data set of them with labels or targets the model's loss takes. */
    private static Dataset data(KilnModel m, float[][] rows, Random r) {
        float[] x = new float[rows.length * m.inputs()];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < m.inputs(); j++) {
                rows[i][j] = (float) r.nextGaussian();
            }
            System.arraycopy(rows[i], 0, x, i * m.inputs(), m.inputs());
        }
        if (m.task() == Task.CLASSIFICATION) {
            int[] y = new int[rows.length];
            Arrays.setAll(y, i -> r.nextInt(m.outputs()));
            return Dataset.ofClasses(x, m.inputs(), y);
        }
        float[] t = new float[rows.length * m.outputs()];
        for (int i = 0; i < t.length; i++) {
            t[i] = m.task() == Task.BINARY ? r.nextInt(2) : (float) r.nextGaussian();
        }
        return Dataset.ofTargets(x, m.inputs(), t, m.outputs());
    }

    private static float[][] rows(KilnModel m, int n) {
        return new float[n][m.inputs()];
    }

    @Test
    void aPredictorAnswersExactlyAsItsModel() {
        Random r = new Random(7);
        for (Supplier<KilnModel> factory : MODELS) {
            KilnModel m = factory.get();
            float[][] train = rows(m, 40);
            m.fit(data(m, train, r), QUIET.withEpochs(2)); // running statistics and weights away from their start
            float[][] rows = rows(m, Math.max(20, m.inputs() + 3)); // enough rows to fold a batch normalisation
            data(m, rows, r);
            Predictor p = m.predictor();
            String name = m.getClass().getSimpleName();
            float[][] expected = m.predict(rows);
            float[][] actual = p.predict(rows);
            float[] into = new float[m.outputs()];
            for (int i = 0; i < rows.length; i++) {
                assertArrayEquals(expected[i], actual[i], name + " batch row " + i);
                assertArrayEquals(m.predict(rows[i]), p.predict(rows[i]), name + " row " + i);
                p.predict(rows[i], into);
                assertArrayEquals(m.predict(rows[i]), into, name + " row " + i + " into an array");
            }
            if (m.task() == Task.CLASSIFICATION) {
                assertEquals(m.predictClass(rows[0]), p.predictClass(rows[0]), name);
            }
        }
    }

    /**
     * What makes the predictor thread-safe, checked directly: of the arrays a view's inference pass writes, none
     * is shared with another view (sharing would go unseen by comparing answers, since both would write the
     * same values).
     */
    @Test
    void viewsShareNoArrayThatInferenceWrites() throws Exception {
        Random r = new Random(10);
        for (Supplier<KilnModel> factory : MODELS) {
            KilnModel m = factory.get();
            float[][] rows = rows(m, 20);
            m.fit(data(m, rows, r), QUIET);
            Class<?> type = m.getClass();
            var constructor = type.getDeclaredConstructor(type, int.class, boolean.class);
            constructor.setAccessible(true);
            Object snapshot = constructor.newInstance(m, 1, true);
            var one = (dev.kiln.runtime.train.TrainableNetwork) constructor.newInstance(snapshot, 16, false);
            var two = (dev.kiln.runtime.train.TrainableNetwork) constructor.newInstance(snapshot, 16, false);
            List<java.lang.reflect.Field> arrays = new ArrayList<>();
            for (var f : type.getDeclaredFields()) {
                if (f.getType() == float[].class && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    if (f.get(one) != null) { // class weights, set only during a fit
                        arrays.add(f);
                    }
                }
            }
            List<float[]> before = new ArrayList<>();
            for (var f : arrays) {
                before.add(((float[]) f.get(one)).clone());
            }
            float[] flat = new float[16 * m.inputs()];
            for (int i = 0; i < flat.length; i++) {
                flat[i] = (float) r.nextGaussian();
            }
            dev.kiln.runtime.train.Trainer.predict(one, flat, 16); // 16 rows: folds where a layer has few inputs
            dev.kiln.runtime.train.Trainer.predict(one, java.util.Arrays.copyOf(flat, m.inputs()), 1);
            int written = 0;
            for (int i = 0; i < arrays.size(); i++) {
                var f = arrays.get(i);
                if (!Arrays.equals(before.get(i), (float[]) f.get(one))) {
                    written++;
                    assertFalse(f.get(one) == f.get(two), m.getClass().getSimpleName() + "." + f.getName()
                            + " is written by inference and shared between views");
                }
            }
            assertTrue(written >= 2, "inference wrote at least the input and the output: " + written);
        }
    }

    @Test
    void trainingTheModelAfterwardsLeavesThePredictorAsItWas() {
        Random r = new Random(8);
        KilnModel m = new TestModels_NormBeforeModel();
        float[][] train = rows(m, 40);
        Dataset data = data(m, train, r);
        m.fit(data, QUIET);
        Predictor p = m.predictor();
        float[] before = p.predict(train[0]);
        float[][] batchBefore = p.predict(train);
        m.fit(data, QUIET.withEpochs(3).withLearningRate(0.05));
        assertFalse(Arrays.equals(before, m.predict(train[0])), "the model changed");
        assertArrayEquals(before, p.predict(train[0]));
        float[][] batchAfter = p.predict(train);
        for (int i = 0; i < train.length; i++) {
            assertArrayEquals(batchBefore[i], batchAfter[i]);
        }
    }

    @Test
    void manyThreadsGetTheAnswersOfSequentialCalls() throws Exception {
        Random r = new Random(9);
        KilnModel m = new TestModels_ParametricModel();
        float[][] rows = rows(m, 64);
        m.fit(data(m, rows, r), QUIET);
        Predictor p = m.predictor();
        float[][] expected = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            expected[i] = p.predict(rows[i]);
        }
        float[][] expectedBatch = p.predict(rows);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    Random pick = new Random(seed);
                    float[] into = new float[m.outputs()];
                    int checked = 0;
                    for (int k = 0; k < 2000; k++) {
                        int i = pick.nextInt(rows.length);
                        p.predict(rows[i], into);
                        assertArrayEquals(expected[i], into, "row " + i);
                        if (k % 200 == 0) {
                            float[][] batch = p.predict(rows);
                            for (int j = 0; j < rows.length; j++) {
                                assertArrayEquals(expectedBatch[j], batch[j], "batch row " + j);
                            }
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(2000, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
