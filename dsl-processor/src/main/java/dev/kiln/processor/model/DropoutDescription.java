package dev.kiln.processor.model;

import dev.kiln.annotations.DropoutType;

/**
 * A {@code @Dropout} field.
 *
 * @param name field name
 * @param site declaration
 * @param rate drop probability
 * @param type kind of dropout
 */
public record DropoutDescription(String name, Site site, double rate, DropoutType type) implements LayerDescription {}
