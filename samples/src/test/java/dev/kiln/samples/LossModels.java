package dev.kiln.samples;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;

/** The networks of tools/reference/loss_trajectories.py: 3 -> 4 (tanh) -> 2 or 3, one per loss. */
final class LossModels {

    private LossModels() {}

    /** Mean absolute error, SGD. */
    @Model(inputs = 3, loss = Loss.MEAN_ABSOLUTE_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.SGD, learningRate = 0.1)
    abstract static class Mae {
        @Dense(units = 4, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2) Layer out;
    }

    /** Huber loss with δ = 0.5, Adam. */
    @Model(inputs = 3, loss = Loss.HUBER, huberDelta = 0.5, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class Huber {
        @Dense(units = 4, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2) Layer out;
    }

    /** Softmax cross-entropy with label smoothing 0.1, SGD. */
    @Model(inputs = 3, loss = Loss.SOFTMAX_CROSS_ENTROPY, labelSmoothing = 0.1, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.SGD, learningRate = 0.5)
    abstract static class Smoothed {
        @Dense(units = 4, activation = Activation.TANH) Layer hidden;
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
    }
}
