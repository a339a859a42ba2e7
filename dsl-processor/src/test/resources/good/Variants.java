package shop;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Dropout;
import dev.kiln.annotations.DropoutType;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;

@Model(inputs = 32, loss = Loss.BINARY_CROSS_ENTROPY)
@Optimizer(type = OptimizerType.NADAM, clipNorm = 1.0)
abstract class Variants {
    @Dense(units = 16, activation = Activation.SELU) Layer selu;
    @Dropout(rate = 0.1, type = DropoutType.ALPHA) Layer alphaDrop;
    @Dense(units = 16, activation = Activation.PRELU, dropConnect = 0.3) Layer connected;
    @Dropout(rate = 0.2, type = DropoutType.GAUSSIAN) Layer noise;
    @Dense(units = 1, activation = Activation.SIGMOID) Layer out;
}
