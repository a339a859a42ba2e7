package dev.kiln.spark;

import dev.kiln.runtime.io.Checkpoint;
import dev.kiln.runtime.io.CheckpointException;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.KilnModel;
import dev.kiln.runtime.train.LearningRateSchedule;
import dev.kiln.runtime.train.LocalSteps;
import dev.kiln.runtime.train.TrainableNetwork;
import dev.kiln.runtime.train.TrainingDivergedException;
import dev.kiln.runtime.train.Verbosity;
import dev.kiln.tables.Preprocessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Trains a generated model on a Spark data set by parameter averaging: the rows are dealt to a fixed number of
 * replicas (row {@code i} of the input to replica {@code i mod G}); in each round every replica trains its slice
 * of the epoch on its own rows from the driver's state, as {@code fit} would, and the driver averages the
 * replicas' weights, optimizer moments and BatchNorm statistics in replica order. The trained weights depend only
 * on the seed, the data and its order, the replica count and the round schedule: not on the number of executors or
 * their cores, nor on task retries or speculative copies. One replica with one round per epoch is {@code fit} on one
 * machine, to the bit.
 *
 * <pre>{@code
 * History h = SparkTrainer.of(model)
 *         .withReplicas(4)
 *         .withLocalSteps(500)
 *         .withFeatures("pixels").withLabel("label")
 *         .withCheckpoints("hdfs:///models/fashion")
 *         .fit(rows, FitOptions.defaults().withEpochs(10));
 * }</pre>
 *
 * <p>Instances are immutable; each {@code with} returns a new one.
 */
public final class SparkTrainer {

    /** Spark releases before this do not run on the JDK the runtime needs. */
    static final int[] OLDEST_SPARK = {4, 1};
    /**
     * Steps a replica runs between two averagings unless told. A round's fixed cost measured 63 ms in local mode
     * and 100 ms with executor JVMs (bench/spark.md); 1000 steps of the reference network at batch 128 are 1.1 to
     * 1.8 s of compute, so rounds take 5 to 9 % of the time.
     */
    public static final int DEFAULT_LOCAL_STEPS = 1000;

    private final KilnModel model;
    private final int replicas;
    private final int roundsPerEpoch;
    private final int localSteps;
    private final String[] features;
    private final String label;
    private final String checkpoints;
    private final boolean resume;
    private final boolean failFirstAttempts;
    private final Preprocessor table;

    private SparkTrainer(KilnModel model, int replicas, int roundsPerEpoch, int localSteps, String[] features,
                         String label, String checkpoints, boolean resume, boolean failFirstAttempts,
                         Preprocessor table) {
        this.model = model;
        this.replicas = replicas;
        this.roundsPerEpoch = roundsPerEpoch;
        this.localSteps = localSteps;
        this.features = features;
        this.label = label;
        this.checkpoints = checkpoints;
        this.resume = resume;
        this.failFirstAttempts = failFirstAttempts;
        this.table = table;
    }

    /**
     * A trainer of {@code model}, which ends training with the averaged state (as {@code fit} leaves its model):
     * two replicas, {@link #DEFAULT_LOCAL_STEPS} steps between averagings, features in column {@code features}
     * and the label in {@code label}.
     *
     * @param model a model class Kiln generated, on the driver; its class must be on the executors' class path
     * @return the trainer
     */
    public static SparkTrainer of(KilnModel model) {
        if (!(model instanceof TrainableNetwork)) {
            throw new IllegalArgumentException("SparkTrainer trains a model class Kiln generated, but got "
                    + (model == null ? "null" : model.getClass().getName()) + ".");
        }
        return new SparkTrainer(model, 2, 0, DEFAULT_LOCAL_STEPS, new String[] {"features"}, "label", null, false,
                false, null);
    }

    /**
     * The number of replicas G. It fixes the result: the same G gives the same weights on any cluster. More
     * replicas than the cluster has cores run in turns.
     *
     * @param replicas G, at least 1
     * @return the new trainer
     */
    public SparkTrainer withReplicas(int replicas) {
        if (replicas < 1) {
            throw new IllegalArgumentException("withReplicas needs at least 1 replica, but got " + replicas + ".");
        }
        return new SparkTrainer(model, replicas, roundsPerEpoch, localSteps, features, label, checkpoints, resume,
                failFirstAttempts, table);
    }

