package dev.kiln.runtime;

/**
 * View of a generated dense layer.
 *
 * @param name        the field's name
 * @param describe    kind and settings
 * @param inputWidth  the layer's input width
 * @param outputWidth the layer's units
 * @param weights     live view of the (input width × units) weights
 * @param bias        live view of the bias (1 × units), or null when the layer has none
 * @param activation  the activation as {@code @Dense(activation)} names it ({@code RELU}, {@code SOFTMAX}, ...)
 * @param alpha       the activation's parameter in use for {@code LEAKY_RELU} and {@code ELU}, else 0
 */
public record DenseLayer(String name, String describe, int inputWidth, int outputWidth, Parameter weights,
                         Parameter bias, String activation, float alpha) implements Layer {

    @Override
    public int parameterCount() {
        return weights.size() + (bias == null ? 0 : bias.size());
    }
}
