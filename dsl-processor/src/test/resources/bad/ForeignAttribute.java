package shop;

import dev.kiln.annotations.*;
import dev.kiln.runtime.Layer;

@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR)
@Optimizer(type = OptimizerType.SGD, beta2 = 0.99)
abstract class ForeignAttribute {
    @Dense(units = 1) Layer out;
}
