package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.runtime.train.LearningRateSchedule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kiln's schedules against PyTorch 1.13's schedulers over 30 epochs (reference values and the script that
 * made them: tools/reference/schedule_rates.py, which states the mapping). PyTorch's exponential and cosine
 * schedulers update the rate recursively, so their values drift from the closed form by float rounding;
 * the bound is 1e-9 relative.
 */
class ScheduleReferenceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {"exponential k=0.2", "step factor=0.5 every=7", "cosine period=30 min=0.001",
        "inverse k=0.3"})
    void ratesMatchPyTorch(String name) throws IOException {
        LearningRateSchedule schedule = switch (name) {
            case "exponential k=0.2" -> LearningRateSchedule.exponential(0.2, false);
            case "step factor=0.5 every=7" -> LearningRateSchedule.step(0.5, 7);
            case "cosine period=30 min=0.001" -> LearningRateSchedule.cosine(30, 0.001, false);
            default -> LearningRateSchedule.inverse(0.3, false);
        };
        double[] expected = reference().get(name);
        assertEquals(30, expected.length);
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], schedule.rate(0.1, t), 1e-9 * expected[t], name + " epoch " + t);
        }
    }

    private static Map<String, double[]> reference() throws IOException {
        Map<String, double[]> out = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                ScheduleReferenceTest.class.getResourceAsStream("/reference/schedules.txt"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String[] f = line.substring(colon + 1).trim().split(" ");
                double[] v = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    v[i] = Double.parseDouble(f[i]);
                }
                out.put(line.substring(0, colon), v);
            }
        }
        return out;
    }
}
