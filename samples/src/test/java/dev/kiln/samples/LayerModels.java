package dev.kiln.samples;

import dev.kiln.annotations.Activate;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.LayerNorm;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.annotations.Residual;
import dev.kiln.runtime.Layer;

/** The networks of tools/reference/layer_trajectories.py: layer normalisation and residual connections. */
final class LayerModels {

    private LayerModels() {}

    /** Linear(3→4) → LayerNorm → tanh → Linear(4→2). */
    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.SGD, learningRate = 0.1)
    abstract static class LnBefore {
        @Dense(units = 4) Layer l1;
        @LayerNorm Layer ln;
        @Activate(Activation.TANH) Layer act;
        @Dense(units = 2) Layer out;
    }

    /** Linear(3→4) → tanh → LayerNorm → Linear(4→2), with Adam. */
    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class LnAfter {
        @Dense(units = 4, activation = Activation.TANH) Layer l1;
        @LayerNorm Layer ln;
        @Dense(units = 2) Layer out;
    }

    /** As LnAfter without γ and β, with SGD. */
    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.SGD, learningRate = 0.1)
    abstract static class LnNoAffine {
        @Dense(units = 4, activation = Activation.TANH) Layer l1;
        @LayerNorm(scale = false, center = false) Layer ln;
        @Dense(units = 2) Layer out;
    }

    /** h1 = tanh(x·W1), h2 = tanh(h1·W2); the output layer reads h2 + h1. */
    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.SGD, learningRate = 0.1)
    abstract static class ResidualAfter {
        @Dense(units = 4, activation = Activation.TANH) Layer h1;
        @Dense(units = 4, activation = Activation.TANH) Layer h2;
        @Residual(from = "h1") Layer skip;
        @Dense(units = 2) Layer out;
    }

    /** The skip added before the activation: tanh(h1·W2 + b2 + h1), with Adam. */
    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class ResidualPre {
        @Dense(units = 4, activation = Activation.TANH) Layer h1;
        @Dense(units = 4) Layer h2;
        @Residual(from = "h1") Layer skip;
        @Activate(Activation.TANH) Layer act;
        @Dense(units = 2) Layer out;
    }

    /** tanh(LayerNorm(h1·W2 + b2) + h1). */
    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 6)
    @Optimizer(type = OptimizerType.SGD, learningRate = 0.1)
    abstract static class ResidualNorm {
        @Dense(units = 4, activation = Activation.TANH) Layer h1;
        @Dense(units = 4) Layer h2;
        @LayerNorm Layer ln;
        @Residual(from = "h1") Layer skip;
        @Activate(Activation.TANH) Layer act;
        @Dense(units = 2) Layer out;
    }
}
