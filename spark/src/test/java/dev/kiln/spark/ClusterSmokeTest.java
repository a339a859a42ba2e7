package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
 * process boundaries, as on a cluster) give the bits that two replicas give as threads of one JVM. The module's
 * build points SPARK_HOME at {@code target/spark-home}: Spark's launcher takes the executors' jars from its
 * {@code jars} folder, filled here from the test class path.
 */
class ClusterSmokeTest {

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
        float[] cluster = SparkModels.trainIn("local-cluster[2,1,1024]", Map.of(
                "spark.executor.extraClassPath", String.join(File.pathSeparator, folders),
                "spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector",
                "spark.executor.memory", "768m"), rows, 2, 3, 16);
        assertArrayEquals(SparkModels.trainIn("local[2]", Map.of(), rows, 2, 3, 16), cluster);
    }
}
