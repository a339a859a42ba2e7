package dev.kiln.runtime.kernels;

/** Per-batch metric counts, computed from the output buffer the loss already read. */
public final class Metrics {

    private Metrics() {}

    /** Number of rows whose largest output is at the label's index (ties go to the lowest index). */
    public static int correctArgmax(float[] outputs, int[] labels, int rows, int classes) {
        int correct = 0;
        for (int i = 0; i < rows; i++) {
            if (argmax(outputs, i * classes, classes) == labels[i]) {
                correct++;
            }
        }
        return correct;
    }

    /** Index of the largest of {@code count} values from {@code off}, lowest index on ties. */
    public static int argmax(float[] values, int off, int count) {
        int best = 0;
        for (int j = 1; j < count; j++) {
            if (values[off + j] > values[off + best]) {
                best = j;
            }
        }
        return best;
    }

    /**
     * Number of outputs on the right side of a threshold: {@code (value > threshold) == (target >= 0.5)}.
     * For a sigmoid output read as logits, the threshold is 0.
     */
    public static int correctBinary(float[] values, float[] targets, int count, float threshold) {
        int correct = 0;
        for (int i = 0; i < count; i++) {
            if ((values[i] > threshold) == (targets[i] >= 0.5f)) {
                correct++;
            }
        }
        return correct;
    }

    /** Sum of absolute differences over {@code count} outputs. */
    public static double absoluteError(float[] outputs, float[] targets, int count) {
        double total = 0;
        for (int i = 0; i < count; i++) {
            total += Math.abs((double) outputs[i] - targets[i]);
        }
        return total;
    }
}
