package dev.kiln.runtime;

/**
 * View of a generated dropout layer.
 *
 * @param name        the field's name
 * @param describe    kind and settings
 * @param outputWidth width of its input and output
 * @param rate        probability of dropping a unit in training
 */
public record DropoutLayer(String name, String describe, int outputWidth, float rate) implements Layer {

    @Override
    public int parameterCount() {
        return 0;
    }
}
