package dev.kiln.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.KilnModel;
import dev.kiln.runtime.train.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime, given the file Kiln writes, predicts what Kiln predicts: within 1e-5 for every activation, batch
 * normalisation before and after the activation, every dropout kind, each loss's output layer, layer
 * normalisation with and without γ and β, and residual connections (see {@link OnnxModels}), after some
 * training so that the weights, γ, β and running statistics are away from their start.
 */
class OnnxExportTest {

    private static final List<Supplier<KilnModel>> MODELS = List.of(OnnxModels_ActivationsModel::new,
            OnnxModels_RegressionModel::new, OnnxModels_ParametricModel::new, OnnxModels_NormBeforeModel::new,
            OnnxModels_NormAfterModel::new, OnnxModels_BinaryModel::new, OnnxModels_DropoutVariantsModel::new,
            OnnxModels_LayerNormsModel::new, OnnxModels_ResidualsModel::new, OnnxModels_ResidualNormsModel::new);

    private static Dataset data(KilnModel m, float[][] rows, Random r) {
        float[] x = new float[rows.length * m.inputs()];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < m.inputs(); j++) {
                rows[i][j] = (float) r.nextGaussian();
            }
            System.arraycopy(rows[i], 0, x, i * m.inputs(), m.inputs());
        }
        if (m.task() == Task.CLASSIFICATION) {
            int[] y = new int[rows.length];
            Arrays.setAll(y, i -> r.nextInt(m.outputs()));
            return Dataset.ofClasses(x, m.inputs(), y);
        }
        float[] t = new float[rows.length * m.outputs()];
        for (int i = 0; i < t.length; i++) {
            t[i] = m.task() == Task.BINARY ? r.nextInt(2) : (float) r.nextGaussian();
        }
        return Dataset.ofTargets(x, m.inputs(), t, m.outputs());
    }

    @Test
    void onnxRuntimePredictsWhatKilnPredicts(@TempDir Path dir) throws Exception {
        Random r = new Random(11);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        for (Supplier<KilnModel> factory : MODELS) {
            KilnModel m = factory.get();
            String name = m.getClass().getSimpleName();
            m.fit(data(m, new float[64][m.inputs()], r), FitOptions.defaults().withVerbose(false).withEpochs(3)
                    .withBatchSize(8));
            float[][] rows = new float[24][m.inputs()];
            data(m, rows, r);
            float[][] kiln = m.predict(rows);
            // KILN_ONNX_OUT=DIR keeps the files, for tools/reference/check_onnx.py (ONNX's own checker).
            Path out = System.getenv("KILN_ONNX_OUT") == null ? dir
                    : Files.createDirectories(Path.of(System.getenv("KILN_ONNX_OUT")));
            Path file = out.resolve(name + ".onnx");
            OnnxExport.write(m, file);
            try (OrtSession session = env.createSession(Files.readAllBytes(file), new OrtSession.SessionOptions());
                 OnnxTensor input = OnnxTensor.createTensor(env, rows);
                 OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
                float[][] onnx = (float[][]) result.get(OnnxExport.OUTPUT).orElseThrow().getValue();
                assertEquals(rows.length, onnx.length, name);
                double worst = 0;
                for (int i = 0; i < rows.length; i++) {
                    for (int k = 0; k < m.outputs(); k++) {
                        worst = Math.max(worst, Math.abs(onnx[i][k] - kiln[i][k]));
                    }
                }
                System.out.printf("ONNX Runtime against Kiln, %s: largest difference %.2e%n", name, worst);
                assertTrue(worst <= 1e-5, name + ": largest difference " + worst);
            }
        }
    }
}
