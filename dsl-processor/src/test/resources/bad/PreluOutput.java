package shop;

import dev.kiln.annotations.*;
import dev.kiln.runtime.Layer;

@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR)
@Optimizer(type = OptimizerType.SGD)
abstract class PreluOutput {
    @Dense(units = 1, activation = Activation.PRELU) Layer out;
}
