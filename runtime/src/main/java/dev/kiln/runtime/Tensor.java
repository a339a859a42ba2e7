package dev.kiln.runtime;

/**
 * A live view of one state tensor of a generated model that is not a learnable parameter: an optimizer's
 * moment estimates or a BatchNorm layer's running statistics. Checkpoints save and restore these beside
 * the {@link Parameter}s so that training resumes exactly.
 *
 * @param name   e.g. {@code norm1.running_mean} or {@code optimizer.m.hidden1.weights}
 * @param rows   rows (1 for a vector)
 * @param cols   columns
 * @param values the array holding the values (shared with the model)
 * @param offset index of element (0, 0) in {@code values}
 */
public record Tensor(String name, int rows, int cols, float[] values, int offset) {

    /** Number of elements. */
    public int size() {
        return rows * cols;
    }
}
