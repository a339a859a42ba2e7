/**
 * The processor's description of a model: plain records, read from annotations by
 * {@link dev.kiln.processor.ModelReader}, checked by {@link dev.kiln.processor.ModelValidator} and turned into
 * code by {@link dev.kiln.processor.TrainerWriter}. A new layer kind adds a record implementing
 * {@link dev.kiln.processor.model.LayerDescription}.
 */
package dev.kiln.processor.model;
