package shop;

import dev.kiln.annotations.*;
import dev.kiln.runtime.Layer;

@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR)
abstract class MissingOptimizer {
    @Dense(units = 1) Layer out;
}
