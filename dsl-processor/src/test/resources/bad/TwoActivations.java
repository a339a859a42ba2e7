package shop;

import dev.kiln.annotations.*;
import dev.kiln.runtime.Layer;

@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR)
@Optimizer(type = OptimizerType.SGD)
abstract class TwoActivations {
    @Dense(units = 3, activation = Activation.RELU) Layer hidden;
    @Activate(Activation.TANH) Layer act;
    @Dense(units = 1) Layer out;
}
