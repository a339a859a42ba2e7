package dev.kiln.runtime.train;

/** Improvement of a monitored epoch figure, shared by early stopping and the built-in callbacks. */
final class Monitor {

    private final String name;
    private final double minDelta;
    private double best = Double.NaN;

    Monitor(String name, double minDelta) {
        this.name = name;
        this.minDelta = minDelta;
    }

    /** Records the epoch's figure; true when it beats the best so far by more than {@code minDelta}. */
    boolean improved(EpochResult r) {
        return improved(r.value(name));
    }

    /** Records a value of the monitored figure; true when it beats the best so far by more than {@code minDelta}. */
    boolean improved(double value) {
        boolean better = Double.isNaN(best)
                || (higherIsBetter(name) ? value > best + minDelta : value < best - minDelta);
        if (better) {
            best = value;
        }
        return better;
    }

    /** Whether larger is better: accuracies, F1, AUC, correlation, R²; losses and errors are better smaller. */
    static boolean higherIsBetter(String name) {
        return !(name.endsWith("loss") || name.endsWith("mae") || name.endsWith("mse") || name.endsWith("rmse"));
    }

    double best() {
        return best;
    }
}
