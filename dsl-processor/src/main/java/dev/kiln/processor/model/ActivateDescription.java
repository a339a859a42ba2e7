package dev.kiln.processor.model;

import dev.kiln.annotations.Activation;

/**
 * An {@code @Activate} field.
 *
 * @param name       field name
 * @param site       declaration
 * @param activation the activation
 * @param alpha      its parameter as written, or NaN
 */
public record ActivateDescription(String name, Site site, Activation activation, double alpha)
        implements LayerDescription {

    /** Whether the activation takes {@link #alpha()}. */
    public boolean takesAlpha() {
        return ActivationParameters.takesAlpha(activation);
    }

    /** The parameter with its default, or 0. */
    public double effectiveAlpha() {
        return ActivationParameters.effectiveAlpha(activation, alpha);
    }
}
