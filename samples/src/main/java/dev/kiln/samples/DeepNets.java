package dev.kiln.samples;

import dev.kiln.annotations.Activate;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.LayerNorm;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;

/**
 * Two deep networks for the two-spiral set with the same dense layers (a stem, eight hidden layers of 32 units,
 * the output): one plain, one with a residual connection and a layer normalisation around each hidden layer.
 */
final class DeepNets {

    private DeepNets() {}

    /** Ten dense layers in a chain. */
    @Model(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 5)
    @Optimizer(type = OptimizerType.SGD, learningRate = 0.05)
    abstract static class Plain {
        @Dense(units = 32, activation = Activation.TANH) Layer stem;
        @Dense(units = 32, activation = Activation.TANH) Layer h1;
        @Dense(units = 32, activation = Activation.TANH) Layer h2;
        @Dense(units = 32, activation = Activation.TANH) Layer h3;
        @Dense(units = 32, activation = Activation.TANH) Layer h4;
        @Dense(units = 32, activation = Activation.TANH) Layer h5;
        @Dense(units = 32, activation = Activation.TANH) Layer h6;
        @Dense(units = 32, activation = Activation.TANH) Layer h7;
        @Dense(units = 32, activation = Activation.TANH) Layer h8;
        @Dense(units = 2, activation = Activation.SOFTMAX) Layer output;
    }

    /** The same dense layers, each hidden one in a block {@code x + tanh(LayerNorm(x·W + b))}. */
    @Model(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 5)
    @Optimizer(type = OptimizerType.SGD, learningRate = 0.05)
    abstract static class Residual {
        @Dense(units = 32, activation = Activation.TANH) Layer stem;
        @Dense(units = 32) Layer h1;
        @LayerNorm Layer n1;
        @Activate(Activation.TANH) Layer a1;
        @dev.kiln.annotations.Residual(from = "stem") Layer s1;
        @Dense(units = 32) Layer h2;
        @LayerNorm Layer n2;
        @Activate(Activation.TANH) Layer a2;
        @dev.kiln.annotations.Residual(from = "s1") Layer s2;
        @Dense(units = 32) Layer h3;
        @LayerNorm Layer n3;
        @Activate(Activation.TANH) Layer a3;
        @dev.kiln.annotations.Residual(from = "s2") Layer s3;
        @Dense(units = 32) Layer h4;
        @LayerNorm Layer n4;
        @Activate(Activation.TANH) Layer a4;
        @dev.kiln.annotations.Residual(from = "s3") Layer s4;
        @Dense(units = 32) Layer h5;
        @LayerNorm Layer n5;
        @Activate(Activation.TANH) Layer a5;
        @dev.kiln.annotations.Residual(from = "s4") Layer s5;
        @Dense(units = 32) Layer h6;
        @LayerNorm Layer n6;
        @Activate(Activation.TANH) Layer a6;
        @dev.kiln.annotations.Residual(from = "s5") Layer s6;
        @Dense(units = 32) Layer h7;
        @LayerNorm Layer n7;
        @Activate(Activation.TANH) Layer a7;
        @dev.kiln.annotations.Residual(from = "s6") Layer s7;
        @Dense(units = 32) Layer h8;
        @LayerNorm Layer n8;
        @Activate(Activation.TANH) Layer a8;
        @dev.kiln.annotations.Residual(from = "s7") Layer s8;
        @Dense(units = 2, activation = Activation.SOFTMAX) Layer output;
    }
}
