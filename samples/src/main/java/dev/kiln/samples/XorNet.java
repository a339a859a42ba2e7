package dev.kiln.samples;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;

/**
 * The slides' XOR network: two inputs, two hidden units, one output. A single layer cannot separate XOR;
 * two hidden units can, though from some starting weights training stalls in a local minimum, which is
 * why the seed is fixed here.
 */
@Model(inputs = 2, loss = Loss.BINARY_CROSS_ENTROPY, seed = 4, epochs = 300, batchSize = 4)
@Optimizer(type = OptimizerType.ADAM, learningRate = 0.1)
abstract class XorNet {
    @Dense(units = 2, activation = Activation.TANH) Layer hidden;
    @Dense(units = 1, activation = Activation.SIGMOID) Layer output;
}
