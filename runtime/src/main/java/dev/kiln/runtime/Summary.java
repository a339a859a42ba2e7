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

    private static String size(long bytes) {
        if (bytes < 10_000) {
            return String.format("%,d bytes", bytes);
        }
        return bytes < 1_000_000 ? String.format("%.1f kB", bytes / 1e3) : String.format("%.1f MB", bytes / 1e6);
    }
}
