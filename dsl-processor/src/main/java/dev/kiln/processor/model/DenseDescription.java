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
 */
public record DenseDescription(String name, Site site, int units, Activation activation, Initializer initializer,
                               boolean bias) implements LayerDescription {

    /** The initialiser actually used: DEFAULT resolved by activation (He normal for ReLU, else Glorot uniform). */
    public Initializer effectiveInitializer() {
        if (initializer != Initializer.DEFAULT) {
            return initializer;
        }
        return activation == Activation.RELU ? Initializer.HE_NORMAL : Initializer.GLOROT_UNIFORM;
    }
}
