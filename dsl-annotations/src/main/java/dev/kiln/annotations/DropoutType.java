package dev.kiln.annotations;

/** Kinds of {@link Dropout}. All are the identity at inference. */
public enum DropoutType {
    /** Inverted dropout: drop with probability rate, scale kept units by 1/(1 − rate). */
    STANDARD,
    /**
     * Gaussian dropout (Keras's {@code GaussianDropout}): multiply by noise N(1, σ²) with
     * σ² = rate/(1 − rate), the variance of inverted dropout at the same rate.
     */
    GAUSSIAN,
    /**
     * Alpha dropout for SELU networks (Klambauer et al.): dropped units go to SELU's saturation −λα, then an
     * affine map restores the mean and variance, so self-normalisation survives.
     */
    ALPHA
}
