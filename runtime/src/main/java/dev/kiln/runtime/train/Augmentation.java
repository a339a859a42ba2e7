package dev.kiln.runtime.train;

import dev.kiln.runtime.Rng;

/**
 * Changes each training mini-batch in place before the step, for data augmentation. Called once per
 * mini-batch on the model's input buffer, with a generator seeded from the fit's seed, so augmented runs
 * are reproducible. Must not allocate per call if training is to stay allocation-free.
 */
@FunctionalInterface
public interface Augmentation {

    /** Augments {@code rows} rows of {@code width} features in {@code batch}, from index 0. */
    void augment(float[] batch, int rows, int width, Rng rng);

    /** Checked once per fit: throws when this augmentation cannot work on rows of {@code width} features. */
    default void checkWidth(int width) {}
}
