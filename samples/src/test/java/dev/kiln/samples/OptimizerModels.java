package dev.kiln.samples;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;

/**
 * One network, 3 -> 4 (tanh) -> 2 (linear) with mean squared error, per optimizer, with the
 * hyperparameters of tools/reference/optimizer_trajectories.py.
 */
final class OptimizerModels {

    private OptimizerModels() {}

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.SGD, learningRate = 0.1)
    abstract static class Sgd {
        @Dense(units = 4, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.MOMENTUM, learningRate = 0.05, momentum = 0.9)
    abstract static class Momentum {
        @Dense(units = 4, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.NESTEROV, learningRate = 0.05, momentum = 0.9)
    abstract static class Nesterov {
        @Dense(units = 4, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.ADAGRAD, learningRate = 0.1, epsilon = 1e-10)
    abstract static class Adagrad {
        @Dense(units = 4, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.RMSPROP, learningRate = 0.01, rho = 0.99, epsilon = 1e-8)
    abstract static class Rmsprop {
        @Dense(units = 4, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.ADADELTA, learningRate = 1.0, rho = 0.9, epsilon = 1e-6)
    abstract static class Adadelta {
        @Dense(units = 4, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class Adam {
        @Dense(units = 4, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.AMSGRAD, learningRate = 0.01)
    abstract static class Amsgrad {
        @Dense(units = 4, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.ADAMAX, learningRate = 0.02)
    abstract static class Adamax {
        @Dense(units = 4, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.NADAM, learningRate = 0.02)
    abstract static class Nadam {
        @Dense(units = 4, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.ADAMW, learningRate = 0.01, weightDecay = 0.1)
    abstract static class Adamw {
        @Dense(units = 4, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2) Layer out;
    }
}
