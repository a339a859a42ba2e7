package dev.kiln.processor.model;

/** One annotated layer field, in declaration order. */
public sealed interface LayerDescription permits DenseDescription, DropoutDescription, BatchNormDescription,
        ActivateDescription {

    /** The field's name. */
    String name();

    /** Where it was declared. */
    Site site();
}
