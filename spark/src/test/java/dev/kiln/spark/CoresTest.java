package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.kiln.runtime.train.FitOptions;
import java.io.IOException;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Four replicas give the same bits on one core as on two: the result is the replica count's, not the cluster's.
 * Two sessions one after the other, as only one may run in a JVM at a time.
 */
class CoresTest {

    private static float[] trainOn(String master, List<Row> rows) throws IOException {
        SparkSession spark = SparkSession.builder().master(master).appName("kiln-cores")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            SparkModels_NetModel model = new SparkModels_NetModel();
            SparkTrainer.of(model).withReplicas(4).withLocalSteps(2).fit(SparkModels.frame(spark, rows, 3),
                    FitOptions.defaults().withEpochs(2).withBatchSize(16).withVerbose(false));
            return SparkModels.state(model);
        } finally {
            spark.stop();
        }
    }

    @Test
    void fourReplicasOnOneCoreAndOnTwo() throws IOException {
        List<Row> rows = SparkModels.rows(400, 2);
        assertArrayEquals(trainOn("local[1]", rows), trainOn("local[2]", rows));
    }
}
