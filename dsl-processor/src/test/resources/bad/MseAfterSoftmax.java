package shop;

import dev.kiln.annotations.*;
import dev.kiln.runtime.Layer;

@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR)
@Optimizer(type = OptimizerType.ADAM)
abstract class MseAfterSoftmax {
    @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
}
