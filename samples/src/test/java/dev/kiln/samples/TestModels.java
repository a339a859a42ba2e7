package dev.kiln.samples;

import dev.kiln.annotations.Activate;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.BatchNorm;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Dropout;
import dev.kiln.annotations.DropoutType;
import dev.kiln.annotations.LayerNorm;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.annotations.Residual;
import dev.kiln.annotations.Schedule;
import dev.kiln.annotations.ScheduleType;
import dev.kiln.runtime.Layer;

/** Small models covering each activation, loss, dropout and a bias-free layer, for the generated-code tests. */
final class TestModels {

    private TestModels() {}

    @Model(inputs = 5, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 3, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.SGD, learningRate = 0.1)
    abstract static class Classifier {
        @Dense(units = 6, activation = Activation.TANH) Layer first;
        @Dense(units = 4, activation = Activation.SIGMOID) Layer second;
        @Dropout(rate = 0.25) Layer drop;
        @Dense(units = 7, activation = Activation.RELU) Layer third;
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, seed = 4, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.MOMENTUM)
    abstract static class Regressor {
        @Dense(units = 5, activation = Activation.RELU, bias = false) Layer hidden;
        @Dense(units = 2, activation = Activation.SIGMOID) Layer out;
    }

    @Model(inputs = 4, loss = Loss.BINARY_CROSS_ENTROPY, seed = 5, maxBatchSize = 16, multiLabel = true)
    @Optimizer(type = OptimizerType.NESTEROV, momentum = 0.5)
    abstract static class Binary {
        @Dense(units = 3, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2, activation = Activation.SIGMOID) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, seed = 6, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.05)
    abstract static class LinearRegressor {
        @Dense(units = 1) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, seed = 7, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.SGD, learningRate = 0.5, clipValue = 0.01)
    abstract static class ClipValue {
        @Dense(units = 5, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, seed = 7, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.SGD, learningRate = 0.5, clipNorm = 0.05)
    abstract static class ClipNorm {
        @Dense(units = 5, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, seed = 7, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.SGD, learningRate = 0.5, globalClipNorm = 0.05)
    abstract static class ClipGlobalNorm {
        @Dense(units = 5, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, seed = 7, maxBatchSize = 16, epochs = 3, batchSize = 4)
    @Optimizer(type = OptimizerType.SGD, learningRate = 0.2)
    @Schedule(type = ScheduleType.STEP, factor = 0.5, every = 2)
    abstract static class Scheduled {
        @Dense(units = 5, activation = Activation.TANH) Layer hidden;
        @Dropout(rate = 0.5) Layer drop;
        @Dense(units = 2) Layer out;
    }

    /** Every parameterised and smooth activation in one deep model. */
    @Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 9, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.ADAM)
    abstract static class DeepMix {
        @Dense(units = 5, activation = Activation.LEAKY_RELU, alpha = 0.1) Layer leaky;
        @Dense(units = 5, activation = Activation.ELU, alpha = 0.7) Layer elu;
        @Dense(units = 5, activation = Activation.SELU) Layer selu;
        @Dense(units = 5, activation = Activation.SOFTPLUS) Layer softplus;
        @Dense(units = 5, activation = Activation.GELU) Layer gelu;
        @Dropout(rate = 0.1) Layer drop;
        @Dense(units = 4, activation = Activation.SILU) Layer silu;
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
    }

    /** A regression output whose activation's derivative needs its input. */
    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, seed = 10, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.SGD)
    abstract static class GeluOutput {
        @Dense(units = 4, activation = Activation.ELU) Layer hidden;
        @Dense(units = 2, activation = Activation.GELU) Layer out;
    }

    /** L1 and L2 penalties (one layer also on its bias) and a max-norm constraint. */
    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, seed = 11, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.SGD, learningRate = 0.5)
    abstract static class Penalized {
        @Dense(units = 4, activation = Activation.TANH, l1 = 0.001, l2 = 0.01, penalizeBias = true, maxNorm = 0.8)
        Layer hidden;
        @Dense(units = 2, l1 = 0.02) Layer out;
    }

