package dev.kiln.samples;

import dev.kiln.runtime.train.TrainableNetwork;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layer normalisation and residual connections against PyTorch 1.13 over 25 full-batch steps (reference values
 * and the script that made them: tools/reference/layer_trajectories.py), compared as {@link Trajectories} says:
 * normalisation before and after the activation, without γ and β, a skip after and before the activation, and
 * a skip around a normalised layer, with SGD and Adam.
 */
class LayerReferenceTest {

    static Stream<Arguments> networks() {
        Map<String, Supplier<TrainableNetwork>> models = new LinkedHashMap<>();
        models.put("LN_BEFORE", LayerModels_LnBeforeModel::new);
        models.put("LN_AFTER", LayerModels_LnAfterModel::new);
        models.put("LN_NO_AFFINE", LayerModels_LnNoAffineModel::new);
        models.put("RESIDUAL", LayerModels_ResidualAfterModel::new);
        models.put("RESIDUAL_PRE", LayerModels_ResidualPreModel::new);
        models.put("RESIDUAL_LN", LayerModels_ResidualNormModel::new);
        return models.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void trajectoryMatchesPyTorch(String name, Supplier<TrainableNetwork> factory) throws IOException {
        Trajectories.compare(name, factory.get(), Trajectories.read("/reference/layers.txt").get(name));
    }
}
