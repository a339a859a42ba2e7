package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.Callback;
import dev.kiln.runtime.train.EarlyStopping;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.ModelCheckpoint;
import dev.kiln.runtime.train.TrainingContext;
import dev.kiln.runtime.train.TrainingInterruptedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A caller's mistakes at the public API: each is refused with the exception type and a sentence naming the
 * problem, never a NullPointerException, ArrayIndexOutOfBoundsException or NegativeArraySizeException from
 * inside Kiln, and the model is left as it was.
 */
class ApiMisuseTest {

    private static final FitOptions QUIET = FitOptions.defaults().withVerbose(false);

    private static Dataset classes(int rows) {
        float[] x = new float[rows * 5];
        int[] y = new int[rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        for (int i = 0; i < rows; i++) {
            y[i] = i % 3;
        }
        return Dataset.ofClasses(x, 5, y);
    }

    private static Dataset normData(int rows) {
        float[] x = new float[rows * 4];
        int[] y = new int[rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.cos(i);
        }
        return Dataset.ofClasses(x, 4, y);
    }

    private interface Misuse {
        void run() throws Exception;
    }

    private static Arguments misuse(String name, Misuse call, Class<? extends Exception> type, String fragment) {
        return Arguments.of(name, call, type, fragment);
    }

    static Stream<Arguments> misuses() {
        TestModels_ClassifierModel m = new TestModels_ClassifierModel();
        Dataset data = classes(12);
        return Stream.of(
            misuse("fit without data", () -> m.fit(null, QUIET), IllegalArgumentException.class,
                    "The training data is null"),
            misuse("fit without options", () -> m.fit(data, null), IllegalArgumentException.class,
                    "The FitOptions is null"),
            misuse("evaluate without data", () -> m.evaluate(null), IllegalArgumentException.class,
                    "The evaluation data is null"),
            misuse("predict a null row", () -> m.predict((float[]) null), IllegalArgumentException.class,
                    "The features to predict from is null"),
            misuse("predict null rows", () -> m.predict((float[][]) null), IllegalArgumentException.class,
                    "The rows to predict is null"),
            misuse("predict a null row among rows", () -> m.predict(new float[][] {new float[5], null}),
                    IllegalArgumentException.class, "null row at index 1"),
            misuse("predict a short row", () -> m.predict(new float[4]), IllegalArgumentException.class,
                    "predict expects one row of 5 features, but got 4 floats"),
            misuse("gradients of nothing", () -> m.computeGradients(null), IllegalArgumentException.class,
                    "The batch is null"),
            misuse("save to null", () -> m.save(null), IllegalArgumentException.class, "The checkpoint path is null"),
            misuse("restore from null", () -> m.restore(null), IllegalArgumentException.class,
                    "The checkpoint path is null"),
            misuse("maxBatchSize 0", () -> new TestModels_ClassifierModel(0), IllegalArgumentException.class,
                    "maxBatchSize must be between 1 and"),
            misuse("maxBatchSize beyond arrays", () -> new TestModels_ClassifierModel(Integer.MAX_VALUE),
                    IllegalArgumentException.class, "(the largest batch whose buffers fit in Java arrays), but was"
                            + " 2147483647"),
            misuse("null validation", () -> QUIET.withValidation(null), IllegalArgumentException.class,
                    "The validation data is null"),
            misuse("null callback", () -> QUIET.withCallbacks((Callback) null), IllegalArgumentException.class,
                    "Callback 0 of withCallbacks is null"),
            misuse("null class weights", () -> QUIET.withClassWeights((float[]) null), IllegalArgumentException.class,
                    "The class weights is null"),
            misuse("dropout rate that is 1 as a float", () -> QUIET.withDropoutRate("d", 0.9999999999),
                    IllegalArgumentException.class, "becomes 1.0 as a float"),
            misuse("early stopping on null", () -> EarlyStopping.monitor(null), IllegalArgumentException.class,
                    "The monitored figure is null"),
            misuse("checkpoint to null", () -> ModelCheckpoint.everyEpoch(null), IllegalArgumentException.class,
                    "The ModelCheckpoint path is null"),
            misuse("binary targets outside [0, 1]", () -> new TestModels_BinaryModel().fit(Dataset.ofTargets(
                    new float[8], 4, new float[] {0, 1, 1, -0.5f}, 2), QUIET), IllegalArgumentException.class,
                    "has target -0.5 at row 1, column 1"),
            misuse("binary targets above 1", () -> new TestModels_BinaryModel().fit(Dataset.ofTargets(
                    new float[8], 4, new float[] {0, 1, 2, 0}, 2), QUIET), IllegalArgumentException.class,
                    "has target 2.0 at row 1, column 0, but binary cross-entropy takes targets in [0, 1]"),
            misuse("batch normalisation on a last batch of one row", () -> new TestModels_NormBeforeModel()
                    .fit(normData(9), QUIET.withBatchSize(4)), IllegalArgumentException.class,
                    "9 training rows in batches of 4 leave a batch of 1 row"),
            misuse("batch normalisation on batches of one row", () -> new TestModels_NormBeforeModel()
                    .fit(normData(8), QUIET.withBatchSize(1)), IllegalArgumentException.class,
                    "needs at least 2 rows in every training batch"),
            misuse("a validation split that leaves no training rows", () -> m.fit(classes(1),
                    QUIET.withValidationSplit(0.6)), IllegalArgumentException.class,
                    "withValidationSplit(0.6) of 1 row leaves no"),
            misuse("a validation split that leaves no validation rows", () -> m.fit(classes(4),
                    QUIET.withValidationSplit(0.1)), IllegalArgumentException.class,
                    "withValidationSplit(0.1) of 4 rows leaves no validation rows"),
            misuse("a batch size suggestion that works", () -> new TestModels_NormBeforeModel()
                    .fit(normData(1057), QUIET.withBatchSize(16)), IllegalArgumentException.class,
                    "in batches of 16 leave a batch of 1 row. Choose a batch size that leaves no single row (for"
                            + " example 15)"),
            misuse("resuming a finished run", () -> {
                TestModels_ClassifierModel done = new TestModels_ClassifierModel();
                done.fit(classes(12), QUIET.withEpochs(2));
                done.fit(classes(12), QUIET.withEpochs(2).withResume());
            }, IllegalArgumentException.class, "has completed 2 epochs, but this call trains up to epoch 2"),
            misuse("accuracy of a regression model", () -> new TestModels_RegressorModel().fit(Dataset.ofTargets(
                    new float[12], 3, new float[8], 2), QUIET).series("accuracy"), IllegalArgumentException.class,
                    "This history's model reports loss and mae"),
            misuse("a search batch size the model cannot hold", () -> dev.kiln.runtime.train.RandomSearch
                    .of(TestModels_ClassifierModel::new).batchSize(8, 64).trials(2).run(classes(40)),
                    IllegalArgumentException.class, "RandomSearch.batchSize offers 64, but the model holds batches"
                            + " of at most 16 rows"),
            misuse("a search objective the model does not report", () -> dev.kiln.runtime.train.RandomSearch
                    .of(TestModels_ClassifierModel::new).objective("val_mae").trials(2).run(classes(40)),
                    IllegalArgumentException.class, "RandomSearch.objective is val_mae, but this model reports loss"
                            + " and accuracy"),
            misuse("batch normalisation gradients of one row", () -> new TestModels_NormBeforeModel()
                    .computeGradients(normData(1)), IllegalArgumentException.class, "batch of 1 row"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misuses")
    void refusedInASentence(String name, Misuse call, Class<? extends Exception> type, String fragment) {
        Exception e = assertThrows(Exception.class, call::run, name);
        assertEquals(type, e.getClass(), name + ": " + e);
        assertTrue(e.getMessage().contains(fragment), name + ": " + e.getMessage());
    }

    @Test
    void aCheckpointThatCannotBeWrittenFailsBeforeTheFirstStep(@TempDir Path dir) {
        TestModels_ClassifierModel m = new TestModels_ClassifierModel();
        float[] before = Weights.of(m);
        for (Path bad : List.of(dir, dir.resolve("missing/best.safetensors"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.fit(classes(12),
                    QUIET.withEpochs(2).withCallbacks(ModelCheckpoint.everyEpoch(bad))));
            assertTrue(e.getMessage().startsWith("ModelCheckpoint cannot write to " + bad), e.getMessage());
            assertArrayEquals(before, Weights.of(m), "the model is unchanged");
        }
    }

    @Test
    void aCallbackCallingFitIsToldItIsOnTheSameThread() {
        TestModels_ClassifierModel m = new TestModels_ClassifierModel();
        Dataset data = classes(12);
        Callback reentrant = new Callback() {
            @Override
            public void onEpochEnd(EpochResult result, TrainingContext context) {
                m.evaluate(data);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> m.fit(data, QUIET.withCallbacks(reentrant)));
        assertTrue(e.getMessage().contains("from inside one of its own"), e.getMessage());
        m.evaluate(data); // and the model is free again afterwards
    }

    @Test
    void manyEpochsStoppedByACallbackAllocateNothingForTheRest() {
        TestModels_ClassifierModel m = new TestModels_ClassifierModel();
        Callback stopAfterTwo = new Callback() {
            @Override
            public void onEpochEnd(EpochResult result, TrainingContext context) {
                if (result.epoch() == 2) {
                    context.stopTraining();
                }
            }
        };
        History h = m.fit(classes(12), QUIET.withEpochs(Integer.MAX_VALUE).withCallbacks(stopAfterTwo));
        assertEquals(2, h.epochs().size());
    }

    @Test
    void anInterruptStopsFitAtAStepBoundaryAndKeepsTheFlag() throws Exception {
        TestModels_ClassifierModel m = new TestModels_ClassifierModel();
        Dataset data = classes(64);
        CountDownLatch firstEpoch = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Callback signal = new Callback() {
            @Override
            public void onEpochEnd(EpochResult result, TrainingContext context) {
                firstEpoch.countDown();
            }
        };
        Thread t = new Thread(() -> {
            try {
                m.fit(data, QUIET.withEpochs(Integer.MAX_VALUE).withBatchSize(4).withCallbacks(signal));
            } catch (Throwable e) {
                thrown.set(e);
            }
            flag.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        assertTrue(firstEpoch.await(60, java.util.concurrent.TimeUnit.SECONDS), "fit completed an epoch");
        t.interrupt();
        t.join(60_000);
        assertFalse(t.isAlive(), "fit stopped after the interrupt");
        assertTrue(thrown.get() instanceof TrainingInterruptedException, String.valueOf(thrown.get()));
        TrainingInterruptedException e = (TrainingInterruptedException) thrown.get();
        assertTrue(e.history().epochs().size() >= 1, e.getMessage());
        assertTrue(flag.get(), "the interrupt flag is still set");
        // The model is consistent and free: it evaluates to a finite loss, and trains on.
        assertTrue(Double.isFinite(m.evaluate(data).loss()));
        m.fit(data, QUIET);
    }
}
