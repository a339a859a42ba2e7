package dev.kiln.runtime.train;

/** What a generated model's loss makes of its outputs, which decides its targets and its metric. */
public enum Task {
    /** Integer class labels; outputs are logits; metric: accuracy (argmax). */
    CLASSIFICATION,
    /** Float targets in [0, 1]; outputs are logits; metric: accuracy at logit 0 (probability 0.5). */
    BINARY,
    /** Float targets; outputs are the predictions; metric: mean absolute error. */
    REGRESSION;

    /** Name of the metric, as it appears in history and progress lines. */
    public String metricName() {
        return this == REGRESSION ? "mae" : "accuracy";
    }
}
