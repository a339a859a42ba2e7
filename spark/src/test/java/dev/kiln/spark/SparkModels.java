package dev.kiln.spark;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.BatchNorm;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Dropout;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.Tensor;
import dev.kiln.runtime.train.TrainableNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The models and data the Spark tests train, and how they compare trained states. */
final class SparkModels {

    private SparkModels() {}

    /** A classifier with every kind of state a replica carries: BatchNorm statistics, dropout, Adam's moments. */
    @Model(inputs = 6, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 21, maxBatchSize = 64)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class Net {
        @Dense(units = 16, activation = Activation.LINEAR) Layer hidden;
        @BatchNorm Layer norm;
        @Dense(units = 16, activation = Activation.RELU) Layer mixed;
        @Dropout(rate = 0.2) Layer drop;
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
    }

    /** A regression on two numeric columns. */
    @Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR, seed = 22, maxBatchSize = 32)
    @Optimizer(type = OptimizerType.MOMENTUM, learningRate = 0.05, momentum = 0.9)
    abstract static class Line {
        @Dense(units = 8, activation = Activation.TANH) Layer hidden;
        @Dense(units = 1, activation = Activation.LINEAR) Layer out;
    }

    /** A classifier of the strike table SparkTableTest writes: phase one-hot (4 and other), speed, night. */
    @Model(inputs = 7, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 23, maxBatchSize = 32)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.02)
    abstract static class Strike {
        @Dense(units = 8, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2, activation = Activation.SOFTMAX) Layer out;
    }

    static final StructType SCHEMA = new StructType()
            .add("features", DataTypes.createArrayType(DataTypes.FloatType))
            .add("label", DataTypes.IntegerType);

    /** Three classes in six features: class c lifts feature c and c + 3. */
    static List<Row> rows(int n, long seed) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(3);
            Float[] x = new Float[6];
            for (int j = 0; j < 6; j++) {
                x[j] = (float) r.nextGaussian() + (j % 3 == c ? 1.2f : 0f);
            }
            rows.add(RowFactory.create(x, c));
        }
        return rows;
    }

    /** The rows in order, cut into {@code partitions} Spark partitions. */
    static Dataset<Row> frame(SparkSession spark, List<Row> rows, int partitions) {
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(rows, partitions), SCHEMA);
    }

    /** The same rows as Kiln's in-memory data set, in order. */
    static dev.kiln.runtime.data.Dataset local(List<Row> rows) {
        float[] x = new float[rows.size() * 6];
        int[] labels = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Float[] f = (Float[]) rows.get(i).get(0);
            for (int j = 0; j < 6; j++) {
                x[i * 6 + j] = f[j];
            }
            labels[i] = rows.get(i).getInt(1);
        }
        return dev.kiln.runtime.data.Dataset.ofClasses(x, 6, labels);
    }

    /** Every parameter and state value of {@code net}, in order. */
    static float[] state(TrainableNetwork net) {
        return values(net, true);
    }

    /** The learnable values only. */
    static float[] weights(TrainableNetwork net) {
        return values(net, false);
    }

    private static float[] values(TrainableNetwork net, boolean withState) {
        List<float[]> parts = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            parts.add(java.util.Arrays.copyOfRange(p.values(), p.offset(), p.offset() + p.size()));
        }
        if (withState) {
            for (Tensor t : net.stateTensors()) {
                parts.add(java.util.Arrays.copyOfRange(t.values(), t.offset(), t.offset() + t.size()));
            }
        }
        float[] all = new float[parts.stream().mapToInt(a -> a.length).sum()];
        int at = 0;
        for (float[] a : parts) {
            System.arraycopy(a, 0, all, at, a.length);
            at += a.length;
        }
        return all;
    }

    /**
     * Trains a fresh {@link Net} on {@code rows} in a session of {@code master} (with {@code conf}), stopped after,
     * and returns its state.
     */
    static float[] trainIn(String master, java.util.Map<String, String> conf, List<Row> rows, int replicas,
                           int localSteps, int batch) throws java.io.IOException {
        SparkSession.Builder b = SparkSession.builder().master(master).appName("kiln-" + master)
                .config("spark.ui.enabled", "false");
        for (var e : conf.entrySet()) {
            b = b.config(e.getKey(), e.getValue());
        }
        SparkSession spark = b.getOrCreate();
        try {
            SparkModels_NetModel model = new SparkModels_NetModel();
            SparkTrainer.of(model).withReplicas(replicas).withLocalSteps(localSteps).fit(frame(spark, rows, 3),
                    dev.kiln.runtime.train.FitOptions.defaults().withEpochs(2).withBatchSize(batch).withVerbose(false));
            return state(model);
        } finally {
            spark.stop();
        }
    }
}
