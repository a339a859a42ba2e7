package dev.kiln.bench;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;

/** The benchmark's reference network: 784-256-128-10, ReLU, softmax cross-entropy, Adam 1e-3. */
@Model(inputs = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
@Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
abstract class ReferenceMlp {
    @Dense(units = 256, activation = Activation.RELU) Layer hidden1;
    @Dense(units = 128, activation = Activation.RELU) Layer hidden2;
    @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
}
