/**
 * The annotations a Kiln model is declared with.
 *
 * <p>A model is an abstract (or at least non-final) class annotated with {@link dev.kiln.annotations.Model}
 * and {@link dev.kiln.annotations.Optimizer}, whose fields of type {@code dev.kiln.runtime.Layer} carry one
 * layer annotation each ({@link dev.kiln.annotations.Dense}, {@link dev.kiln.annotations.Dropout}). The
 * layers run in the order the fields are declared. At compile time Kiln's annotation processor checks the
 * declaration and generates {@code <ClassName>Model}, a trainer specialised to that exact network.
 */
package dev.kiln.annotations;
