package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.annotations.Activation;
import dev.kiln.runtime.kernels.ActivationFunction;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The processor's table of activation facts against the runtime's kernels and the annotation's enum: a fact
 * changed on one side only fails here, not in a user's generated code.
 */
class ActivationFactsTest {

    @Test
    void everyActivationHasFactsAndEveryKernelIsUsed() {
        Set<ActivationFunction> used = EnumSet.noneOf(ActivationFunction.class);
        for (Activation a : Activation.values()) {
            ActivationFacts facts = ActivationFacts.of(a);
            assertNotNull(facts, a.name());
            if (facts.kernel() != null) {
                // the generated code names the runtime constant through this string
                used.add(ActivationFunction.valueOf(facts.kernel()));
            }
        }
        assertEquals(EnumSet.allOf(ActivationFunction.class), used,
                "every runtime activation kernel is reachable from an annotation");
    }

    @Test
    void theKernelsDerivativeNeedsWhatTheTableSays() {
        for (Activation a : Activation.values()) {
            ActivationFacts facts = ActivationFacts.of(a);
            if (facts.kernel() != null) {
                assertEquals(ActivationFunction.valueOf(facts.kernel()).needsInput(), facts.needsInput(), a.name());
            }
        }
        // PReLU's kernel of its own reads z to split the slope's gradient
        assertTrue(ActivationFacts.of(Activation.PRELU).needsInput());
    }

    @Test
    void alphasAndPlacementsAreTheDocumentedOnes() {
        assertEquals(0.01, ActivationFacts.effectiveAlpha(Activation.LEAKY_RELU, Double.NaN));
        assertEquals(1.0, ActivationFacts.effectiveAlpha(Activation.ELU, Double.NaN));
        assertEquals(0.3, ActivationFacts.effectiveAlpha(Activation.ELU, 0.3));
        assertEquals(0.0, ActivationFacts.effectiveAlpha(Activation.RELU, 0.3));
        for (Activation a : Activation.values()) {
            ActivationFacts facts = ActivationFacts.of(a);
            assertFalse(facts.hiddenOnly() && facts.outputOnly(), a.name());
            assertEquals(a == Activation.LEAKY_RELU || a == Activation.ELU, facts.takesAlpha(), a.name());
        }
    }
}
