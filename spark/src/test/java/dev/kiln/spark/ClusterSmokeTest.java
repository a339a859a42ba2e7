package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on two executor JVMs ({@code local-cluster}: the model class, the state and the shards cross
 * process boundaries, as on a cluster) give the bits that two replicas give as threads of one JVM; executors
 * without the model class are refused with what to ship. The module's
 * build points SPARK_HOME at {@code target/spark-home}: Spark's launcher takes the executors' jars from its
 * {@code jars} folder, filled here from the test class path.
 */
class ClusterSmokeTest {

    private static Map<String, String> executors(List<String> folders) {
        return Map.of("spark.executor.extraClassPath", String.join(File.pathSeparator, folders),
                "spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector",
                "spark.executor.memory", "768m");
    }

    @Test
    void twoExecutorJvmsGiveTheBitsOfOne() throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path jars = Path.of(System.getenv().getOrDefault("SPARK_HOME", "target/spark-home")).resolve("jars");
        Files.createDirectories(jars);
        List<String> folders = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && !Files.exists(jars.resolve(p.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(p.getFileName()), p.toAbsolutePath());
            } else if (Files.isDirectory(p)) {
                folders.add(p.toAbsolutePath().toString()); // the modules' classes, this test's model among them
            }
        }
        List<Row> rows = SparkModels.rows(300, 3);
        float[] cluster = SparkModels.trainIn("local-cluster[2,1,1024]", executors(folders), rows, 2, 3, 16);
        assertArrayEquals(SparkModels.trainIn("local[2]", Map.of(), rows, 2, 3, 16), cluster);

        // executors without the test classes, where the model class is: refused before any round, saying so
        List<String> withoutModel = folders.stream().filter(f -> !f.endsWith("test-classes")).toList();
        Map<String, String> once = new java.util.HashMap<>(executors(withoutModel));
        once.put("spark.task.maxFailures", "1"); // a missing class fails every attempt alike
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SparkModels.trainIn(
                "local-cluster[2,1,1024]", once, rows, 2, 3, 16));
        assertTrue(e.getMessage().contains("The model class dev.kiln.spark.SparkModels_NetModel is not on this"
                + " executor's class path"), e.getMessage());
    }
}
