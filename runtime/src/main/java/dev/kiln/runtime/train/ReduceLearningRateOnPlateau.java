package dev.kiln.runtime.train;

/**
 * Multiplies the learning rate by {@code factor} when a monitored figure has not improved for
 * {@code patience} epochs, as Keras's {@code ReduceLROnPlateau}, with its defaults: factor 0.1, patience 10,
 * min delta 1e-4, no cooldown, no floor. The reduction applies on top of any schedule, as a factor that
 * checkpoints keep; the wait counter starts again in each {@code fit}.
 */
public final class ReduceLearningRateOnPlateau implements Callback {

    private final String monitor;
    private final double factor;
    private final int patience;
    private final double minDelta;
    private final double minFactor;
    private Monitor tracker;
    private int wait;

    private ReduceLearningRateOnPlateau(String monitor, double factor, int patience, double minDelta,
                                        double minFactor) {
        this.monitor = monitor;
        this.factor = factor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.minFactor = minFactor;
    }

    /** Watches {@code monitor} (e.g. {@code val_loss}) with Keras's defaults. */
    public static ReduceLearningRateOnPlateau monitor(String monitor) {
        EpochResult.requireFigure(monitor);
        return new ReduceLearningRateOnPlateau(monitor, 0.1, 10, 1e-4, 0);
    }

    /** The factor in (0, 1) applied at each plateau. */
    public ReduceLearningRateOnPlateau withFactor(double factor) {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1), but was " + factor + ".");
        }
        return new ReduceLearningRateOnPlateau(monitor, factor, patience, minDelta, minFactor);
    }

    /** Epochs without improvement before a reduction, at least 1. */
    public ReduceLearningRateOnPlateau withPatience(int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be at least 1, but was " + patience + ".");
        }
        return new ReduceLearningRateOnPlateau(monitor, factor, patience, minDelta, minFactor);
    }

    /** The improvement that counts, at least 0. */
    public ReduceLearningRateOnPlateau withMinDelta(double minDelta) {
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("minDelta must be at least 0, but was " + minDelta + ".");
        }
        return new ReduceLearningRateOnPlateau(monitor, factor, patience, minDelta, minFactor);
    }

    /** The smallest overall factor on the scheduled rate (Keras's {@code min_lr} relative to the rate). */
    public ReduceLearningRateOnPlateau withMinFactor(double minFactor) {
        if (!(minFactor >= 0 && minFactor < 1)) {
            throw new IllegalArgumentException("minFactor must be in [0, 1), but was " + minFactor + ".");
        }
        return new ReduceLearningRateOnPlateau(monitor, factor, patience, minDelta, minFactor);
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        context.requireMonitor("ReduceLearningRateOnPlateau", monitor);
        tracker = new Monitor(monitor, minDelta);
        wait = 0;
    }

    @Override
    public void onEpochEnd(EpochResult result, TrainingContext context) {
        if (tracker.improved(result)) {
            wait = 0;
            return;
        }
        if (++wait >= patience) {
            double next = Math.max(context.learningRateFactor() * factor, minFactor);
            if (next > 0 && next < context.learningRateFactor()) {
                context.setLearningRateFactor(next);
            }
            wait = 0;
        }
    }
}
