package dev.kiln.processor.model;

import dev.kiln.annotations.Activation;

/** Which activations take a parameter, and its defaults (the slides' leaky slope 0.01, ELU's α 1.0). */
public final class ActivationParameters {

    private ActivationParameters() {}

    /** Whether {@code a} takes {@code alpha}. */
    public static boolean takesAlpha(Activation a) {
        return a == Activation.LEAKY_RELU || a == Activation.ELU;
    }

    /** {@code alpha} as written, else the default, or 0 for activations without a parameter. */
    public static double effectiveAlpha(Activation a, double alpha) {
        if (!takesAlpha(a)) {
            return 0;
        }
        return Double.isNaN(alpha) ? (a == Activation.LEAKY_RELU ? 0.01 : 1.0) : alpha;
    }
}
