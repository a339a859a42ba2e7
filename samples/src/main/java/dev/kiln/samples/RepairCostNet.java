package dev.kiln.samples;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;

/**
 * The repair cost of a bird strike, from the FAA reports of vega-datasets' birdstrikes.csv: the encoded columns
 * in (RepairCost prints which columns make how many), the standardised log1p of the cost out.
 */
@Model(inputs = 229, loss = Loss.MEAN_SQUARED_ERROR, seed = 12, batchSize = 64)
@Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
abstract class RepairCostNet {
    @Dense(units = 64, activation = Activation.RELU) Layer hidden1;
    @Dense(units = 32, activation = Activation.RELU) Layer hidden2;
    @Dense(units = 1, activation = Activation.LINEAR) Layer output;
}
