package shop;

import dev.kiln.annotations.*;

@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR)
@Optimizer(type = OptimizerType.SGD)
abstract class WrongFieldType {
    @Dense(units = 1) private Object out;
}
