package dev.kiln.annotations;

/** The update rules {@link Optimizer} can select. Formulas follow the original papers and PyTorch. */
public enum OptimizerType {
    /** Plain gradient descent: {@code w ← w - η g}. Default η 0.01. */
    SGD,
    /** Heavy-ball momentum as in PyTorch: {@code v ← μ v + g; w ← w - η v}. Defaults η 0.01, μ 0.9. */
    MOMENTUM,
    /**
     * The simplified Nesterov momentum of Bengio et al. (PyTorch's {@code nesterov=True}):
     * {@code v ← μ v + g; w ← w - η (g + μ v)}. Defaults η 0.01, μ 0.9.
     */
    NESTEROV,
    /**
     * Adam (Kingma and Ba): {@code m ← β1 m + (1-β1) g; v ← β2 v + (1-β2) g²;
     * w ← w - η m̂ / (sqrt(v̂) + ε)} with bias-corrected {@code m̂, v̂}. Defaults η 1e-3, β (0.9, 0.999),
     * ε 1e-8.
     */
    ADAM
}
