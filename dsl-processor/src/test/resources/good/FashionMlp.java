package shop;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Dropout;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;

@Model(inputs = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 42)
@Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
abstract class FashionMlp {
    @Dense(units = 256, activation = Activation.RELU) Layer hidden1;
    @Dropout(rate = 0.2) Layer drop1;
    @Dense(units = 128, activation = Activation.RELU) Layer hidden2;
    @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
}
