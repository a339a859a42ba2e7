package dev.kiln.processor;

import dev.kiln.annotations.OptimizerType;

/**
 * The {@code @Optimizer} of a model, with every default already resolved.
 *
 * @param type         update rule
 * @param site         declaration
 * @param learningRate η
 * @param momentum     μ (momentum rules)
 * @param beta1        β1 (Adam family)
 * @param beta2        β2 (Adam family)
 * @param rho          ρ (RMSProp, AdaDelta)
 * @param epsilon      ε
 * @param weightDecay  decoupled weight decay λ
 * @param clipValue    gradient value limit, or NaN
 * @param clipNorm     per-tensor gradient norm limit, or NaN
 * @param globalClipNorm global gradient norm limit, or NaN
 */
record OptimizerDescription(OptimizerType type, Site site, double learningRate, double momentum,
                            double beta1, double beta2, double rho, double epsilon, double weightDecay,
                            double clipValue, double clipNorm, double globalClipNorm) {}
