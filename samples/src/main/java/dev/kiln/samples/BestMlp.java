package dev.kiln.samples;

import dev.kiln.annotations.Activate;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.BatchNorm;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Dropout;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.annotations.Schedule;
import dev.kiln.annotations.ScheduleType;
import dev.kiln.runtime.Layer;

/**
 * The recipe that reaches 0.90 test accuracy on Fashion-MNIST: 784-512-256-10, each hidden layer normalised before
 * its ReLU and followed by dropout 0.3; Adam at 2e-3 down a cosine to 0 over 20 epochs of batch 128.
 * {@code bench/pytorch_best.py} is the same recipe in PyTorch.
 */
@Model(inputs = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, epochs = 20, batchSize = 128, maxBatchSize = 512)
@Optimizer(type = OptimizerType.ADAM, learningRate = 2e-3)
@Schedule(type = ScheduleType.COSINE, period = 20)
abstract class BestMlp {
    @Dense(units = 512) Layer hidden1;
    @BatchNorm Layer norm1;
    @Activate(Activation.RELU) Layer relu1;
    @Dropout(rate = 0.3) Layer drop1;
    @Dense(units = 256) Layer hidden2;
    @BatchNorm Layer norm2;
    @Activate(Activation.RELU) Layer relu2;
    @Dropout(rate = 0.3) Layer drop2;
    @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
}
