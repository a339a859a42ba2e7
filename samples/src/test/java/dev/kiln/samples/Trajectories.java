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

/**
 * Training trajectories against PyTorch's, for the reference tests: the 6 rows of tools/reference's scripts
 * (3 inputs, 2 targets), full batch, parameters compared after every step. Kiln computes in float like
 * PyTorch but sums in a different order, so values agree to float rounding amplified by the steps; the bound
 * is 1e-5 absolute plus 1e-4 relative.
 */
final class Trajectories {

    static final int ROWS = 6;
    static final int STEPS = 25;

    private Trajectories() {}

    /**
     * Sets the model's parameters to the reference's step 0, trains {@link #STEPS} full-batch steps, and
     * compares every parameter after every step.
     *
     * @return the largest difference from the reference
     */
    static double compare(String name, TrainableNetwork model, List<double[]> reference) {
        return compare(name, model, reference, data());
    }

    /** As above, on {@code data} (six rows). */
    static double compare(String name, TrainableNetwork model, List<double[]> reference, Dataset data) {
        assertEquals(STEPS + 1, reference.size(), "reference steps for " + name);
        List<Parameter> params = model.parameters();
        double[] initial = reference.get(0);
        int at = 0;
        for (Parameter p : params) {
            for (int i = 0; i < p.size(); i++) {
                p.values()[p.offset() + i] = (float) initial[at++];
            }
        }
        assertEquals(initial.length, at, "parameter count of " + name);
        double[] worst = new double[1];
        int[] step = new int[1];
        Trainer.fit(model, data, FitOptions.defaults().withEpochs(STEPS).withBatchSize(ROWS).withShuffle(false)
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
        System.out.printf("%-12s largest difference from PyTorch over %d steps: %.2e (largest move %.3f)%n", name,
                STEPS, worst[0], moved);
        return worst[0];
    }

    /** The rows: x[i][j] = sin(1 + 3i + j), t[i][o] = 0.5·cos(2 + 2i + o). */
    static Dataset data() {
        float[] t = new float[ROWS * 2];
        for (int i = 0; i < ROWS; i++) {
            for (int o = 0; o < 2; o++) {
                t[i * 2 + o] = (float) (0.5 * Math.cos(2 + i * 2 + o));
            }
        }
        return Dataset.ofTargets(inputs(), 3, t, 2);
    }

    /** The rows' 3 inputs: x[i][j] = sin(1 + 3i + j). */
    private static float[] inputs() {
        float[] x = new float[ROWS * 3];
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = (float) Math.sin(1 + i * 3 + j);
            }
        }
        return x;
    }

    /** The same rows with class labels {@code i % classes}, for a classifier. */
    static Dataset labelled(int classes) {
        int[] y = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            y[i] = i % classes;
        }
        return Dataset.ofClasses(inputs(), 3, y);
    }

    /** A reference file's trajectories by name: lines {@code NAME step v1 v2 ...}. */
    static Map<String, List<double[]>> read(String resource) throws IOException {
        Map<String, List<double[]>> out = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Trajectories.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
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
