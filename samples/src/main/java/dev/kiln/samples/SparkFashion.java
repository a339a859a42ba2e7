package dev.kiln.samples;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.MnistFamily;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import dev.kiln.spark.SparkTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Fashion-MNIST network trained on Spark: the training images written once as Parquet (where a team's data
 * would be), read back by Spark, and trained by parameter averaging with 2 and 4 replicas, against {@code fit} on
 * one machine with the same epochs; each model's test accuracy and time per epoch. Spark runs in local mode
 * ({@code -Dspark.master} for another master).
 */
public final class SparkFashion {

    private SparkFashion() {}

    /**
     * Entry point.
     *
     * @param args optional: the data directory, then the number of epochs (default 5)
     * @throws IOException when the data cannot be read or the Parquet files written
     */
    public static void main(String[] args) throws IOException {
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        MnistFamily.Splits data = MnistFamily.load(TrainFashion.requireData(args));
        SparkSession spark = SparkSession.builder().master(System.getProperty("spark.master", "local[2]"))
                .appName("kiln-fashion").config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            Path parquet = TrainFashion.outputDir().resolve("fashion-train.parquet");
            if (!Files.exists(parquet)) {
                write(spark, data.train(), parquet);
            }
            org.apache.spark.sql.Dataset<Row> rows = spark.read().parquet(parquet.toString());
            FitOptions options = FitOptions.defaults().withEpochs(epochs).withBatchSize(128);
            List<String> table = new ArrayList<>();

            FashionMlpModel single = new FashionMlpModel();
            System.out.println("fit on one machine:");
            History h = single.fit(data.train(), options);
            table.add(line("fit, one machine", "-", h, single.evaluate(data.test())));
            for (int replicas : new int[] {2, 4}) {
                FashionMlpModel model = new FashionMlpModel();
                System.out.printf("%nSpark, %d replicas:%n", replicas);
                SparkTrainer trainer = SparkTrainer.of(model).withReplicas(replicas).withFeatures("pixels")
                        .withLabel("label");
                History s = trainer.fit(rows, options);
                table.add(line("Spark, " + replicas + " replicas", Integer.toString(trainer.roundsPerEpoch(
                        data.train().rows(), 128)), s, model.evaluate(data.test())));
            }
            System.out.printf("%n%d epochs, batch 128, Spark master %s:%n", epochs, spark.sparkContext().master());
            System.out.println("| training | rounds per epoch | seconds per epoch (median) | test accuracy |");
            System.out.println("|---|---|---|---|");
            table.forEach(System.out::println);
        } finally {
            spark.stop();
        }
    }

    private static String line(String what, String rounds, History h, Evaluation test) {
        double[] seconds = h.series("seconds");
        java.util.Arrays.sort(seconds);
        return String.format(Locale.ROOT, "| %s | %s | %.2f | %.4f |", what, rounds, seconds[seconds.length / 2],
                test.metric());
    }

    /** The images as Parquet: a column of 784 floats and the label, in the data set's order. */
    static void write(SparkSession spark, Dataset train, Path parquet) {
        StructType schema = new StructType()
                .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("label", DataTypes.IntegerType, false);
        List<Row> rows = new ArrayList<>(train.rows());
        float[][] x = train.featureRows();
        for (int i = 0; i < x.length; i++) {
            rows.add(RowFactory.create(x[i], train.labels()[i]));
        }
        spark.createDataFrame(rows, schema).coalesce(4).write().parquet(parquet.toString());
    }
}
