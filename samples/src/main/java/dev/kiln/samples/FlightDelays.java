package dev.kiln.samples;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sin;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.when;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.metrics.RegressionMetrics;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import dev.kiln.spark.SparkTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * A regression on Spark from Parquet: the arrival delay of vega-datasets' 3 million US flights of 2001
 * ({@code flights-3m.parquet}: date, delay, distance, origin, destination). Spark reads the file, splits it 80/20
 * by a hash of each row, learns the statistics and the ten busiest airports from the training rows, and builds 34
 * features with Spark SQL; Kiln trains on the result with 2 and 4 replicas, and the driver scores the test rows in
 * minutes, against predicting the training mean.
 */
public final class FlightDelays {

    private FlightDelays() {}

    /**
     * Entry point.
     *
     * @param args the path of flights-3m.parquet, then optionally the number of epochs (default 2)
     * @throws IOException when the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path file = TrainFashion.vegaFile(args, "flights-3m.parquet", "flights");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        SparkSession spark = SparkSession.builder().master(System.getProperty("spark.master", "local[2]"))
                .appName("kiln-flights").config("spark.ui.enabled", "false").getOrCreate();
        try {
            org.apache.spark.sql.Dataset<Row> flights = spark.read().parquet(file.toString());
            // a row's side depends on the row alone: the same split on any cluster, in any order
            Column bucket = pmod(hash(col("date"), col("origin"), col("destination"), col("delay"),
                    col("distance")), lit(10));
            org.apache.spark.sql.Dataset<Row> train = flights.where(bucket.lt(8));
            org.apache.spark.sql.Dataset<Row> test = flights.where(bucket.geq(8));
            Row stats = train.agg(avg("delay"), stddev_pop("delay"), avg(log1p(col("distance"))),
                    stddev_pop(log1p(col("distance")))).first();
            double delayMean = stats.getDouble(0);
            double delayScale = stats.getDouble(1);
            List<String> origins = busiest(train, "origin");
            List<String> destinations = busiest(train, "destination");
            System.out.printf(Locale.ROOT, "%s: delay mean %.2f min, sd %.2f; busiest origins %s%n", file,
                    delayMean, delayScale, origins);
            org.apache.spark.sql.Dataset<Row> trainRows = encode(train, stats, origins, destinations).cache();
            org.apache.spark.sql.Dataset<Row> testRows = encode(test, stats, origins, destinations);
            Dataset testSet = collect(testRows);
            System.out.printf("%,d training rows, %,d test rows, %d features%n", trainRows.count(), testSet.rows(),
                    testSet.width());

            List<String> table = new ArrayList<>();
            table.add(String.format(Locale.ROOT, "| training mean | - | - | %s |",
                    figures(baseline(testSet), delayScale)));
            for (int replicas : new int[] {2, 4}) {
                FlightDelayNetModel model = new FlightDelayNetModel();
                System.out.printf("%nSpark, %d replicas:%n", replicas);
                SparkTrainer trainer = SparkTrainer.of(model).withReplicas(replicas);
                History h = trainer.fit(trainRows, FitOptions.defaults().withEpochs(epochs).withVerbosity(
                        dev.kiln.runtime.train.Verbosity.SILENT).withListener(r -> System.out.printf(Locale.ROOT,
                        "epoch %d  loss %.4f  (%.1f s, %,.0f samples/s)%n", r.epoch(), r.loss(), r.seconds(),
                        r.samplesPerSecond())));
                table.add(String.format(Locale.ROOT, "| Kiln, %d replicas | %d | %.1f | %s |", replicas,
                        trainer.roundsPerEpoch(trainRows.count(), 256), h.last().seconds(),
                        figures(model.regressionMetrics(testSet), delayScale)));
            }
            System.out.printf("%n%d epochs, batch 256, Spark master %s; test rows, delay in minutes:%n", epochs,
                    spark.sparkContext().master());
            System.out.println("| model | rounds per epoch | seconds, last epoch | MAE | RMSE | R² |");
            System.out.println("|---|---|---|---|---|---|");
            table.forEach(System.out::println);
        } finally {
            spark.stop();
        }
    }

    /** The ten most frequent values of {@code column} in the training rows, ties by name. */
    private static List<String> busiest(org.apache.spark.sql.Dataset<Row> train, String column) {
        List<String> top = new ArrayList<>();
        for (Row r : train.groupBy(column).count().orderBy(col("count").desc(), col(column)).limit(10)
                .collectAsList()) {
            top.add(r.getString(0));
        }
        return top;
    }

    /** The 34 features as one float array column, and the standardised delay as {@code label}. */
    static org.apache.spark.sql.Dataset<Row> encode(org.apache.spark.sql.Dataset<Row> rows, Row stats,
                                                    List<String> origins, List<String> destinations) {
        List<Column> f = new ArrayList<>();
        Column hour = hour(col("date")).multiply(2 * Math.PI / 24);
        f.add(sin(hour));
        f.add(cos(hour));
        for (int d = 1; d <= 7; d++) {
            f.add(when(dayofweek(col("date")).equalTo(d), 1.0).otherwise(0.0));
        }
        Column monthAngle = month(col("date")).multiply(2 * Math.PI / 12);
        f.add(sin(monthAngle));
        f.add(cos(monthAngle));
        f.add(log1p(col("distance")).minus(stats.getDouble(2)).divide(stats.getDouble(3)));
        oneHot(f, col("origin"), origins);
        oneHot(f, col("destination"), destinations);
        return rows.select(array(f.toArray(Column[]::new)).cast(DataTypes.createArrayType(DataTypes.FloatType))
                        .as("features"),
                col("delay").minus(stats.getDouble(0)).divide(stats.getDouble(1)).cast(DataTypes.FloatType)
                        .as("label"));
    }

    private static void oneHot(List<Column> features, Column value, List<String> vocabulary) {
        for (String v : vocabulary) {
            features.add(when(value.equalTo(v), 1.0).otherwise(0.0));
        }
        features.add(when(value.isin(vocabulary.toArray()), 0.0).otherwise(1.0)); // every other airport
    }

    /** The test rows on the driver, for scoring (600,000 rows of 34 floats). */
    private static Dataset collect(org.apache.spark.sql.Dataset<Row> rows) {
        List<Row> all = rows.collectAsList();
        int width = 34;
        float[] x = new float[all.size() * width];
        float[] t = new float[all.size()];
        for (int i = 0; i < all.size(); i++) {
            List<Float> f = all.get(i).getList(0);
            for (int j = 0; j < width; j++) {
                x[i * width + j] = f.get(j);
            }
            t[i] = all.get(i).getFloat(1);
        }
        return Dataset.ofTargets(x, width, t, 1);
    }

    /** Predicting the training mean (0 in standard units) for every test row. */
    private static RegressionMetrics baseline(Dataset test) {
        return RegressionMetrics.of(test.targets(), new float[test.rows()]);
    }

    /** MAE and RMSE in minutes (the metrics are in standard deviations of the training delays), and R². */
    private static String figures(RegressionMetrics m, double scale) {
        return String.format(Locale.ROOT, "%.2f | %.2f | %.4f", m.mae() * scale, m.rmse() * scale, m.r2());
    }
}
