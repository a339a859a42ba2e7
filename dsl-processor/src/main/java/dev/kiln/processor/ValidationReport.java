package dev.kiln.processor;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.tools.Diagnostic;

/**
 * The problems found in one model class, as data: reading and validation add to it, the processor prints
 * it, and code is generated only when it holds no error. Every independent problem is collected, so one
 * compile reports them all.
 */
final class ValidationReport {

    /** One diagnostic and the exact place it belongs to. */
    record Item(Diagnostic.Kind kind, String message, Site site, String attribute) {}

    private final List<Item> items = new ArrayList<>();

    /** An error on the site's annotation attribute (or on the annotation or element when null). */
    void error(Site site, String attribute, String message) {
        items.add(new Item(Diagnostic.Kind.ERROR, message, site, attribute));
    }

    /** A warning on the site's annotation attribute. */
    void warning(Site site, String attribute, String message) {
        items.add(new Item(Diagnostic.Kind.WARNING, message, site, attribute));
    }

    boolean hasErrors() {
        return items.stream().anyMatch(i -> i.kind() == Diagnostic.Kind.ERROR);
    }

    List<Item> items() {
        return List.copyOf(items);
    }

    /** Prints every item, placed on the attribute's value when it was written, else on the annotation. */
    void printTo(Messager messager) {
        for (Item item : items) {
            Site site = item.site();
            if (site.annotation() == null) {
                messager.printMessage(item.kind(), item.message(), site.element());
                continue;
            }
            AnnotationValue value = item.attribute() == null ? null : explicitValue(site, item.attribute());
            if (value == null) {
                messager.printMessage(item.kind(), item.message(), site.element(), site.annotation());
            } else {
                messager.printMessage(item.kind(), item.message(), site.element(), site.annotation(), value);
            }
        }
    }

    private static AnnotationValue explicitValue(Site site, String attribute) {
        for (var e : site.annotation().getElementValues().entrySet()) {
            ExecutableElement key = e.getKey();
            if (key.getSimpleName().contentEquals(attribute)) {
                return e.getValue();
            }
        }
        return null;
    }
}
