package dev.kiln.processor;

import dev.kiln.annotations.OptimizerType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each optimizer type uses and its defaults (PyTorch 1.13's), in one table shared by the reader
 * (defaults), the validator (which attributes belong) and the writer (which state buffers exist).
 */
final class OptimizerCatalog {

    private OptimizerCatalog() {}

    /** The hyperparameter attributes of {@code @Optimizer} besides {@code type} and {@code learningRate}. */
    static final List<String> HYPERPARAMETERS = List.of("momentum", "beta1", "beta2", "rho", "epsilon", "weightDecay");

    /** Attributes the type reads; {@code weightDecay} (decoupled) applies to every type. */
    static Set<String> attributes(OptimizerType type) {
        return switch (type) {
            case SGD -> Set.of("weightDecay");
            case MOMENTUM, NESTEROV -> Set.of("momentum", "weightDecay");
            case ADAGRAD -> Set.of("epsilon", "weightDecay");
            case RMSPROP, ADADELTA -> Set.of("rho", "epsilon", "weightDecay");
            case ADAM, AMSGRAD, ADAMAX, NADAM, ADAMW -> Set.of("beta1", "beta2", "epsilon", "weightDecay");
        };
    }

    /** Default of each numeric attribute for the type; attributes the type does not use map to NaN. */
    static Map<String, Double> defaults(OptimizerType type) {
        double lr = switch (type) {
            case SGD, MOMENTUM, NESTEROV, ADAGRAD, RMSPROP -> 1e-2;
            case ADADELTA -> 1.0;
            case ADAM, AMSGRAD, ADAMW -> 1e-3;
            case ADAMAX, NADAM -> 2e-3;
        };
        double eps = switch (type) {
            case ADAGRAD -> 1e-10;
            case ADADELTA -> 1e-6;
            default -> 1e-8;
        };
        double rho = type == OptimizerType.ADADELTA ? 0.9 : 0.99;
        return Map.of("learningRate", lr, "momentum", 0.9, "beta1", 0.9, "beta2", 0.999, "rho", rho,
                "epsilon", eps, "weightDecay", type == OptimizerType.ADAMW ? 0.01 : 0.0);
    }

    /** Names of the per-parameter state arrays the type keeps, as suffixes of the layer name. */
    static String[] stateBuffers(OptimizerType type) {
        return switch (type) {
            case SGD -> new String[] {};
            case MOMENTUM, NESTEROV -> new String[] {"Velocity"};
            case ADAGRAD, RMSPROP -> new String[] {"SquareAvg"};
            case ADADELTA -> new String[] {"SquareAvg", "DeltaAvg"};
            case ADAM, NADAM, ADAMW -> new String[] {"M", "V"};
            case AMSGRAD -> new String[] {"M", "V", "VMax"};
            case ADAMAX -> new String[] {"M", "U"};
        };
    }
}
