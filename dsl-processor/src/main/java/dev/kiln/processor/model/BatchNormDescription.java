package dev.kiln.processor.model;

/**
 * A {@code @BatchNorm} field.
 *
 * @param name     field name
 * @param site     declaration
 * @param momentum running-statistics momentum (Keras's meaning)
 * @param epsilon  ε
 * @param scale    whether γ is learned
 * @param center   whether β is learned
 */
public record BatchNormDescription(String name, Site site, double momentum, double epsilon, boolean scale,
                                   boolean center) implements LayerDescription {}
