package dev.kiln.samples;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.annotations.Schedule;
import dev.kiln.annotations.ScheduleType;
import dev.kiln.runtime.Layer;

/** Regression of a noisy sine curve: one input, two tanh layers, one linear output. */
@Model(inputs = 1, loss = Loss.MEAN_SQUARED_ERROR, seed = 3, epochs = 200, batchSize = 32)
@Optimizer(type = OptimizerType.ADAM, learningRate = 0.01)
@Schedule(type = ScheduleType.COSINE, period = 200, minRate = 1e-4)
abstract class SineNet {
    @Dense(units = 32, activation = Activation.TANH) Layer hidden1;
    @Dense(units = 32, activation = Activation.TANH) Layer hidden2;
    @Dense(units = 1) Layer output;
}
