/**
 * What generated model classes implement: {@link dev.kiln.runtime.model.GeneratedModel}, the methods every
 * model shares, over the training loop ({@code train}) and the checkpoint format ({@code io}).
 */
package dev.kiln.runtime.model;
