package dev.kiln.annotations;

/**
 * The update rules {@link Optimizer} can select. Formulas follow the original papers as PyTorch 1.13
 * implements them ({@code g} is the gradient, {@code t} the step number from 1, ε is added outside the
 * square root unless said otherwise). Defaults are in {@link Optimizer}.
 */
public enum OptimizerType {
    /** Plain gradient descent: {@code w ← w - η g}. */
    SGD,
    /** Heavy-ball momentum as in PyTorch: {@code v ← μ v + g; w ← w - η v}. */
    MOMENTUM,
    /**
     * The simplified Nesterov momentum of Bengio et al. (PyTorch's {@code nesterov=True}):
     * {@code v ← μ v + g; w ← w - η (g + μ v)}.
     */
    NESTEROV,
    /** AdaGrad (Duchi et al.): {@code s ← s + g²; w ← w - η g / (sqrt(s) + ε)}. */
    ADAGRAD,
    /** RMSProp (Hinton): {@code s ← ρ s + (1-ρ) g²; w ← w - η g / (sqrt(s) + ε)}. */
    RMSPROP,
    /**
     * AdaDelta (Zeiler): {@code s ← ρ s + (1-ρ) g²; d = sqrt(u + ε) / sqrt(s + ε) · g;
     * u ← ρ u + (1-ρ) d²; w ← w - η d} (ε inside the square roots, as in the paper).
     */
    ADADELTA,
    /**
     * Adam (Kingma and Ba): {@code m ← β1 m + (1-β1) g; v ← β2 v + (1-β2) g²;
     * w ← w - η m̂ / (sqrt(v̂) + ε)} with {@code m̂ = m/(1-β1^t)}, {@code v̂ = v/(1-β2^t)}.
     */
    ADAM,
    /** AMSGrad (Reddi et al.): Adam with {@code v̂} replaced by the running maximum of {@code v} (bias-corrected). */
    AMSGRAD,
    /**
     * AdaMax (Kingma and Ba): {@code m ← β1 m + (1-β1) g; u ← max(β2 u, |g| + ε);
     * w ← w - η/(1-β1^t) · m / u}.
     */
    ADAMAX,
    /**
     * Nadam (Dozat), with PyTorch's momentum schedule {@code μ_t = β1 (1 - ½·0.96^(0.004 t))}:
     * {@code w ← w - η (1-μ_t)/(1-Π_{i≤t} μ_i) · g/d - η μ_{t+1}/(1-Π_{i≤t+1} μ_i) · m/d},
     * {@code d = sqrt(v/(1-β2^t)) + ε}.
     */
    NADAM,
    /**
     * AdamW (Loshchilov and Hutter): Adam with decoupled weight decay, {@code w ← w - η λ w} before the
     * Adam step.
     */
    ADAMW
}
