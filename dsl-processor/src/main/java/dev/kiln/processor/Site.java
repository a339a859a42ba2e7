package dev.kiln.processor;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;

/**
 * Where a description came from, so that a diagnostic can point at the exact annotation attribute.
 *
 * @param element    the annotated class or field
 * @param annotation the annotation on it, or null for diagnostics on the element itself
 */
record Site(Element element, AnnotationMirror annotation) {}
