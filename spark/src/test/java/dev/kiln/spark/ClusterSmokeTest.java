package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.kiln.runtime.train.FitOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on two executor JVMs ({@code local-cluster}: the model class, the state and the shards cross
 * process boundaries, as on a cluster) give the bits that two replicas give as threads of one JVM. The module's
 * build points SPARK_HOME at {@code target/spark-home}: Spark's launcher takes the executors' jars from its
 * {@code jars} folder, filled here from the test class path.
 */
class ClusterSmokeTest {

    private static float[] train(String master, List<Row> rows, String extraClassPath) throws IOException {
        SparkSession.Builder b = SparkSession.builder().master(master).appName("kiln-cluster")
                .config("spark.ui.enabled", "false");
        if (extraClassPath != null) {
            b = b.config("spark.executor.extraClassPath", extraClassPath)
                    .config("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector")
                    .config("spark.executor.memory", "768m");
        }
        SparkSession spark = b.getOrCreate();
        try {
            SparkModels_NetModel model = new SparkModels_NetModel();
            SparkTrainer.of(model).withReplicas(2).withLocalSteps(3).fit(SparkModels.frame(spark, rows, 3),
                    FitOptions.defaults().withEpochs(2).withBatchSize(16).withVerbose(false));
            return SparkModels.state(model);
        } finally {
            spark.stop();
        }
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
        float[] cluster = train("local-cluster[2,1,1024]", rows, String.join(File.pathSeparator, folders));
        assertArrayEquals(train("local[2]", rows, null), cluster);
    }
}
