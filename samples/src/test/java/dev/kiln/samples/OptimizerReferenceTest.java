package dev.kiln.samples;

import dev.kiln.runtime.train.TrainableNetwork;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each optimizer's trajectory over 25 full-batch steps against PyTorch 1.13 (reference values and the script
 * that made them: tools/reference/optimizer_trajectories.py), compared as {@link Trajectories} says. Measured
 * largest differences were 3e-8 (momentum) to 2.2e-6 (Nadam).
 */
class OptimizerReferenceTest {

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
        Trajectories.compare(name, factory.get(), Trajectories.read("/reference/optimizers.txt").get(name));
    }
}
