package shop;

import dev.kiln.annotations.*;
import dev.kiln.runtime.Layer;

@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR)
@Optimizer(type = OptimizerType.SGD)
@Schedule(type = ScheduleType.EXPONENTIAL, k = 0.1, every = 3)
abstract class ScheduleAttribute {
    @Dense(units = 1) Layer out;
}
