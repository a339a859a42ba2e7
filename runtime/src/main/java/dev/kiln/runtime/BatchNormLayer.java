package dev.kiln.runtime;

/**
 * View of a generated batch-normalisation layer.
 *
 * @param name          the field's name
 * @param describe      kind and settings
 * @param outputWidth   units normalised
 * @param gamma         live view of γ, or null when scaling is off
 * @param beta          live view of β, or null when centring is off
 * @param runningMean   the live running mean used at inference
 * @param runningVar    the live running variance used at inference
 * @param epsilon       ε added to the variance, {@code @BatchNorm(epsilon)} as a float
 */
public record BatchNormLayer(String name, String describe, int outputWidth, Parameter gamma, Parameter beta,
                             float[] runningMean, float[] runningVar, float epsilon) implements Layer {

    @Override
    public int parameterCount() {
        return (gamma == null ? 0 : gamma.size()) + (beta == null ? 0 : beta.size());
    }
}
