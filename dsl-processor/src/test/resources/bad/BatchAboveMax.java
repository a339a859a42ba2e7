package shop;

import dev.kiln.annotations.*;
import dev.kiln.runtime.Layer;

@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 64, batchSize = 128)
@Optimizer(type = OptimizerType.SGD)
abstract class BatchAboveMax {
    @Dense(units = 1) Layer out;
}
