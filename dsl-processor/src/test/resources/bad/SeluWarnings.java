package shop;

import dev.kiln.annotations.*;
import dev.kiln.runtime.Layer;

@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR)
@Optimizer(type = OptimizerType.ADAM)
abstract class SeluWarnings {
    @Dense(units = 8, activation = Activation.SELU, initializer = Initializer.HE_NORMAL) Layer hidden;
    @Dropout(rate = 0.1) Layer drop;
    @Dense(units = 1) Layer out;
}
