package dev.kiln.runtime;

import java.util.List;

/** Formats the table that a generated model's {@code summary()} returns. */
public final class Summary {

    private Summary() {}

    /**
     * One line per layer with its kind and settings, output shape and parameter count, then the parameter
     * total and the memory the model holds.
     *
     * @param bufferBytes  bytes of every array of the model (parameters, gradients, optimizer state, buffers)
     * @param maxBatchSize rows the batch buffers are sized for
     */
    public static String format(String model, int inputs, List<Layer> layers, long bufferBytes, int maxBatchSize) {
        StringBuilder sb = new StringBuilder();
        int kind = Math.max(28, layers.stream().mapToInt(l -> l.describe().length()).max().orElse(0));
        String row = "%-16s %-" + kind + "s %-10s %,10d%n";
        String rule = "-".repeat(16 + 1 + kind + 1 + 10 + 1 + 10) + "\n";
        sb.append("Model ").append(model).append('\n').append(rule);
        sb.append(String.format("%-16s %-" + kind + "s %-10s %10s%n", "layer", "kind", "output", "params"));
        sb.append(rule);
        sb.append(String.format(row, "(input)", "", "(n, " + inputs + ")", 0));
        long total = 0;
        for (Layer layer : layers) {
            sb.append(String.format(row, layer.name(), layer.describe(), "(n, " + layer.outputWidth() + ")",
                    layer.parameterCount()));
            total += layer.parameterCount();
        }
        sb.append(rule).append(String.format("total parameters: %,d (%s as float32)%n", total, size(4 * total)));
        sb.append(String.format("memory for training: %s (parameters, gradients, optimizer state and buffers for"
                + " batches of up to %,d rows)%n", size(bufferBytes), maxBatchSize));
        return sb.toString();
    }

    /**
     * The error a generated constructor throws when the heap cannot hold the model's arrays: how much the model
     * needs and what to change, in place of the JVM's bare "Java heap space".
     *
     * @param model        the model class's name
     * @param bufferBytes  bytes of all the model's arrays
     * @param maxBatchSize the batch size the buffers are allocated for
     * @param cause        the JVM's error
     * @return the error to throw
     */
    public static OutOfMemoryError outOfMemory(String model, long bufferBytes, int maxBatchSize,
                                               OutOfMemoryError cause) {
        OutOfMemoryError e = new OutOfMemoryError(String.format("%s needs %s for its parameters, gradients,"
                + " optimizer state and buffers for batches of up to %,d rows, but the Java heap (at most %s) could"
                + " not hold them beside what it already holds (the data, for example). Start the JVM with a larger"
                + " -Xmx, hold less data in memory, or build the model with a smaller maxBatchSize (the generated"
                + " constructor's argument).", model, size(bufferBytes), maxBatchSize,
                size(Runtime.getRuntime().maxMemory())));
        e.initCause(cause);
        return e;
    }

    private static String size(long bytes) {
        if (bytes < 10_000) {
            return String.format("%,d bytes", bytes);
        }
        if (bytes < 1_000_000) {
            return String.format("%.1f kB", bytes / 1e3);
        }
        return bytes < 10_000_000_000L ? String.format("%.1f MB", bytes / 1e6) : String.format("%.1f GB", bytes / 1e9);
    }
}
