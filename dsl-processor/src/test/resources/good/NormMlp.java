package shop;

import dev.kiln.annotations.Activate;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.BatchNorm;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Dropout;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;

@Model(inputs = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 7)
@Optimizer(type = OptimizerType.ADAMW, globalClipNorm = 5.0)
abstract class NormMlp {
    @Dense(units = 256, bias = false) Layer hidden1;
    @BatchNorm Layer norm1;
    @Activate(Activation.RELU) Layer relu1;
    @Dropout(rate = 0.2) Layer drop1;
    @Dense(units = 128, activation = Activation.GELU, l2 = 1e-4) Layer hidden2;
    @BatchNorm(scale = false) Layer norm2;
    @Dropout(rate = 0.1) Layer drop2;
    @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
}
