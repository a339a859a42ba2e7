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
        throw new IllegalStateException("@" + mirror.getAnnotationType() + " has no attribute " + attribute);
    }

    int intValue(AnnotationMirror mirror, String attribute) {
        return ((Number) value(mirror, attribute).getValue()).intValue();
    }

    long longValue(AnnotationMirror mirror, String attribute) {
        return ((Number) value(mirror, attribute).getValue()).longValue();
    }

    double doubleValue(AnnotationMirror mirror, String attribute) {
        return ((Number) value(mirror, attribute).getValue()).doubleValue();
    }

    boolean booleanValue(AnnotationMirror mirror, String attribute) {
        return (Boolean) value(mirror, attribute).getValue();
    }

    <E extends Enum<E>> E enumValue(AnnotationMirror mirror, String attribute, Class<E> type) {
        VariableElement constant = (VariableElement) value(mirror, attribute).getValue();
        return Enum.valueOf(type, constant.getSimpleName().toString());
    }
}
