package dev.kiln.processor;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;

/**
 * The registry of layer kinds: which annotation makes a field a layer of which kind. A new kind is one entry
 * here and one name in {@link LayerKind}'s {@code permits} clause.
 */
final class LayerKinds {

    private LayerKinds() {}

    /** Reads one kind's annotation into its record. */
    @FunctionalInterface
    interface Reader {
        LayerKind read(String name, Site site, Annotations annotations, AnnotationMirror mirror);
    }

    /**
     * One layer annotation.
     *
     * @param annotation the annotation's qualified name
     * @param reader     what turns it into a layer
     */
    record Entry(String annotation, Reader reader) {}

    static final List<Entry> ALL = List.of(
            new Entry("dev.kiln.annotations.Dense", DenseKind::read),
            new Entry("dev.kiln.annotations.Dropout", DropoutKind::read),
            new Entry("dev.kiln.annotations.BatchNorm", BatchNormKind::read),
            new Entry("dev.kiln.annotations.LayerNorm", LayerNormKind::read),
            new Entry("dev.kiln.annotations.Residual", ResidualKind::read),
            new Entry("dev.kiln.annotations.Activate", ActivateKind::read));

    /** The qualified names of the annotations that make a field a layer. */
    static List<String> annotations() {
        return ALL.stream().map(Entry::annotation).toList();
    }

    /** The entry of an annotation, by qualified name. */
    static Entry of(String annotation) {
        return ALL.stream().filter(e -> e.annotation().equals(annotation)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a layer annotation: " + annotation));
    }
}
