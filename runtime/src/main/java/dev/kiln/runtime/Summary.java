package dev.kiln.runtime;

import java.util.List;

/** Formats the table that a generated model's {@code summary()} returns. */
public final class Summary {

    private Summary() {}

    /** One line per layer with its output shape and parameter count, then the total. */
    public static String format(String model, int inputs, List<Layer> layers) {
        StringBuilder sb = new StringBuilder();
        String rule = "-".repeat(64) + "\n";
        sb.append("Model ").append(model).append('\n').append(rule);
        sb.append(String.format("%-16s %-28s %-10s %8s%n", "layer", "kind", "output", "params"));
        sb.append(rule);
        sb.append(String.format("%-16s %-28s %-10s %8d%n", "(input)", "", "(n, " + inputs + ")", 0));
        long total = 0;
        for (Layer layer : layers) {
            sb.append(String.format("%-16s %-28s %-10s %,8d%n", layer.name(), layer.describe(),
                    "(n, " + layer.outputWidth() + ")", layer.parameterCount()));
            total += layer.parameterCount();
        }
        sb.append(rule).append(String.format("total parameters: %,d%n", total));
        return sb.toString();
    }
}
