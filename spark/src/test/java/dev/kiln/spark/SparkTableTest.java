package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.train.FitOptions;
import dev.kiln.tables.Preprocessor;
import dev.kiln.tables.TableSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table read by Spark (every cell as text, missing cells null) and encoded on the executors by the
 * preprocessing fitted on the same CSV file trains exactly as the file encoded on one machine; a cell that does
 * not fit its column is refused with its row and column.
 */
class SparkTableTest {

    private static SparkSession spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("kiln-table").config("spark.ui.enabled", "false")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Path table(String name, int badRow) throws IOException {
        StringBuilder sb = new StringBuilder("phase,speed,night,note,damage\n");
        Random r = new Random(4);
        String[] phases = {"climb", "approach", "landing", "taxi"};
        for (int i = 0; i < 240; i++) {
            String phase = phases[r.nextInt(4)];
            double speed = 50 + 200 * r.nextDouble();
            boolean night = r.nextBoolean();
            boolean damaged = speed > 150 ^ phase.equals("taxi") ^ (night && r.nextInt(5) == 0);
            sb.append(phase).append(',')
                    .append(i == badRow ? "fast" : r.nextInt(10) == 0 ? "" : String.format("%.1f", speed)).append(',')
                    .append(night).append(',').append("\"n, ").append(i % 7).append("\",")
                    .append(damaged ? "damage" : "none").append('\n');
        }
        Path f = dir.resolve(name);
        Files.writeString(f, sb.toString());
        return f;
    }

    @Test
    void aTableTrainsOnSparkAsTheEncodedFileDoesOnOneMachine() throws IOException {
        Path f = table("strikes.csv", -1);
        Preprocessor prep = Preprocessor.fit(f, TableSpec.infer(f, "damage").drop("note"));
        SparkModels_StrikeModel spread = new SparkModels_StrikeModel();
        FitOptions options = FitOptions.defaults().withEpochs(3).withBatchSize(16).withVerbose(false);
        SparkTrainer.of(spread).withReplicas(1).withRoundsPerEpoch(1).withTable(prep)
                .fit(spark.read().option("header", true).csv(f.toString()).drop("note"), options);
        SparkModels_StrikeModel local = new SparkModels_StrikeModel();
        local.fit(prep.encode(f), options);
        assertArrayEquals(SparkModels.state(local), SparkModels.state(spread));
    }

    @Test
    void aCellThatDoesNotFitItsColumnIsNamed() throws IOException {
        Path f = table("good.csv", -1);
        Preprocessor prep = Preprocessor.fit(f, TableSpec.infer(f, "damage").drop("note"));
        Path bad = table("bad.csv", 37);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer
                .of(new SparkModels_StrikeModel()).withTable(prep).fit(spark.read().option("header", true)
                        .csv(bad.toString()), FitOptions.defaults().withVerbose(false)));
        assertTrue(e.getMessage().contains("Row 37 of the data set: column 'speed': 'fast' is not a number"),
                e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> SparkTrainer
                .of(new SparkModels_StrikeModel()).withTable(prep).fit(spark.read().option("header", true)
                        .csv(f.toString()).drop("speed"), FitOptions.defaults().withVerbose(false)));
        assertTrue(missing.getMessage().contains("The data set has no column 'speed', which the table preprocessing"
                + " uses"), missing.getMessage());
    }
}
