package shop;

import dev.kiln.annotations.*;
import dev.kiln.runtime.Layer;

@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR)
@Optimizer(type = OptimizerType.SGD)
abstract class NormLast {
    @Dense(units = 3) Layer hidden;
    @Dense(units = 1) Layer out;
    @BatchNorm Layer norm;
}
