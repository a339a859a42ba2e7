package shop;

import dev.kiln.annotations.*;
import dev.kiln.runtime.Layer;

@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR)
@Optimizer(type = OptimizerType.SGD)
abstract class AlphaOnRelu {
    @Dense(units = 3, activation = Activation.RELU, alpha = 0.2) Layer hidden;
    @Dense(units = 1) Layer out;
}
