package dev.kiln.runtime;

/**
 * The type of a model class's layer fields. The generated model assigns each annotated field a view of
 * its layer, so user code and a debugger can look at the layer's settings and parameters.
 */
public interface Layer {

    /** The field's name. */
    String name();

    /** The layer's kind and settings, e.g. {@code Dense(256, relu)}. */
    String describe();

    /** Width of the layer's output. */
    int outputWidth();

    /** Learnable parameter count. */
    int parameterCount();
}