    /**
     * Averages {@code rounds} times per epoch, each replica's epoch cut into as many equal slices of steps.
     *
     * @param rounds rounds per epoch, at least 1 and at most a replica's steps per epoch
     * @return the new trainer
     */
    public SparkTrainer withRoundsPerEpoch(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("withRoundsPerEpoch needs at least 1 round, but got " + rounds + ".");
        }
        return new SparkTrainer(model, replicas, rounds, 0, features, label, checkpoints, resume, failFirstAttempts,
                table);
    }

    /**
     * Averages after about {@code steps} steps of each replica: as many rounds per epoch as that takes (at least
     * one), cut into equal slices.
     *
     * @param steps steps between averagings, at least 1
     * @return the new trainer
     */
    public SparkTrainer withLocalSteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("withLocalSteps needs at least 1 step, but got " + steps + ".");
        }
        return new SparkTrainer(model, replicas, 0, steps, features, label, checkpoints, resume, failFirstAttempts,
                table);
    }

    /**
     * Where the features are: one column of arrays (of float or double, as many as the model's inputs), or as
     * many numeric columns as the model's inputs, in order.
     *
     * @param columns the column names
     * @return the new trainer
     */
    public SparkTrainer withFeatures(String... columns) {
        if (columns == null || columns.length == 0) {
            throw new IllegalArgumentException("withFeatures needs one array column or the numeric columns.");
        }
        return new SparkTrainer(model, replicas, roundsPerEpoch, localSteps, columns.clone(), label, checkpoints,
                resume, failFirstAttempts, table);
    }

    /**
     * Where the label is: a column of whole-number class labels for a softmax classifier, of numbers for one
     * output (0/1 for a binary model), or of arrays for several outputs.
     *
     * @param column the column name
     * @return the new trainer
     */
    public SparkTrainer withLabel(String column) {
        if (column == null) {
            throw new IllegalArgumentException("withLabel needs a column name.");
        }
        return new SparkTrainer(model, replicas, roundsPerEpoch, localSteps, features, column, checkpoints, resume,
                failFirstAttempts, table);
    }

    /**
     * Writes a checkpoint after every epoch into {@code directory} through Hadoop's file systems (HDFS, S3, a local
     * path), as {@code epoch-0001.safetensors} and so on: Kiln's checkpoint format, which the generated class's
     * {@code load} reads once the file is local.
     *
     * @param directory a Hadoop path or URI
     * @return the new trainer
     */
    public SparkTrainer withCheckpoints(String directory) {
        if (directory == null || directory.isBlank()) {
            throw new IllegalArgumentException("withCheckpoints needs a directory.");
        }
        return new SparkTrainer(model, replicas, roundsPerEpoch, localSteps, features, label, directory, resume,
                failFirstAttempts, table);
    }

    /**
     * Continues from the latest checkpoint in the {@link #withCheckpoints} directory: the same weights, at the end,
     * as a run that was never interrupted. The checkpoint must come from a run with the same replicas, rounds,
     * batch size, seed and row count; with no checkpoint there, training starts from the model as it is.
     *
     * @return the new trainer
     */
    public SparkTrainer withResume() {
        return new SparkTrainer(model, replicas, roundsPerEpoch, localSteps, features, label, checkpoints, true,
                failFirstAttempts, table);
    }

    /**
     * Reads the rows through a fitted table preprocessing (kiln-tables) instead of feature and label columns: each
     * row's cells, as text, in the columns of the table it was fitted on, become the features and the target, as
     * {@link Preprocessor#encode(String[])} and {@link Preprocessor#target} make them. Fit it on a sample of the
     * data written as CSV; the executors get it with the job.
     *
     * @param preprocessor the fitted preprocessing; the model must take its features
     * @return the new trainer
     */
    public SparkTrainer withTable(Preprocessor preprocessor) {
        if (preprocessor == null) {
            throw new IllegalArgumentException("withTable needs a fitted Preprocessor.");
        }
        preprocessor.checkFits(model);
        return new SparkTrainer(model, replicas, roundsPerEpoch, localSteps, features, label, checkpoints, resume,
                failFirstAttempts, preprocessor);
    }

    /** For tests: every round's tasks fail on their first attempt, so Spark retries them. */
    SparkTrainer withFailingFirstAttempts() {
        return new SparkTrainer(model, replicas, roundsPerEpoch, localSteps, features, label, checkpoints, resume,
                true, table);
    }

    /**
     * Trains the model on {@code data}. From {@code options} it takes the epochs, batch size, seed, learning rate,
     * schedule, verbosity and output; it refuses what a distributed run does not do yet (validation, early
     * stopping, callbacks, class weights, augmentation, metrics, dropout rates, no shuffling, its own resume).
     * Every row is checked before the first round.
     *
     * @param data    the training rows
     * @param options the options
     * @return one result per epoch trained
     * @throws IllegalArgumentException when a row, column, option or the replica count cannot work, with what to do
     * @throws IllegalStateException    when Spark or the JDK is too old, or the executors cannot load the model class
     * @throws IOException              when a checkpoint cannot be read or written
     */
    public History fit(Dataset<Row> data, FitOptions options) throws IOException {
        if (data == null || options == null) {
            throw new IllegalArgumentException("SparkTrainer.fit needs the data set and FitOptions.");
        }
        checkVersions(data.sparkSession().version(), Runtime.version().feature());
        refuseUnsupported(options);
        TrainableNetwork net = (TrainableNetwork) model;
        List<Column> columns = new ArrayList<>();
        Shards.Layout layout;
        if (table != null) {
            List<String> selected = new ArrayList<>();
            layout = Shards.tableLayout(data.schema(), table, net.task(), net.inputWidth(), net.outputWidth(),
                    selected);
            selected.forEach(c -> columns.add(data.col(c)));
        } else {
            layout = Shards.layout(data.schema(), features, label, net.task(), net.inputWidth(), net.outputWidth());
            for (String f : layout.featureArray() ? new String[] {features[0]} : features) {
                columns.add(data.col(f));
            }
            columns.add(data.col(label));
        }
        JavaRDD<Row> rows = data.select(columns.toArray(Column[]::new)).javaRDD();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());

        long count = rows.count();
        if (count < replicas) {
            throw new IllegalArgumentException("The data set has " + count + " rows, fewer than the " + replicas
                    + " replicas; every replica needs rows. Use fewer replicas.");
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("The data set has " + count + " rows; one replica holds at most "
                    + (Integer.MAX_VALUE - 8) + " rows, so use at least " + (count / (Integer.MAX_VALUE - 8) + 1)
                    + " replicas.");
        }
        int[] shardRows = new int[replicas];
        for (int g = 0; g < replicas; g++) {
            shardRows[g] = (int) (count / replicas + (g < count % replicas ? 1 : 0));
        }
        int smallest = shardRows[replicas - 1];
        int batch = Math.min(options.batchSizeOr(net.defaultBatchSize()), smallest);
        if (batch > net.maxBatchSize()) {
            throw new IllegalArgumentException("The batch size is " + batch + ", larger than the " + net.maxBatchSize()
                    + " rows this model was built for; build it with a larger maximum (the constructor that takes"
                    + " maxBatchSize), or lower FitOptions.withBatchSize.");
        }
        int[] steps = new int[replicas];
        int fewest = Integer.MAX_VALUE;
        int most = 0;
        for (int g = 0; g < replicas; g++) {
            steps[g] = (shardRows[g] + batch - 1) / batch;
            fewest = Math.min(fewest, steps[g]);
            most = Math.max(most, steps[g]);
            if (LocalSteps.leavesBatchOfOne(net, shardRows[g], batch)) {
                throw new IllegalArgumentException("This model has batch normalisation, which needs at least 2 rows"
                        + " in every training batch, but replica " + g + " has " + shardRows[g] + " rows, which in"
                        + " batches of " + batch + " leave a batch of 1 row. Choose another batch size or replica"
                        + " count, or drop a row.");
            }
        }
        int rounds = roundsPerEpoch(count, batch);
        if (rounds > fewest) {
            throw new IllegalArgumentException(rounds + " rounds per epoch, but replica " + (replicas - 1) + " has only "
                    + fewest + " steps per epoch (" + smallest + " rows in batches of " + batch + "); every round"
                    + " needs a step of every replica. Use at most " + fewest + " rounds per epoch.");
        }

        long seed = options.seedOr(net.seed());
        int epochs = options.epochsOr(net.defaultEpochs());
        double baseRate = options.learningRateOr(net.defaultLearningRate());
        LearningRateSchedule schedule = options.scheduleOr(net.defaultSchedule());
        PrintStream out = options.verbosity() == Verbosity.SILENT ? null : options.output();
        Map<String, String> run = runKeys(count, batch, rounds, seed);

        Checkpoints store = checkpoints == null ? null : new Checkpoints(checkpoints, sc);
        int firstEpoch = 1;
        if (resume) {
            if (store == null) {
                throw new IllegalArgumentException("withResume continues from the checkpoints directory; give it with"
                        + " withCheckpoints(...).");
            }
            firstEpoch = store.resume(net, run, epochs) + 1;
        }
        String modelClass = net.getClass().getName();
        JavaRDD<Shard> shards = Shards.build(rows, layout, replicas);
        try {
            // builds and checks every shard, and finds the model class on the executors, before any round
            int maxBatch = net.maxBatchSize();
            run(() -> shards.foreach(s -> Replica.newModel(modelClass, maxBatch)));
            if (out != null) {
                out.printf(Locale.ROOT, "%,d rows on %d replicas (%,d to %,d rows each), %d round%s per epoch of"
                        + " %d to %d steps of %d rows%n", count, replicas, smallest, shardRows[0], rounds,
                        rounds == 1 ? "" : "s", fewest / rounds, (most + rounds - 1) / rounds, batch);
            }
            ModelState state = ModelState.of(net);
            List<EpochResult> results = new ArrayList<>();
            long round = (long) (firstEpoch - 1) * rounds;
            for (int epoch = firstEpoch; epoch <= epochs; epoch++) {
                long start = System.nanoTime();
                double lossSum = 0;
                double metricSum = 0;
                double metricCount = 0;
                long trained = 0;
                double lastRate = 0;
                for (int r = 0; r < rounds; r++, round++) {
                    long roundStart = System.nanoTime();
                    int[] from = new int[replicas];
                    double[][] rates = new double[replicas][];
                    for (int g = 0; g < replicas; g++) {
                        from[g] = (int) ((long) r * steps[g] / rounds);
                        int to = (int) ((long) (r + 1) * steps[g] / rounds);
                        rates[g] = LocalSteps.rates(schedule, baseRate, epoch, steps[g], from[g], to);
                    }
                    lastRate = rates[0][rates[0].length - 1];
                    Replica.Plan plan = new Replica.Plan(modelClass, net.maxBatchSize(), batch, epoch, round, seed,
                            from, rates);
                    List<Replica.Result> done = round(sc, shards, plan, state, epoch, r);
                    List<ModelState> states = new ArrayList<>();
                    for (Replica.Result d : done) {
                        states.add(d.state());
                        lossSum += d.lossSum();
                        metricSum += d.metricSum();
                        metricCount += d.metricCount();
                        trained += d.rows();
                    }
                    state = ModelState.average(states);
                    if (out != null) {
                        double seconds = (System.nanoTime() - roundStart) * 1e-9;
                        long roundRows = done.stream().mapToLong(Replica.Result::rows).sum();
                        out.printf(Locale.ROOT, "epoch %d/%d  round %d/%d  loss %.4f  %s %.4f  (%.2f s, %,.0f"
                                + " samples/s)%n", epoch, epochs, r + 1, rounds, lossSum / trained,
                                net.task().metricName(), metricSum / metricCount, seconds,
                                roundRows / seconds);
                    }
                }
                state.writeTo(net);
                double seconds = (System.nanoTime() - start) * 1e-9;
                EpochResult result = new EpochResult(epoch, lossSum / trained, metricSum / metricCount,
                        Double.NaN, Double.NaN, lastRate, seconds, (int) Math.min(trained, Integer.MAX_VALUE),
                        Map.of());
                results.add(result);
                if (store != null) {
                    Map<String, String> attached = new LinkedHashMap<>(run);
                    attached.put(EPOCHS_DONE, Integer.toString(epoch));
                    store.write(epoch, Checkpoint.toBytes(net, attached));
                }
                if (options.listener() != null) {
                    options.listener().onEpochEnd(result);
                }
            }
            return new History(net.task().metricName(), results, 0, false);
        } finally {
            shards.unpersist(false);
        }
    }

    /**
     * The rounds per epoch this trainer runs on {@code rows} rows in batches of {@code batch}: as given by
     * {@link #withRoundsPerEpoch}, else enough that no replica runs more than {@link #withLocalSteps} steps a round.
     *
     * @param rows  rows in the data set
     * @param batch rows per step
     * @return rounds per epoch
     */
    public int roundsPerEpoch(long rows, int batch) {
        if (rows < replicas || batch < 1) {
            throw new IllegalArgumentException("roundsPerEpoch needs at least one row per replica and a batch of at"
                    + " least 1, but got " + rows + " rows for " + replicas + " replicas and a batch of " + batch + ".");
        }
        if (roundsPerEpoch > 0) {
            return roundsPerEpoch;
        }
        long most = (rows + replicas - 1) / replicas; // replica 0 has the most rows
        long steps = (most + batch - 1) / batch;
        return (int) Math.max(1, (steps + localSteps - 1) / localSteps);
    }

    /** One round: the state broadcast, every replica's slice run where its shard is, the results in replica order. */
    private List<Replica.Result> round(JavaSparkContext sc, JavaRDD<Shard> shards, Replica.Plan plan,
                                       ModelState state, int epoch, int r) {
        Broadcast<ModelState> shared = sc.broadcast(state);
        boolean failFirst = failFirstAttempts;
        try {
            List<Replica.Result> done = new ArrayList<>(run(() -> shards.map(s -> {
                if (failFirst && TaskContext.get() != null && TaskContext.get().attemptNumber() == 0) {
                    throw new IllegalStateException("first attempt fails, as the test asked");
                }
                return Replica.run(plan, shared.value(), s);
            }).collect()));
            done.sort(Comparator.comparingInt(Replica.Result::replica));
            return done;
        } catch (TrainingDivergedException e) {
            throw new TrainingDivergedException("Training diverged in epoch " + epoch + ", round " + (r + 1) + " on a"
                    + " replica (" + e.getMessage().replaceFirst("\\. The weights are back to.*", "") + "). The model"
                    + " keeps the state of the last completed epoch, or its own from before fit. Usual fixes: a lower"
                    + " learning rate, gradient clipping, fewer local steps.");
        } finally {
            shared.destroy();
        }
    }

    /** Runs a Spark action, turning a task's failure back into the exception the task threw. */
    private static <T> T run(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (Exception e) { // Spark throws its checked SparkException from methods that do not declare it
            throw Replica.<RuntimeException>sneaky(unwrapped(e));
        }
    }

    private static void run(Runnable action) {
        run(() -> {
            action.run();
            return null;
        });
    }

    /** The task's own exception, when Spark wrapped one of Kiln's; else the exception as it came. */
    static Exception unwrapped(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Replica.ModelClassMissing missing) {
                return new IllegalStateException(missing.getMessage(), e);
            }
            if (t instanceof IllegalArgumentException || t instanceof TrainingDivergedException) {
                return (RuntimeException) t;
            }
        }
        return e;
    }

    /** Spark 4.1 or later, JDK 25 or later; anything else is refused before it fails somewhere deep. */
    static void checkVersions(String sparkVersion, int jdk) {
        String[] parts = sparkVersion.split("[.-]");
        int major;
        int minor;
        try {
            major = Integer.parseInt(parts[0]);
            minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Cannot read Spark's version '" + sparkVersion + "'; Kiln needs Spark "
                    + OLDEST_SPARK[0] + "." + OLDEST_SPARK[1] + " or later.");
        }
        if (major < OLDEST_SPARK[0] || major == OLDEST_SPARK[0] && minor < OLDEST_SPARK[1]) {
            throw new IllegalStateException("This is Spark " + sparkVersion + "; Kiln needs Spark " + OLDEST_SPARK[0]
                    + "." + OLDEST_SPARK[1] + " or later (4.2 runs on JDK 25 as it is; 4.1 needs Hadoop's client 3.5;"
                    + " 4.0 and older do not start on JDK 25).");
        }
        if (jdk < 25) {
            throw new IllegalStateException("This is JDK " + jdk + "; Kiln needs JDK 25 or later, with"
                    + " --add-modules jdk.incubator.vector, on the driver and every executor.");
        }
    }

    private static void refuseUnsupported(FitOptions o) {
        List<String> refused = new ArrayList<>();
        if (o.validation() != null || o.validationSplit() > 0) {
            refused.add("validation data");
        }
        if (o.earlyStopping() != null) {
            refused.add("early stopping");
        }
        if (!o.callbacks().isEmpty()) {
            refused.add("callbacks");
        }
        if (o.classWeights() != null || o.balancedClassWeights()) {
            refused.add("class weights");
        }
        if (o.augmentation() != null) {
            refused.add("augmentation");
        }
        if (!o.metrics().isEmpty()) {
            refused.add("metrics");
        }
        if (!o.dropoutRates().isEmpty()) {
            refused.add("dropout rates");
        }
        if (!o.shuffle()) {
            refused.add("withShuffle(false)");
        }
        if (o.resume()) {
            refused.add("FitOptions.withResume() (use SparkTrainer.withResume())");
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("SparkTrainer does not do " + String.join(", ", refused) + " yet."
                    + " Remove " + (refused.size() == 1 ? "it" : "them") + " from the FitOptions; evaluate the"
                    + " trained model on the driver instead.");
        }
    }

    private static final String EPOCHS_DONE = "spark.epochs_done";

    /** What a checkpoint must share with the run that resumes from it. */
    private Map<String, String> runKeys(long rows, int batch, int rounds, long seed) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("spark.replicas", Integer.toString(replicas));
        keys.put("spark.rounds_per_epoch", Integer.toString(rounds));
        keys.put("spark.batch", Integer.toString(batch));
        keys.put("spark.seed", Long.toString(seed));
        keys.put("spark.rows", Long.toString(rows));
        return keys;
    }

    /** The checkpoint directory, through Hadoop's file system API. */
    private static final class Checkpoints {
        private final Path dir;
        private final FileSystem fs;

        Checkpoints(String directory, JavaSparkContext sc) throws IOException {
            this.dir = new Path(directory);
            this.fs = dir.getFileSystem(sc.hadoopConfiguration());
        }

        static String name(int epoch) {
            return String.format(Locale.ROOT, "epoch-%04d.safetensors", epoch);
        }

        /** Writes beside the target and renames, so that a reader never sees half a checkpoint. */
        void write(int epoch, byte[] bytes) throws IOException {
            fs.mkdirs(dir);
            Path target = new Path(dir, name(epoch));
            Path tmp = new Path(dir, "." + name(epoch) + ".tmp");
            try (OutputStream o = fs.create(tmp, true)) {
                o.write(bytes);
            }
            fs.delete(target, false);
            if (!fs.rename(tmp, target)) {
                throw new IOException("Could not rename " + tmp + " to " + target + "; check the directory's"
                        + " permissions.");
            }
        }

        /** Loads the latest checkpoint into {@code net}; returns its epoch, or 0 when there is none. */
        int resume(TrainableNetwork net, Map<String, String> run, int epochs) throws IOException {
            if (!fs.exists(dir)) {
                return 0;
            }
            FileStatus latest = null;
            for (FileStatus f : fs.listStatus(dir)) {
                String n = f.getPath().getName();
                if (n.matches("epoch-\\d{4,}\\.safetensors") && (latest == null
                        || n.compareTo(latest.getPath().getName()) > 0)) {
                    latest = f;
                }
            }
            if (latest == null) {
                return 0;
            }
            String where = latest.getPath().toString();
            byte[] bytes;
            try (InputStream in = fs.open(latest.getPath())) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                bytes = buf.toByteArray();
            }
            Map<String, String> saved = Checkpoint.attachments(bytes, where);
            for (Map.Entry<String, String> e : run.entrySet()) {
                if (!e.getValue().equals(saved.get(e.getKey()))) {
                    throw new IllegalArgumentException(where + " was written by a run with " + e.getKey()
                            .substring("spark.".length()).replace('_', ' ') + " " + saved.get(e.getKey()) + ", but"
                            + " this run has " + e.getValue() + "; resuming would not give that run's result. Use the"
                            + " same settings, or another checkpoints directory.");
                }
            }
            int done;
            try {
                done = Integer.parseInt(saved.get(EPOCHS_DONE));
            } catch (NumberFormatException e) {
                throw new CheckpointException(where + " has no readable " + EPOCHS_DONE + "; it was not written by"
                        + " SparkTrainer.");
            }
            if (done >= epochs) {
                throw new IllegalArgumentException(where + " ends epoch " + done + ", but this run trains up to epoch "
                        + epochs + ", so there is nothing left to do. Ask for more epochs.");
            }
            Checkpoint.restore(net, bytes, where);
            return done;
        }
    }
}