    /** A max-norm constraint that the targets (far from the start) make active. */
    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, seed = 12, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.SGD, learningRate = 0.05)
    abstract static class MaxNormed {
        @Dense(units = 4, maxNorm = 0.3) Layer hidden;
        @Dense(units = 2) Layer out;
    }

    /** Batch normalisation before the activation (the slides' placement), as its own layers. */
    @Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 13, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.SGD, learningRate = 0.1)
    abstract static class NormBefore {
        @Dense(units = 5) Layer dense1;
        @BatchNorm(momentum = 0.9) Layer bn1;
        @Activate(Activation.RELU) Layer act1;
        @Dropout(rate = 0.3) Layer drop1;
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
    }

    /** Batch normalisation after the activation, without β, dropout in a pass of its own. */
    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, seed = 14, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class NormAfter {
        @Dense(units = 4, activation = Activation.TANH, bias = false) Layer dense1;
        @BatchNorm(center = false, epsilon = 0.01) Layer bn1;
        @Dropout(rate = 0.2) Layer drop1;
        @Dense(units = 3) Layer dense2;
        @BatchNorm(scale = false) Layer bn2;
        @Activate(Activation.GELU) Layer act2;
        @Dense(units = 2) Layer out;
    }

    /** PReLU on a dense layer and as its own layer, RReLU as its own layer. */
    @Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 15, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class Parametric {
        @Dense(units = 5, activation = Activation.PRELU) Layer prelu;
        @Dropout(rate = 0.2) Layer drop;
        @Dense(units = 4) Layer dense2;
        @Activate(Activation.RRELU) Layer rrelu;
        @Dense(units = 4) Layer dense3;
        @Activate(Activation.PRELU) Layer prelu2;
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
    }

    /** Alpha dropout in a SELU network, Gaussian dropout and DropConnect. */
    @Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 16, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class DropoutVariants {
        @Dense(units = 8, activation = Activation.SELU) Layer selu;
        @Dropout(rate = 0.1, type = DropoutType.ALPHA) Layer alpha;
        @Dense(units = 8, activation = Activation.TANH, dropConnect = 0.3) Layer connected;
        @Dropout(rate = 0.2, type = DropoutType.GAUSSIAN) Layer gaussian;
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
    }

    /** A linear model with plain SGD, which a too-large learning rate makes diverge. */
    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, seed = 17, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.SGD)
    abstract static class Unstable {
        @Dense(units = 1) Layer out;
    }

    /** As {@link Unstable}, with BatchNorm, whose running statistics a diverging step must not keep. */
    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, seed = 17, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.MOMENTUM)
    abstract static class UnstableNorm {
        @Dense(units = 4) Layer hidden;
        @BatchNorm Layer norm;
        @Dense(units = 1) Layer out;
    }

    @Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 11, maxBatchSize = 16, epochs = 4, batchSize = 8)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class Checkpointed {
        @Dense(units = 8) Layer hidden;
        @BatchNorm Layer norm;
        @Activate(Activation.RELU) Layer relu;
        @Dropout(rate = 0.2) Layer drop;
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
    }

    @Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 11, maxBatchSize = 16, epochs = 4, batchSize = 8)
    @Optimizer(type = OptimizerType.NADAM, learningRate = 0.01)
    abstract static class CheckpointedNadam {
        @Dense(units = 8, activation = Activation.TANH) Layer hidden;
        @Dropout(rate = 0.1, type = DropoutType.GAUSSIAN) Layer drop;
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
    }

    /** The PyTorch network of tools/reference/torch_weights.py, layer for layer. */
    @Model(inputs = 6, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 21, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.ADAM)
    abstract static class TorchMirror {
        @Dense(units = 8) Layer fc1;
        @BatchNorm(epsilon = 1e-5) Layer bn1;
        @Activate(Activation.RELU) Layer relu1;
        @Dropout(rate = 0.2) Layer drop1;
        @Dense(units = 5, activation = Activation.PRELU) Layer fc2;
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
    }

    /** The PyTorch network ResidualNet of tools/reference/torch_weights.py, layer for layer. */
    @Model(inputs = 6, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 22, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.ADAM)
    abstract static class TorchResidual {
        @Dense(units = 8, activation = Activation.RELU) Layer stem;
        @Dropout(rate = 0.1) Layer drop0;
        @Dense(units = 8) Layer block1;
        @LayerNorm Layer norm1;
        @Residual(from = "drop0") Layer skip1;
        @Activate(Activation.RELU) Layer act1;
        @Dense(units = 8, activation = Activation.TANH) Layer block2;
        @LayerNorm(scale = false, center = false) Layer norm2;
        @Residual(from = "act1") Layer skip2;
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
    }

    /** TorchResidual with its first LayerNorm's β left out, as torch_residual_nobias.safetensors is. */
    @Model(inputs = 6, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 23, maxBatchSize = 16)
    @Optimizer(type = OptimizerType.ADAM)
    abstract static class TorchResidualNoBias {
        @Dense(units = 8, activation = Activation.RELU) Layer stem;
        @Dropout(rate = 0.1) Layer drop0;
        @Dense(units = 8) Layer block1;
        @LayerNorm(center = false) Layer norm1;
        @Residual(from = "drop0") Layer skip1;
        @Activate(Activation.RELU) Layer act1;
        @Dense(units = 8, activation = Activation.TANH) Layer block2;
        @LayerNorm(scale = false, center = false) Layer norm2;
        @Residual(from = "act1") Layer skip2;
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
    }
}
