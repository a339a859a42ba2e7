package shop;

import dev.kiln.annotations.*;
import dev.kiln.runtime.Layer;

@Model(inputs = 0, loss = Loss.SOFTMAX_CROSS_ENTROPY)
@Optimizer(type = OptimizerType.ADAM, learningRate = -0.1, beta1 = 1.0)
abstract class ManyMistakes {
    @Dense(units = 8, activation = Activation.SOFTMAX) Layer hidden;
    @Dense(units = 1, activation = Activation.SOFTMAX) Layer out;
}
