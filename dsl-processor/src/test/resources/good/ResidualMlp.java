package shop;

import dev.kiln.annotations.Activate;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Dropout;
import dev.kiln.annotations.LayerNorm;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.annotations.Residual;
import dev.kiln.runtime.Layer;

@Model(inputs = 20, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 3)
@Optimizer(type = OptimizerType.ADAM)
abstract class ResidualMlp {
    @Dense(units = 64, activation = Activation.RELU) Layer stem;
    @Dropout(rate = 0.1) Layer drop0;
    @Dense(units = 64) Layer block1;
    @LayerNorm Layer norm1;
    @Residual(from = "drop0") Layer skip1;
    @Activate(Activation.RELU) Layer act1;
    @Dense(units = 64) Layer block2;
    @LayerNorm Layer norm2;
    @Residual(from = "act1") Layer skip2;
    @Activate(Activation.RELU) Layer act2;
    @Dense(units = 3, activation = Activation.SOFTMAX) Layer output;
}
