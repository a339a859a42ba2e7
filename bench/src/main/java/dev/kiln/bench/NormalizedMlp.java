package dev.kiln.bench;

import dev.kiln.annotations.Activate;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.BatchNorm;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Dropout;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;

/** The benchmark's second network: 784-256[BatchNorm, ReLU, dropout 0.2]-128-10, Adam 1e-3. */
@Model(inputs = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
@Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
abstract class NormalizedMlp {
    @Dense(units = 256) Layer hidden1;
    @BatchNorm Layer norm1;
    @Activate(Activation.RELU) Layer relu1;
    @Dropout(rate = 0.2) Layer drop1;
    @Dense(units = 128, activation = Activation.RELU) Layer hidden2;
    @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
}
