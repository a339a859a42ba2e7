package dev.kiln.processor.model;

/**
 * A {@code @Dropout} field.
 *
 * @param name field name
 * @param site declaration
 * @param rate drop probability
 */
public record DropoutDescription(String name, Site site, double rate) implements LayerDescription {}
