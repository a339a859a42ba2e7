package dev.kiln.bench;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.MnistFamily;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.LearningRateSchedule;
import dev.kiln.runtime.train.LocalSteps;
import dev.kiln.runtime.train.Verbosity;
import dev.kiln.spark.SparkTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a round of kiln-spark costs and what the averaging does to accuracy, for the reference network
 * (784-256-128-10, Adam) on Fashion-MNIST, on the Spark master given: the compute per sample of one replica, the
 * fixed cost of a round (one local step per round, so that the round is nearly all overhead), and the time per
 * epoch and test accuracy of {@code fit} and of several replica counts and round frequencies. Prints lines the
 * report script reads ({@code key value ...}).
 *
 * <p>Usage: {@code SparkRounds <fashion-dir> <master> [epochs, default 4: the first is warm-up]}.
 */
public final class SparkRounds {

    private static final int BATCH = 128;

    private SparkRounds() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        String master = args[1];
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        MnistFamily.Splits data = MnistFamily.load(dir);
        System.out.printf(Locale.ROOT, "master %s%n", master);
        // before the session: executor JVMs starting up would share the cores with the measurement
        computePerSample(data.train());
        averagingPerValue();
        SparkSession spark = SparkSession.builder().master(master).appName("kiln-rounds")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            org.apache.spark.sql.Dataset<Row> rows = frame(spark, data.train(), 8).cache();
            rows.count();
            roundOverhead(spark, data.train(), 2);
            roundOverhead(spark, data.train(), 4);
            FitOptions options = FitOptions.defaults().withEpochs(epochs).withBatchSize(BATCH)
                    .withVerbosity(Verbosity.SILENT);
            if (master.startsWith("local[")) {
                ReferenceMlpModel single = new ReferenceMlpModel();
                report("fit", 1, 0, single.fit(data.train(), options), single.evaluate(data.test()).metric());
            }
            for (int g : new int[] {1, 2, 4}) {
                int done = -1;
                for (int steps : g == 1 ? new int[] {0} : new int[] {50, 200, 0}) {
                    ReferenceMlpModel model = new ReferenceMlpModel();
                    SparkTrainer t = SparkTrainer.of(model).withReplicas(g);
                    t = steps == 0 ? t.withRoundsPerEpoch(1) : t.withLocalSteps(steps);
                    if (t.roundsPerEpoch(data.train().rows(), BATCH) == done) {
                        continue; // a schedule already measured
                    }
                    done = t.roundsPerEpoch(data.train().rows(), BATCH);
                    History h = t.fit(rows, options);
                    report("spark", g, t.roundsPerEpoch(data.train().rows(), BATCH), h,
                            model.evaluate(data.test()).metric());
                }
            }
        } finally {
            spark.stop();
        }
    }

    /** Seconds per sample of one replica's steps, on this JVM, as LocalSteps runs them. */
    private static void computePerSample(Dataset train) {
        ReferenceMlpModel model = new ReferenceMlpModel();
        int steps = 200;
        int[] order = LocalSteps.epochOrder(1, train.rows(), 1);
        double[] rates = LocalSteps.rates(LearningRateSchedule.constant(), 1e-3, 1, 469, 0, steps);
        double[] seconds = new double[9];
        for (int i = 0; i < 4 + seconds.length; i++) { // four runs to warm up
            long t0 = System.nanoTime();
            LocalSteps.run(model, train, order, BATCH, 0, rates, 1);
            if (i >= 4) {
                seconds[i - 4] = (System.nanoTime() - t0) * 1e-9;
            }
        }
        Arrays.sort(seconds);
        System.out.printf(Locale.ROOT, "compute_per_sample %.4e  (median of 9 runs of %d steps of %d after 4; threads"
                + " %s)%n", seconds[4] / (steps * BATCH), steps, BATCH, System.getProperty("kiln.threads", "default"));
        System.out.printf(Locale.ROOT, "state_floats %d%n", stateFloats(model));
    }

    private static long stateFloats(ReferenceMlpModel model) {
        long n = 0;
        for (var p : model.parameters()) {
            n += p.size();
        }
        for (var t : model.stateTensors()) {
            n += t.size();
        }
        return n;
    }

    /**
     * The driver's share of a round that grows with the replicas: summing one replica's state into the mean, per
     * value, in double as the averaging does (a loop of the same shape, timed here).
     */
    private static void averagingPerValue() {
        int n = 705_438;
        float[][] states = new float[4][n];
        for (float[] s : states) {
            Arrays.fill(s, 1.5f);
        }
        double[] sum = new double[n];
        double[] seconds = new double[7];
        for (int i = 0; i < seconds.length; i++) {
            long t0 = System.nanoTime();
            Arrays.fill(sum, 0);
            for (float[] s : states) {
                for (int j = 0; j < n; j++) {
                    sum[j] += s[j];
                }
            }
            seconds[i] = (System.nanoTime() - t0) * 1e-9;
        }
        Arrays.sort(seconds);
        System.out.printf(Locale.ROOT, "averaging_per_value %.3e  (sum %.1f)%n", seconds[3] / (4.0 * n), sum[7]);
    }

    /**
     * {@code replicas} replicas, one step of 128 rows each per round, 25 rounds an epoch, four epochs: the time of a
     * round less its step is the round's fixed cost.
     */
    private static void roundOverhead(SparkSession spark, Dataset train, int replicas) throws IOException {
        int rows = replicas * 25 * BATCH;
        Dataset part = train.split((double) rows / train.rows(), 1).first();
        org.apache.spark.sql.Dataset<Row> frame = frame(spark, part, 2).cache();
        frame.count();
        ReferenceMlpModel model = new ReferenceMlpModel();
        SparkTrainer t = SparkTrainer.of(model).withReplicas(replicas).withLocalSteps(1);
        History h = t.fit(frame, FitOptions.defaults().withEpochs(4).withBatchSize(BATCH)
                .withVerbosity(Verbosity.SILENT));
        int rounds = t.roundsPerEpoch(part.rows(), BATCH);
        double[] perRound = h.epochs().stream().skip(1).mapToDouble(e -> e.seconds() / rounds).sorted().toArray();
        System.out.printf(Locale.ROOT, "round_seconds %d %.4f %.4f %.4f  (replicas; median min max over epochs 2-4;"
                + " %d rounds of 1 step of %d rows on each replica)%n", replicas, perRound[1], perRound[0], perRound[2],
                rounds, BATCH);
    }

    private static void report(String what, int replicas, int rounds, History h, double accuracy) {
        double[] s = h.epochs().stream().skip(1).mapToDouble(e -> e.seconds()).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s replicas %d rounds %d epoch_seconds %.3f %.3f %.3f test_accuracy %.4f%n",
                what, replicas, rounds, s[s.length / 2], s[0], s[s.length - 1], accuracy);
    }

    private static org.apache.spark.sql.Dataset<Row> frame(SparkSession spark, Dataset data, int partitions) {
        StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.FloatType, false))
                .add("label", DataTypes.IntegerType);
        float[][] x = data.featureRows();
        List<Row> rows = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            rows.add(RowFactory.create(x[i], data.labels()[i]));
        }
        // in order: one replica with one round per epoch is then fit on the same rows, to the bit
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(rows, partitions), schema);
    }
}
