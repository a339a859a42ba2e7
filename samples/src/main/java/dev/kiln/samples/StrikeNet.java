package dev.kiln.samples;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Dropout;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;

/**
 * The damage of a bird strike, from the FAA reports of vega-datasets' birdstrikes.csv: the encoded columns in
 * (BirdStrikes prints which columns make how many), one of the table's damage classes out.
 */
@Model(inputs = 221, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 11, batchSize = 64)
@Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
abstract class StrikeNet {
    @Dense(units = 64, activation = Activation.RELU) Layer hidden1;
    @Dropout(rate = 0.2) Layer drop1;
    @Dense(units = 32, activation = Activation.RELU) Layer hidden2;
    @Dense(units = 6, activation = Activation.SOFTMAX) Layer output;
}
