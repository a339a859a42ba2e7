package dev.kiln.runtime;

/**
 * View of a generated activation layer.
 *
 * @param name        the field's name
 * @param describe    kind and settings
 * @param outputWidth width of its input and output
 * @param activation  the activation as {@code @Activate} names it ({@code RELU}, {@code PRELU}, ...)
 * @param alpha       the activation's parameter in use for {@code LEAKY_RELU} and {@code ELU}, else 0
 */
public record ActivationLayer(String name, String describe, int outputWidth, String activation, float alpha)
        implements Layer {

    @Override
    public int parameterCount() {
        return 0;
    }
}
