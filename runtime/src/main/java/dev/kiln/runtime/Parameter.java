package dev.kiln.runtime;

/**
 * A live view of one learnable tensor of a generated model: {@code rows × cols} values stored row-major
 * from {@code offset} in {@code values}, with the gradient of the last backward pass at the same place in
 * {@code gradients}. Writing through {@link #set} changes the model.
 *
 * @param name      layer field name and tensor, e.g. {@code hidden1.weights}
 * @param rows      rows (a dense layer's input width; 1 for a bias)
 * @param cols      columns (the layer's units)
 * @param values    the array holding the values (shared with the model)
 * @param gradients the array holding the gradients (shared with the model)
 * @param offset    index of element (0, 0) in both arrays
 */
public record Parameter(String name, int rows, int cols, float[] values, float[] gradients, int offset) {

    /** Number of elements. */
    public int size() {
        return rows * cols;
    }

    /** Value at (row, col). */
    public float get(int row, int col) {
        return values[index(row, col)];
    }

    /** Sets the value at (row, col). */
    public void set(int row, int col, float value) {
        values[index(row, col)] = value;
    }

    /** Gradient at (row, col) from the last backward pass. */
    public float gradient(int row, int col) {
        return gradients[index(row, col)];
    }

    /** A copy of the values, one array per row. */
    public float[][] toArray() {
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(values, offset + r * cols, out[r], 0, cols);
        }
        return out;
    }

    private int index(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException(name + " is " + rows + "×" + cols + "; (" + row + ", " + col
                    + ") is outside it.");
        }
        return offset + row * cols + col;
    }
}
