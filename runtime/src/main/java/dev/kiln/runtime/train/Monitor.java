package dev.kiln.runtime.train;

/** Improvement of a monitored epoch figure, shared by the built-in callbacks. */
final class Monitor {

    private final String name;
    private final double minDelta;
    private double best = Double.NaN;

    Monitor(String name, double minDelta) {
        this.name = name;
        this.minDelta = minDelta;
    }

    /** Records the epoch's value; true when it beats the best so far by more than {@code minDelta}. */
    boolean improved(EpochResult r) {
        double value = r.value(name);
        boolean better = Double.isNaN(best)
                || (name.endsWith("accuracy") ? value > best + minDelta : value < best - minDelta);
        if (better) {
            best = value;
        }
        return better;
    }

    double best() {
        return best;
    }
}
