package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.TrainableNetwork;
import dev.kiln.runtime.train.Trainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated backward pass of whole networks against central finite differences of the generated forward
 * pass itself: for every parameter, {@code (L(θ + h) − L(θ − h)) / 2h} with the loss that
 * {@code computeGradients} returns. It needs no reference model, so it checks any layer kind the processor
 * generates, including how kinds combine (a skip's gradient joining its source's, a normalisation inside a
 * residual block). The loss is computed in float, so h is 3e-3 and the bound 5e-4 absolute plus 1e-2
 * relative. Measured on the correct passes: at most 7.2e-4, at a gradient of 0.8 whose bound is 8.8e-3.
 * Leaving out the skip's gradient fails all three residual networks. The losses are checked the same way.
 */
class FiniteDifferenceTest {

    private static final double H = 3e-3;

    static Stream<Arguments> networks() {
        Map<String, Supplier<TrainableNetwork>> models = new LinkedHashMap<>();
        models.put("layer norm before the activation", LayerModels_LnBeforeModel::new);
        models.put("layer norm after the activation", LayerModels_LnAfterModel::new);
        models.put("layer norm without γ and β", LayerModels_LnNoAffineModel::new);
        models.put("residual after the activation", LayerModels_ResidualAfterModel::new);
        models.put("residual before the activation", LayerModels_ResidualPreModel::new);
        models.put("residual around a layer norm", LayerModels_ResidualNormModel::new);
        models.put("mean absolute error", LossModels_MaeModel::new);
        models.put("Huber loss", LossModels_HuberModel::new);
        models.put("label-smoothed cross-entropy", LossModels_SmoothedModel::new);
        return models.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void backwardMatchesFiniteDifferences(String name, Supplier<TrainableNetwork> factory) {
        TrainableNetwork model = factory.get();
        Dataset data = model.task() == dev.kiln.runtime.train.Task.CLASSIFICATION
                ? Trajectories.labelled(model.outputWidth()) : Trajectories.data();
        Trainer.computeGradients(model, data);
        List<Parameter> params = model.parameters();
        double worst = 0;
        double largest = 0;
        int checked = 0;
        for (Parameter p : params) {
            float[] analytic = new float[p.size()];
            for (int i = 0; i < p.size(); i++) {
                analytic[i] = p.gradients()[p.offset() + i];
            }
            for (int i = 0; i < p.size(); i++) {
                int at = p.offset() + i;
                float saved = p.values()[at];
                p.values()[at] = (float) (saved + H);
                double plus = Trainer.computeGradients(model, data);
                p.values()[at] = (float) (saved - H);
                double minus = Trainer.computeGradients(model, data);
                p.values()[at] = saved;
                double numeric = (plus - minus) / (2 * H);
                double error = Math.abs(numeric - analytic[i]);
                worst = Math.max(worst, error);
                largest = Math.max(largest, Math.abs(numeric));
                assertEquals(numeric, analytic[i], 5e-4 + 1e-2 * Math.abs(numeric),
                        name + ": " + p.name() + "[" + i + "]");
                checked++;
            }
        }
        // at least 40 times the absolute bound, so that a wrong gradient cannot hide under it
        assertTrue(largest > 0.02, name + ": gradients too small to tell anything: " + largest);
        System.out.printf("%-32s %d parameters, largest gradient %.3f, largest difference %.1e%n", name, checked,
                largest, worst);
    }
}
