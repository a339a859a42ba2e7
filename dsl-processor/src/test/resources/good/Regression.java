package shop;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Initializer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;

public class Regression {
    @Model(inputs = 8, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 64)
    @Optimizer(type = OptimizerType.NESTEROV, learningRate = 0.05, momentum = 0.8)
    public abstract static class Price {
        @Dense(units = 16, activation = Activation.TANH, initializer = Initializer.LECUN_NORMAL, bias = false)
        Layer hidden;
        @Dense(units = 1) Layer price;
    }
}
