package shop;

import dev.kiln.annotations.*;
import dev.kiln.runtime.Layer;

@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR)
@Optimizer(type = OptimizerType.SGD)
abstract class DropoutRate {
    @Dense(units = 3) Layer hidden;
    @Dropout(rate = 1.5) Layer drop;
    @Dense(units = 1) Layer out;
}
