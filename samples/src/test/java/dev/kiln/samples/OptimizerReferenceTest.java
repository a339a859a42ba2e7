package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.TrainableNetwork;
import dev.kiln.runtime.train.Trainer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each optimizer's trajectory over 25 full-batch steps against PyTorch 1.13 (reference values and the script
 * that made them: tools/reference/optimizer_trajectories.py). Same initial weights, data and
 * hyperparameters. Kiln computes in float like PyTorch, but sums in a different order, so values agree to
 * float rounding amplified by 25 steps. Measured largest differences were 3e-8 (momentum) to 2.2e-6 (Nadam);
 * the bound is 1e-5 absolute plus 1e-4 relative.
 */
class OptimizerReferenceTest {

    private static final int ROWS = 6;
    private static final int STEPS = 25;

    static Stream<Arguments> optimizers() {
        Map<String, Supplier<TrainableNetwork>> models = new java.util.LinkedHashMap<>();
        models.put("SGD", OptimizerModels_SgdModel::new);
        models.put("MOMENTUM", OptimizerModels_MomentumModel::new);
        models.put("NESTEROV", OptimizerModels_NesterovModel::new);
        models.put("ADAGRAD", OptimizerModels_AdagradModel::new);
        models.put("RMSPROP", OptimizerModels_RmspropModel::new);
        models.put("ADADELTA", OptimizerModels_AdadeltaModel::new);
        models.put("ADAM", OptimizerModels_AdamModel::new);
        models.put("AMSGRAD", OptimizerModels_AmsgradModel::new);
        models.put("ADAMAX", OptimizerModels_AdamaxModel::new);
        models.put("NADAM", OptimizerModels_NadamModel::new);
        models.put("ADAMW", OptimizerModels_AdamwModel::new);
        return models.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void trajectoryMatchesPyTorch(String name, Supplier<TrainableNetwork> factory) throws IOException {
        List<double[]> reference = reference().get(name);
        assertEquals(STEPS + 1, reference.size(), "reference steps for " + name);
        TrainableNetwork model = factory.get();
        List<Parameter> params = model.parameters();
        double[] initial = reference.get(0);
        int at = 0;
        for (Parameter p : params) {
            for (int i = 0; i < p.size(); i++) {
                p.values()[p.offset() + i] = (float) initial[at++];
            }
        }
        assertEquals(initial.length, at, "parameter count");
        double[] worst = new double[1];
        int[] step = new int[1];
        Trainer.fit(model, data(), FitOptions.defaults().withEpochs(STEPS).withBatchSize(ROWS).withShuffle(false)
                .withVerbose(false).withListener(r -> {
                    step[0]++;
                    double[] expected = reference.get(step[0]);
                    int k = 0;
                    for (Parameter p : params) {
                        for (int i = 0; i < p.size(); i++, k++) {
                            double actual = p.values()[p.offset() + i];
                            double tol = 1e-5 + 1e-4 * Math.abs(expected[k]);
                            worst[0] = Math.max(worst[0], Math.abs(actual - expected[k]));
                            assertEquals(expected[k], actual, tol, name + " step " + step[0] + " value " + k);
                        }
                    }
                }));
        assertEquals(STEPS, step[0]);
        // The parameters moved far more than the tolerance, so the comparison is not vacuous.
        double moved = 0;
        for (int k = 0; k < initial.length; k++) {
            moved = Math.max(moved, Math.abs(reference.get(STEPS)[k] - initial[k]));
        }
        assertTrue(moved > 1000 * 1e-5, name + " moved only " + moved);
        System.out.printf("%-9s largest difference from PyTorch over %d steps: %.2e (largest move %.3f)%n", name,
                STEPS, worst[0], moved);
    }

    private static Dataset data() {
        float[] x = new float[ROWS * 3];
        float[] t = new float[ROWS * 2];
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = (float) Math.sin(1 + i * 3 + j);
            }
            for (int o = 0; o < 2; o++) {
                t[i * 2 + o] = (float) (0.5 * Math.cos(2 + i * 2 + o));
            }
        }
        return Dataset.ofTargets(x, 3, t, 2);
    }

    private static Map<String, List<double[]>> reference() throws IOException {
        Map<String, List<double[]>> out = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                OptimizerReferenceTest.class.getResourceAsStream("/reference/optimizers.txt"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                double[] v = new double[f.length - 2];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Double.parseDouble(f[i + 2]);
                }
                out.computeIfAbsent(f[0], k -> new ArrayList<>()).add(v);
            }
        }
        return out;
    }
}
