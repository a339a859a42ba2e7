package dev.kiln.processor;

import dev.kiln.annotations.Loss;
import java.util.List;

/**
 * A whole model class as the processor understands it.
 *
 * @param packageName    package of the model class
 * @param className      simple name of the model class (for nested classes, its name as written in code)
 * @param generatedName  simple name of the generated trainer
 * @param site           the class and its {@code @Model}
 * @param inputs         input width
 * @param loss           loss
 * @param seed           seed
 * @param maxBatchSize   default maximum batch
 * @param epochs         default epochs of fit
 * @param batchSize      default batch size of fit
 * @param multiLabel     whether several binary outputs are declared independent labels
 * @param huberDelta     δ of the Huber loss
 * @param labelSmoothing ε of softmax cross-entropy's label smoothing
 * @param layers         layers in declaration order
 * @param optimizer      the optimizer
 * @param schedule       the default learning-rate schedule, or null for constant
 */
record ModelDescription(String packageName, String className, String generatedName, Site site, int inputs,
                        Loss loss, long seed, int maxBatchSize, int epochs, int batchSize, boolean multiLabel,
                        double huberDelta, double labelSmoothing, List<LayerKind> layers,
                        OptimizerDescription optimizer, ScheduleDescription schedule) {

    /** Whether the loss compares float outputs with float targets (no activation is fused with it). */
    boolean regression() {
        return loss == Loss.MEAN_SQUARED_ERROR || loss == Loss.MEAN_ABSOLUTE_ERROR || loss == Loss.HUBER;
    }

    /** The dense layers, in order. */
    List<DenseKind> denseLayers() {
        return layers.stream().filter(DenseKind.class::isInstance).map(DenseKind.class::cast).toList();
    }
}
