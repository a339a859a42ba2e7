package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Four replicas give the same bits on one core as on two: the result is the replica count's, not the cluster's.
 * Two sessions one after the other, as only one may run in a JVM at a time.
 */
class CoresTest {

    @Test
    void fourReplicasOnOneCoreAndOnTwo() throws IOException {
        List<Row> rows = SparkModels.rows(400, 2);
        assertArrayEquals(SparkModels.trainIn("local[1]", Map.of(), rows, 4, 2, 16),
                SparkModels.trainIn("local[2]", Map.of(), rows, 4, 2, 16));
    }
}
