package shop;

import dev.kiln.annotations.*;
import dev.kiln.runtime.Layer;

@Model(inputs = 4, loss = Loss.BINARY_CROSS_ENTROPY)
@Optimizer(type = OptimizerType.ADAM)
abstract class MultiLabel {
    @Dense(units = 3, activation = Activation.SIGMOID) Layer out;
}
