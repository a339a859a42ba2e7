/**
 * Metrics to report of a trained model, measured on its predictions: {@link
 * dev.kiln.runtime.metrics.ClassificationMetrics} for classifiers (from class probabilities) and {@link
 * dev.kiln.runtime.metrics.RegressionMetrics} for regression. Each computes in double what scikit-learn 1.2
 * computes, including its answers where a metric divides by zero, and the classes' documentation lists those
 * cases. The package depends on no other part of Kiln, so predictions from anywhere can be measured.
 */
package dev.kiln.runtime.metrics;
