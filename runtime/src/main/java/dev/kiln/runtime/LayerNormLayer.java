package dev.kiln.runtime;

/**
 * View of a generated layer-normalisation layer, which normalises each sample over its own units, the same
 * in training and at inference.
 *
 * @param name          the field's name
 * @param describe      kind and settings
 * @param outputWidth   units normalised
 * @param gamma         live view of γ, or null when scaling is off
 * @param beta          live view of β, or null when centring is off
 * @param epsilon       ε added to each sample's variance, as a float
 */
public record LayerNormLayer(String name, String describe, int outputWidth, Parameter gamma, Parameter beta,
                             float epsilon) implements Layer {

    @Override
    public int parameterCount() {
        return (gamma == null ? 0 : gamma.size()) + (beta == null ? 0 : beta.size());
    }
}
