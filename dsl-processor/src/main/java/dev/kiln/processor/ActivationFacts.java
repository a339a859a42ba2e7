package dev.kiln.processor;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Initializer;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the processor knows about each activation, in one table: every rule and every writer reads it from
 * here. {@code ActivationFactsTest} checks it against the runtime's kernels, so that a fact that changes on one
 * side only fails the build.
 *
 * @param kernel       the runtime's {@code ActivationFunction} constant that computes it, or null when it has
 *                     a kernel of its own (PReLU, RReLU) or is computed with the loss (softmax)
 * @param defaultAlpha the default of {@code alpha}, or NaN when the activation takes none
 * @param needsInput   whether the derivative needs the activation's input z, which must then be kept
 * @param initializer  the weight initialiser {@code Initializer.DEFAULT} means before it
 * @param hiddenOnly   whether it is refused on the output layer (its slopes are meant for hidden units)
 * @param outputOnly   whether it is allowed on the output layer only
 */
record ActivationFacts(String kernel, double defaultAlpha, boolean needsInput, Initializer initializer,
                       boolean hiddenOnly, boolean outputOnly) {

    private static final Map<Activation, ActivationFacts> TABLE = new EnumMap<>(Activation.class);

    static {
        Initializer glorot = Initializer.GLOROT_UNIFORM;
        Initializer he = Initializer.HE_NORMAL;
        double none = Double.NaN;
        put(Activation.LINEAR, "LINEAR", none, false, glorot, false, false);
        put(Activation.RELU, "RELU", none, false, he, false, false);
        // the slides' leaky slope
        put(Activation.LEAKY_RELU, "LEAKY_RELU", 0.01, false, he, false, false);
        // Glorot, as the documented DEFAULT says: He only for the activations it names
        put(Activation.PRELU, null, none, true, glorot, true, false);
        put(Activation.RRELU, null, none, false, glorot, true, false);
        put(Activation.ELU, "ELU", 1.0, false, he, false, false);
        put(Activation.SELU, "SELU", none, false, Initializer.LECUN_NORMAL, false, false);
        put(Activation.SIGMOID, "SIGMOID", none, false, glorot, false, false);
        put(Activation.TANH, "TANH", none, false, glorot, false, false);
        put(Activation.SOFTPLUS, "SOFTPLUS", none, false, glorot, false, false);
        put(Activation.GELU, "GELU", none, true, he, false, false);
        put(Activation.SILU, "SILU", none, true, he, false, false);
        put(Activation.SOFTMAX, null, none, false, glorot, false, true);
    }

    private static void put(Activation a, String kernel, double defaultAlpha, boolean needsInput,
                            Initializer initializer, boolean hiddenOnly, boolean outputOnly) {
        TABLE.put(a, new ActivationFacts(kernel, defaultAlpha, needsInput, initializer, hiddenOnly, outputOnly));
    }

    /** The facts of {@code a}; every constant of the enum has a row, which the test checks. */
    static ActivationFacts of(Activation a) {
        ActivationFacts facts = TABLE.get(a);
        if (facts == null) {
            throw new IllegalStateException("no activation facts for " + a);
        }
        return facts;
    }

    /** Whether the activation takes {@code alpha}. */
    boolean takesAlpha() {
        return !Double.isNaN(defaultAlpha);
    }

    /** {@code alpha} as written, else the default, or 0 for activations without a parameter. */
    static double effectiveAlpha(Activation a, double alpha) {
        ActivationFacts facts = of(a);
        if (!facts.takesAlpha()) {
            return 0;
        }
        return Double.isNaN(alpha) ? facts.defaultAlpha() : alpha;
    }

    /** The initialiser actually used before {@code a}: DEFAULT resolved. */
    static Initializer initializer(Activation a, Initializer declared) {
        return declared != Initializer.DEFAULT ? declared : of(a).initializer();
    }
}
