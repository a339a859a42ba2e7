package dev.kiln.runtime.train;

/**
 * Stops {@code fit} when a monitored figure has not improved for {@code patience} epochs, and by default
 * restores the weights of the best epoch (which users of other libraries ask for; Keras's default is not
 * to). Monitors: {@code loss}, {@code accuracy}, {@code mae} and their {@code val_} forms, and the validation
 * metrics of {@link FitOptions#withMetrics} ({@code val_macro_f1}, ...); losses and errors improve downwards,
 * accuracies, F1, AUC, correlation and R² upwards. An epoch improves when it beats the best so far by more
 * than {@code minDelta}. Immutable; {@code fit} keeps the running state.
 */
public final class EarlyStopping {

    private final String monitor;
    private final double minDelta;
    private final int patience;
    private final boolean restoreBestWeights;

    private EarlyStopping(String monitor, double minDelta, int patience, boolean restoreBestWeights) {
        this.monitor = monitor;
        this.minDelta = minDelta;
        this.patience = patience;
        this.restoreBestWeights = restoreBestWeights;
    }

    /** Early stopping on {@code monitor} with min delta 0, patience 0 and best weights restored. */
    public static EarlyStopping monitor(String monitor) {
        switch (Trainer.required(monitor, "The monitored figure")) {
            case "loss", "val_loss", "accuracy", "val_accuracy", "mae", "val_mae" -> { }
            default -> {
                if (!(monitor.startsWith("val_") && ValidationMetrics.known(monitor.substring(4)))) {
                    throw new IllegalArgumentException("EarlyStopping cannot monitor '" + monitor + "'; choose loss,"
                            + " accuracy, mae, their val_ forms (val_loss, ...), or a metric of"
                            + " FitOptions.withMetrics in its val_ form (val_macro_f1, ...).");
                }
            }
        }
        return new EarlyStopping(monitor, 0, 0, true);
    }

    /** The improvement that counts, at least 0. */
    public EarlyStopping withMinDelta(double minDelta) {
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("minDelta must be at least 0, but was " + minDelta + ".");
        }
        return new EarlyStopping(monitor, minDelta, patience, restoreBestWeights);
    }

    /**
     * Epochs in a row without improvement after which training stops, as in Keras: with patience 2 it stops
     * after the second such epoch. 0 and 1 both stop at the first epoch that does not improve.
     */
    public EarlyStopping withPatience(int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be at least 0, but was " + patience + ".");
        }
        return new EarlyStopping(monitor, minDelta, patience, restoreBestWeights);
    }

    /** Whether the best epoch's weights are put back when training ends (default true). */
    public EarlyStopping withRestoreBestWeights(boolean restore) {
        return new EarlyStopping(monitor, minDelta, patience, restore);
    }

    /** The monitored figure's name. */
    public String monitor() {
        return monitor;
    }

    /** Whether the best weights are restored. */
    public boolean restoreBestWeights() {
        return restoreBestWeights;
    }

    boolean needsValidation() {
        return monitor.startsWith("val_");
    }

    /** The monitored value of an epoch. */
    double valueOf(EpochResult r) {
        return r.value(monitor);
    }

    /** The running state of one fit. */
    final class Tracker {
        private final Monitor values = new Monitor(monitor, minDelta);
        private int bestEpoch;
        private int wait;

        /** Records an epoch's value; true when it is the best so far. */
        boolean improved(int epoch, double value) {
            boolean better = values.improved(value);
            if (better) {
                bestEpoch = epoch;
                wait = 0;
            } else {
                wait++;
            }
            return better;
        }

        /** Whether training should stop now: {@code patience} epochs in a row without improvement (at least one). */
        boolean shouldStop() {
            return wait > 0 && wait >= patience;
        }

        int bestEpoch() {
            return bestEpoch;
        }
    }

    Tracker tracker() {
        return new Tracker();
    }

    @Override
    public String toString() {
        return "EarlyStopping(" + monitor + ", minDelta=" + minDelta + ", patience=" + patience
                + ", restoreBestWeights=" + restoreBestWeights + ")";
    }
}
