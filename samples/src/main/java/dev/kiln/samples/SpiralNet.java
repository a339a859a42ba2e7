package dev.kiln.samples;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;

/** The TensorFlow Playground's two-spiral problem: 2 coordinates in, 2 classes out. */
@Model(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 7)
@Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
abstract class SpiralNet {
    @Dense(units = 32, activation = Activation.RELU) Layer hidden1;
    @Dense(units = 32, activation = Activation.RELU) Layer hidden2;
    @Dense(units = 2, activation = Activation.SOFTMAX) Layer output;
}
