package dev.kiln.processor.model;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Initializer;

/**
 * A {@code @Dense} field.
 *
 * @param name        field name
 * @param site        declaration
 * @param units       output units
 * @param activation  activation
 * @param initializer weight initialiser as declared (may be DEFAULT)
 * @param bias        whether it has a bias
 * @param alpha       the activation's parameter as written, or NaN
 * @param l1          L1 penalty
 * @param l2          L2 penalty
 * @param penalizeBias whether penalties cover the bias
 * @param maxNorm     max-norm constraint, or NaN
 * @param dropConnect DropConnect probability, 0 for none
 */
public record DenseDescription(String name, Site site, int units, Activation activation, Initializer initializer,
                               boolean bias, double alpha, double l1, double l2, boolean penalizeBias,
                               double maxNorm, double dropConnect) implements LayerDescription {

    /** Whether the layer adds an L1 or L2 term to the loss. */
    public boolean penalized() {
        return l1 > 0 || l2 > 0;
    }

    /** The initialiser actually used: DEFAULT resolved by activation. */
    public Initializer effectiveInitializer() {
        if (initializer != Initializer.DEFAULT) {
            return initializer;
        }
        return switch (activation) {
            case RELU, LEAKY_RELU, ELU, GELU, SILU -> Initializer.HE_NORMAL;
            case SELU -> Initializer.LECUN_NORMAL;
            default -> Initializer.GLOROT_UNIFORM;
        };
    }

    /** Whether the activation takes {@link #alpha()}. */
    public boolean takesAlpha() {
        return ActivationParameters.takesAlpha(activation);
    }

    /** The activation's parameter with its default, or 0 for activations without one. */
    public double effectiveAlpha() {
        return ActivationParameters.effectiveAlpha(activation, alpha);
    }
}
