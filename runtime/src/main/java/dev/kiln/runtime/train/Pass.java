package dev.kiln.runtime.train;

/** Which kind of pass a generated model runs, deciding dropout and batch statistics. */
public enum Pass {
    /** Training step: dropout on, batch statistics, running statistics updated. */
    TRAIN,
    /** Gradient computation without an update: dropout off, batch statistics, running statistics kept. */
    GRADIENT,
    /** Inference: dropout off, running statistics. */
    INFERENCE
}
