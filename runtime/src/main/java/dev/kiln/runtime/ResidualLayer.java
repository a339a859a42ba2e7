package dev.kiln.runtime;

/**
 * View of a generated residual connection: adds the output of an earlier layer to the output of the layer
 * before it, so both must have the same width.
 *
 * @param name        the field's name
 * @param describe    kind and settings
 * @param outputWidth width of the two outputs added and of the sum
 * @param from        the name of the earlier layer whose output is added
 */
public record ResidualLayer(String name, String describe, int outputWidth, String from) implements Layer {

    @Override
    public int parameterCount() {
        return 0;
    }
}
