package dev.kiln.samples;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;

/**
 * A flight's standardised arrival delay from when and where it flies: hour, weekday and month, distance, and the
 * busiest origins and destinations (FlightDelays builds the 34 features with Spark SQL).
 */
@Model(inputs = 34, loss = Loss.MEAN_SQUARED_ERROR, seed = 13, batchSize = 256, maxBatchSize = 256)
@Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
abstract class FlightDelayNet {
    @Dense(units = 64, activation = Activation.RELU) Layer hidden1;
    @Dense(units = 32, activation = Activation.RELU) Layer hidden2;
    @Dense(units = 1, activation = Activation.LINEAR) Layer output;
}
