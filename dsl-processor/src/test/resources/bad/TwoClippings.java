package shop;

import dev.kiln.annotations.*;
import dev.kiln.runtime.Layer;

@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR)
@Optimizer(type = OptimizerType.SGD, clipValue = 1.0, globalClipNorm = 5.0)
abstract class TwoClippings {
    @Dense(units = 1) Layer out;
}
