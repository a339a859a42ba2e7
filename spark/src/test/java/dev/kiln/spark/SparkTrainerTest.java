package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.LearningRateSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parameter averaging on a local Spark session whose tasks may fail and be retried ({@code local[2,3]}): reruns
 * give the same bits, one replica with one round per epoch is {@code fit}, a task that fails once changes nothing,
 * a resumed run ends where an uninterrupted one does, learning rate 0 leaves the weights, and bad input is refused
 * with Kiln's messages before any round.
 */
class SparkTrainerTest {

    private static SparkSession spark;
    private static final List<Row> ROWS = SparkModels.rows(600, 1);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2,3]").appName("kiln-test").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static FitOptions options(int epochs) {
        return FitOptions.defaults().withEpochs(epochs).withBatchSize(32).withVerbose(false);
    }

    private float[] train(SparkTrainer trainer, SparkModels_NetModel model, int partitions, int epochs)
            throws IOException {
        trainer.fit(SparkModels.frame(spark, ROWS, partitions), options(epochs));
        return SparkModels.state(model);
    }

    @Test
    void rerunsAndAnyPartitioningGiveTheSameBits() throws IOException {
        SparkModels_NetModel a = new SparkModels_NetModel();
        float[] first = train(SparkTrainer.of(a).withReplicas(3).withLocalSteps(3), a, 2, 2);
        SparkModels_NetModel b = new SparkModels_NetModel();
        float[] again = train(SparkTrainer.of(b).withReplicas(3).withLocalSteps(3), b, 7, 2);
        assertArrayEquals(first, again, "same seed, data, replicas and rounds: the same state, however partitioned");
        assertFalse(java.util.Arrays.equals(first, SparkModels.state(new SparkModels_NetModel())), "it trained");
        SparkModels_NetModel c = new SparkModels_NetModel();
        float[] otherRounds = train(SparkTrainer.of(c).withReplicas(3).withLocalSteps(2), c, 2, 2);
        assertFalse(java.util.Arrays.equals(first, otherRounds), "the round schedule is part of the result");
    }

    @Test
    void oneReplicaWithOneRoundPerEpochIsFit() throws IOException {
        SparkModels_NetModel spread = new SparkModels_NetModel();
        History h = SparkTrainer.of(spread).withReplicas(1).withRoundsPerEpoch(1)
                .fit(SparkModels.frame(spark, ROWS, 3), options(3));
        SparkModels_NetModel local = new SparkModels_NetModel();
        History expected = local.fit(SparkModels.local(ROWS), options(3));
        assertArrayEquals(SparkModels.state(local), SparkModels.state(spread), "fit's weights, moments and"
                + " statistics, to the bit");
        assertEquals(expected.last().loss(), h.last().loss(), 0.0, "and its loss");
        assertEquals(expected.last().metric(), h.last().metric(), 0.0);
        assertEquals(3, h.epochs().size());
    }

    @Test
    void aTaskThatFailsOnceChangesNothing() throws IOException {
        SparkModels_NetModel a = new SparkModels_NetModel();
        float[] clean = train(SparkTrainer.of(a).withReplicas(2).withRoundsPerEpoch(2), a, 2, 1);
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        org.apache.spark.scheduler.SparkListener counter = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    failed.incrementAndGet();
                }
            }
        };
        spark.sparkContext().addSparkListener(counter);
        try {
            SparkModels_NetModel b = new SparkModels_NetModel();
            float[] retried = train(SparkTrainer.of(b).withReplicas(2).withRoundsPerEpoch(2)
                    .withFailingFirstAttempts(), b, 2, 1);
            assertArrayEquals(clean, retried);
            // the listener hears of tasks asynchronously: two rounds of two replicas, each failed once
            long until = System.nanoTime() + 10_000_000_000L;
            while (failed.get() < 4 && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertEquals(4, failed.get(), "every round's tasks failed once and were retried");
        } finally {
            spark.sparkContext().removeSparkListener(counter);
        }
    }

    @Test
    void resumingFromACheckpointEndsWhereAnUninterruptedRunDoes() throws IOException {
        SparkModels_NetModel whole = new SparkModels_NetModel();
        float[] twoEpochs = train(SparkTrainer.of(whole).withReplicas(2).withLocalSteps(4), whole, 2, 2);

        String store = dir.resolve("checkpoints").toUri().toString();
        SparkModels_NetModel first = new SparkModels_NetModel();
        train(SparkTrainer.of(first).withReplicas(2).withLocalSteps(4).withCheckpoints(store), first, 2, 1);
        Path written = dir.resolve("checkpoints").resolve("epoch-0001.safetensors");
        assertTrue(Files.isRegularFile(written), "one checkpoint per epoch");
        SparkModels_NetModel loaded = SparkModels_NetModel.load(written);
        assertArrayEquals(SparkModels.state(first), SparkModels.state(loaded), "it loads with the generated load");

        SparkModels_NetModel later = new SparkModels_NetModel();
        History h = SparkTrainer.of(later).withReplicas(2).withLocalSteps(4).withCheckpoints(store).withResume()
                .fit(SparkModels.frame(spark, ROWS, 5), options(2));
        assertEquals(1, h.epochs().size(), "only epoch 2 was left");
        assertEquals(2, h.last().epoch());
        assertArrayEquals(twoEpochs, SparkModels.state(later));

        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> SparkTrainer
                .of(new SparkModels_NetModel()).withReplicas(3).withLocalSteps(4).withCheckpoints(store).withResume()
                .fit(SparkModels.frame(spark, ROWS, 2), options(3)));
        assertTrue(other.getMessage().contains("was written by a run with replicas 2, but this run has 3"),
                other.getMessage());
    }

    @Test
    void learningRateZeroLeavesTheWeights() throws IOException {
        SparkModels_NetModel model = new SparkModels_NetModel();
        float[] before = SparkModels.weights(model);
        SparkTrainer.of(model).withReplicas(2).withLocalSteps(5)
                .fit(SparkModels.frame(spark, ROWS, 2), options(1).withSchedule(new LearningRateSchedule() {
                    @Override
                    public double rate(double base, long t) {
                        return 0; // FitOptions refuses a rate of 0; a schedule may give one
                    }

                    @Override
                    public boolean perStep() {
                        return true;
                    }
                }));
        assertArrayEquals(before, SparkModels.weights(model));
    }

    @Test
    void numericColumnsTrainARegression() throws IOException {
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.LongType)
                .add("y", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double a = (i % 20) / 10.0 - 1;
            long b = i % 3;
            rows.add(RowFactory.create(a, b, 0.5 * a - 0.2 * b));
        }
        SparkModels_LineModel model = new SparkModels_LineModel();
        History h = SparkTrainer.of(model).withReplicas(2).withLocalSteps(2).withFeatures("a", "b").withLabel("y")
                .fit(spark.createDataFrame(rows, schema), options(20));
        assertTrue(h.last().loss() < h.epochs().get(0).loss() / 4, "it learns: " + h.epochs().get(0).loss() + " → "
                + h.last().loss());
    }

    @Test
    void badInputIsRefusedBeforeAnyRound() {
        SparkModels_NetModel model = new SparkModels_NetModel();
        float[] before = SparkModels.state(model);
        List<Row> wide = new ArrayList<>(ROWS);
        wide.set(17, RowFactory.create(new Float[] {1f, 2f, 3f}, 1));
        assertMessage(() -> SparkTrainer.of(model).fit(SparkModels.frame(spark, wide, 2), options(1)),
                "Row 17 has 3 features in column 'features', but the model takes 6");
        List<Row> label = new ArrayList<>(ROWS);
        label.set(5, RowFactory.create(ROWS.get(5).get(0), 3));
        assertMessage(() -> SparkTrainer.of(model).fit(SparkModels.frame(spark, label, 2), options(1)),
                "Row 5 has label 3.0 in column 'label', but the model has 3 classes");
        List<Row> nulls = new ArrayList<>(ROWS);
        nulls.set(9, RowFactory.create(null, 1));
        assertMessage(() -> SparkTrainer.of(model).fit(SparkModels.frame(spark, nulls, 2), options(1)),
                "Row 9 has no features: column 'features' is null");
        assertMessage(() -> SparkTrainer.of(model).withLabel("class").fit(SparkModels.frame(spark, ROWS, 2),
                options(1)), "The data set has no column 'class'; its columns are features array<float>, label int");
        assertMessage(() -> SparkTrainer.of(model).withReplicas(2).withRoundsPerEpoch(50)
                .fit(SparkModels.frame(spark, ROWS, 2), options(1)), "Use at most 10 rounds per epoch");
        assertMessage(() -> SparkTrainer.of(model).fit(SparkModels.frame(spark, ROWS, 2), options(1)
                .withValidationSplit(0.1)), "SparkTrainer does not do validation data yet");
        List<Row> half = new ArrayList<>(ROWS);
        half.set(3, RowFactory.create(ROWS.get(3).get(0), 1));
        StructType doubles = new StructType().add("features", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("label", DataTypes.DoubleType);
        List<Row> fractional = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            fractional.add(RowFactory.create(new Double[] {1.0, 2.0, 3.0, 4.0, 5.0, i == 7 ? Double.NaN : 6.0}, 1.0));
        }
        assertMessage(() -> SparkTrainer.of(model).fit(spark.createDataFrame(fractional, doubles), options(1)),
                "Row 7 has NaN at position 5 of column 'features'");
        fractional.replaceAll(r -> RowFactory.create(new Double[] {1.0, 2.0, 3.0, 4.0, 5.0, 6.0},
                fractional.indexOf(r) == 4 ? 1.5 : 1.0));
        assertMessage(() -> SparkTrainer.of(model).fit(spark.createDataFrame(fractional, doubles), options(1)),
                "Row 4 has label 1.5 in column 'label'");
        assertMessage(() -> SparkTrainer.of(model).fit(spark.createDataFrame(List.of(), SparkModels.SCHEMA),
                options(1)), "The data set has 0 rows, fewer than the 2 replicas");
        StructType text = new StructType().add("features", DataTypes.StringType).add("label", DataTypes.IntegerType);
        assertMessage(() -> SparkTrainer.of(model).fit(spark.createDataFrame(List.of(), text), options(1)),
                "Column 'features' is string, but Kiln takes numbers");
        assertArrayEquals(before, SparkModels.state(model), "a refused run leaves the model as it was");

        IllegalStateException old = assertThrows(IllegalStateException.class,
                () -> SparkTrainer.checkVersions("4.0.1", 25));
        assertTrue(old.getMessage().contains("Kiln needs Spark 4.1 or later"), old.getMessage());
        assertThrows(IllegalStateException.class, () -> SparkTrainer.checkVersions("4.2.0", 21));
        SparkTrainer.checkVersions("4.2.0", 25);
        Exception missing = SparkTrainer.unwrapped(new org.apache.spark.SparkException("Job aborted",
                new Replica.ModelClassMissing("The model class com.example.Gone is not on this executor's class"
                        + " path")));
        assertTrue(missing instanceof IllegalStateException && missing.getMessage().contains("com.example.Gone"),
                missing.toString());
        assertThrows(Replica.ModelClassMissing.class, () -> Replica.newModel("com.example.Gone", 8));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
