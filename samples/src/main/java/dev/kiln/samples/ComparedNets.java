package dev.kiln.samples;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;

/**
 * The same network, 2-32-32-2 with ReLU on the two-spiral set, once per optimizer, each with its default
 * hyperparameters and the same seed (so the same initial weights), for {@link OptimizerComparison}.
 */
final class ComparedNets {

    private ComparedNets() {}

    @Model(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 5, epochs = 30, batchSize = 32)
    @Optimizer(type = OptimizerType.SGD)
    abstract static class Sgd {
        @Dense(units = 32, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 32, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 2, activation = Activation.SOFTMAX) Layer output;
    }

    @Model(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 5, epochs = 30, batchSize = 32)
    @Optimizer(type = OptimizerType.MOMENTUM)
    abstract static class Momentum {
        @Dense(units = 32, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 32, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 2, activation = Activation.SOFTMAX) Layer output;
    }

    @Model(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 5, epochs = 30, batchSize = 32)
    @Optimizer(type = OptimizerType.NESTEROV)
    abstract static class Nesterov {
        @Dense(units = 32, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 32, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 2, activation = Activation.SOFTMAX) Layer output;
    }

    @Model(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 5, epochs = 30, batchSize = 32)
    @Optimizer(type = OptimizerType.ADAGRAD)
    abstract static class Adagrad {
        @Dense(units = 32, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 32, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 2, activation = Activation.SOFTMAX) Layer output;
    }

    @Model(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 5, epochs = 30, batchSize = 32)
    @Optimizer(type = OptimizerType.RMSPROP)
    abstract static class Rmsprop {
        @Dense(units = 32, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 32, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 2, activation = Activation.SOFTMAX) Layer output;
    }

    @Model(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 5, epochs = 30, batchSize = 32)
    @Optimizer(type = OptimizerType.ADADELTA)
    abstract static class Adadelta {
        @Dense(units = 32, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 32, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 2, activation = Activation.SOFTMAX) Layer output;
    }

    @Model(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 5, epochs = 30, batchSize = 32)
    @Optimizer(type = OptimizerType.ADAM)
    abstract static class Adam {
        @Dense(units = 32, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 32, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 2, activation = Activation.SOFTMAX) Layer output;
    }
}
