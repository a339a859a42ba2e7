package dev.kiln.processor;

import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/** Reads annotation mirrors: which annotation is present, and attribute values with their defaults. */
final class Annotations {

    private final Elements elements;

    Annotations(Elements elements) {
        this.elements = elements;
    }

    /** The mirror of the annotation type named {@code qualifiedName} on {@code element}, if present. */
    static Optional<AnnotationMirror> find(Element element, String qualifiedName) {
        for (AnnotationMirror m : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) m.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(qualifiedName)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Whether the attribute was written out (as opposed to taken from its default). */
    static boolean isExplicit(AnnotationMirror mirror, String attribute) {
        return mirror.getElementValues().keySet().stream().anyMatch(k -> k.getSimpleName().contentEquals(attribute));
    }

    private AnnotationValue value(AnnotationMirror mirror, String attribute) {
        for (var e : elements.getElementValuesWithDefaults(mirror).entrySet()) {
            ExecutableElement key = e.getKey();
            if (key.getSimpleName().contentEquals(attribute)) {
                return e.getValue();
            }
        }
        // Only when kiln-annotations is older than the processor that reads it.
        throw new Unreadable(attribute, true);
    }

    /**
     * Thrown when an attribute's value is not of its declared type, which happens only when javac has already
     * reported an error on it (e.g. {@code units = "x"}); the processor then leaves the class alone.
     */
    static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** True when javac reported nothing: the annotations and the processor are of different versions. */
        final boolean versionMismatch;

        Unreadable(String attribute) {
            this(attribute, false);
        }

        Unreadable(String attribute, boolean versionMismatch) {
            super(attribute);
            this.versionMismatch = versionMismatch;
        }
    }

    private <T> T typed(AnnotationMirror mirror, String attribute, Class<T> type) {
        Object v = value(mirror, attribute).getValue();
        if (!type.isInstance(v)) {
            throw new Unreadable(attribute);
        }
        return type.cast(v);
    }

    int intValue(AnnotationMirror mirror, String attribute) {
        return typed(mirror, attribute, Number.class).intValue();
    }

    long longValue(AnnotationMirror mirror, String attribute) {
        return typed(mirror, attribute, Number.class).longValue();
    }

    double doubleValue(AnnotationMirror mirror, String attribute) {
        return typed(mirror, attribute, Number.class).doubleValue();
    }

    String stringValue(AnnotationMirror mirror, String attribute) {
        return typed(mirror, attribute, String.class);
    }

    boolean booleanValue(AnnotationMirror mirror, String attribute) {
        return typed(mirror, attribute, Boolean.class);
    }

    <E extends Enum<E>> E enumValue(AnnotationMirror mirror, String attribute, Class<E> type) {
        VariableElement constant = typed(mirror, attribute, VariableElement.class);
        try {
            return Enum.valueOf(type, constant.getSimpleName().toString());
        } catch (IllegalArgumentException e) {
            // A constant javac accepted but this processor does not know: a newer kiln-annotations.
            throw new Unreadable(attribute, true);
        }
    }
}
