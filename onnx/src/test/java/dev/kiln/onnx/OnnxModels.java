package dev.kiln.onnx;

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
import dev.kiln.runtime.Layer;

/**
 * Models that together use every activation, both BatchNorm placements, every dropout kind and each loss, layer
 * normalisation with and without γ and β on either side of the activation, and residual connections on either
 * side of the activation, from blocks that end in dropout, around and before a layer normalisation.
 *
 * <p>No GELU feeds a layer normalisation: Kiln's GELU takes erf from a polynomial good to about 1.5e-7 where
 * ONNX's {@code Erf} is exact, and a row whose GELU outputs lie close together (large negative inputs) has a
 * small σ, whose reciprocal scales that difference past the bound.
 */
final class OnnxModels {

    private OnnxModels() {}

    @Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 32)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class Activations {
        @Dense(units = 5, activation = Activation.LEAKY_RELU, alpha = 0.1) Layer leaky;
        @Dense(units = 5, activation = Activation.ELU, alpha = 0.7) Layer elu;
        @Dense(units = 5, activation = Activation.SELU) Layer selu;
        @Dense(units = 5, activation = Activation.SOFTPLUS) Layer softplus;
        @Dense(units = 5, activation = Activation.GELU) Layer gelu;
        @Dropout(rate = 0.1) Layer drop;
        @Dense(units = 4, activation = Activation.SILU) Layer silu;
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, seed = 2, maxBatchSize = 32)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class Regression {
        @Dense(units = 6, activation = Activation.TANH) Layer tanh;
        @Dense(units = 6, activation = Activation.SIGMOID) Layer sigmoid;
        @Dense(units = 6, activation = Activation.RELU) Layer relu;
        @Dense(units = 2, activation = Activation.GELU) Layer out;
    }

    @Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 3, maxBatchSize = 32)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class Parametric {
        @Dense(units = 5, activation = Activation.PRELU) Layer prelu;
        @Dropout(rate = 0.2) Layer drop;
        @Dense(units = 5) Layer linear;
        @Activate(Activation.RRELU) Layer rrelu;
        @Dense(units = 5) Layer linear2;
        @Activate(Activation.PRELU) Layer prelu2;
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
    }

    @Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 4, maxBatchSize = 32)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class NormBefore {
        @Dense(units = 6) Layer dense1;
        @BatchNorm(momentum = 0.9) Layer bn1;
        @Activate(Activation.RELU) Layer act1;
        @Dropout(rate = 0.3) Layer drop1;
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, seed = 5, maxBatchSize = 32)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class NormAfter {
        @Dense(units = 4, activation = Activation.TANH, bias = false) Layer dense1;
        @BatchNorm(center = false, epsilon = 0.01) Layer bn1;
        @Dropout(rate = 0.2) Layer drop1;
        @Dense(units = 4) Layer dense2;
        @BatchNorm(scale = false) Layer bn2;
        @Activate(Activation.GELU) Layer act2;
        @Dense(units = 1) Layer out;
    }

    @Model(inputs = 4, loss = Loss.BINARY_CROSS_ENTROPY, seed = 6, maxBatchSize = 32, multiLabel = true)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class Binary {
        @Dense(units = 3, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2, activation = Activation.SIGMOID) Layer out;
    }

    @Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 7, maxBatchSize = 32)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class DropoutVariants {
        @Dense(units = 8, activation = Activation.SELU) Layer selu;
        @Dropout(rate = 0.1, type = DropoutType.ALPHA) Layer alpha;
        @Dense(units = 8, activation = Activation.TANH, dropConnect = 0.3) Layer connected;
        @Dropout(rate = 0.2, type = DropoutType.GAUSSIAN) Layer gaussian;
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
    }

    @Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 8, maxBatchSize = 32)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class LayerNorms {
        @Dense(units = 6) Layer dense1;
        @LayerNorm Layer norm1;
        @Activate(Activation.RELU) Layer act1;
        @Dropout(rate = 0.2) Layer drop1;
        @Dense(units = 6, activation = Activation.TANH) Layer dense2;
        @LayerNorm(scale = false, center = false, epsilon = 1e-3) Layer norm2;
        @Dense(units = 5, activation = Activation.SOFTPLUS) Layer dense3;
        @LayerNorm(center = false) Layer norm3;
        @Dense(units = 5) Layer dense4;
        @LayerNorm(scale = false) Layer norm4;
        @Activate(Activation.SILU) Layer act4;
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
    }

    @Model(inputs = 4, loss = Loss.BINARY_CROSS_ENTROPY, seed = 9, maxBatchSize = 32, multiLabel = true)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class Residuals {
        @Dense(units = 6, activation = Activation.RELU) Layer stem;
        @Dropout(rate = 0.2) Layer drop0;
        @Dense(units = 6, activation = Activation.TANH) Layer block1;
        @Residual(from = "drop0") Layer skip1;
        @Dense(units = 6) Layer block2;
        @Residual(from = "skip1") Layer skip2;
        @Activate(Activation.ELU) Layer act2;
        @Dense(units = 2, activation = Activation.SIGMOID) Layer out;
    }

    @Model(inputs = 3, loss = Loss.MEAN_SQUARED_ERROR, seed = 10, maxBatchSize = 32)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
    abstract static class ResidualNorms {
        @Dense(units = 5, activation = Activation.ELU) Layer stem;
        @LayerNorm Layer norm0;
        @Dropout(rate = 0.1, type = DropoutType.GAUSSIAN) Layer drop0;
        @Dense(units = 5) Layer block1;
        @LayerNorm Layer norm1;
        @Residual(from = "drop0") Layer skip1;
        @Activate(Activation.RELU) Layer act1;
        @Dense(units = 5) Layer block2;
        @Residual(from = "act1") Layer skip2;
        @LayerNorm(scale = false, center = false) Layer norm2;
        @Activate(Activation.TANH) Layer act2;
        @Dropout(rate = 0.2) Layer drop2;
        @Dense(units = 5, activation = Activation.SILU) Layer block3;
        @Residual(from = "drop2") Layer skip3;
        @Dense(units = 2) Layer out;
    }
}
