package dev.kiln.runtime;

/**
 * View of a generated activation layer.
 *
 * @param name        the field's name
 * @param describe    kind and settings
 * @param outputWidth width of its input and output
 */
public record ActivationLayer(String name, String describe, int outputWidth) implements Layer {

    @Override
    public int parameterCount() {
        return 0;
    }
}
