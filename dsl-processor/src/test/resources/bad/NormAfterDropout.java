package shop;

import dev.kiln.annotations.*;
import dev.kiln.runtime.Layer;

@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR)
@Optimizer(type = OptimizerType.SGD)
abstract class NormAfterDropout {
    @Dense(units = 3, activation = Activation.RELU) Layer hidden;
    @Dropout(rate = 0.5) Layer drop;
    @BatchNorm Layer norm;
    @Dense(units = 1) Layer out;
}
