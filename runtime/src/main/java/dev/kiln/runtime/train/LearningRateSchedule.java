package dev.kiln.runtime.train;

/**
 * How the learning rate changes during training, from the base rate η₀ (the {@code @Optimizer}'s, or
 * {@link FitOptions#withLearningRate}). The clock δ counts optimizer steps or whole epochs, from 0 at the
 * start of {@code fit}, as {@link #perStep()} says; the formulas are the slides' (δ is their t).
 */
public interface LearningRateSchedule {

    /** The rate at clock {@code t} (steps or epochs completed since the start of the fit). */
    double rate(double base, long t);

    /** True when the clock counts optimizer steps, false when it counts epochs. */
    boolean perStep();

    /** η = η₀ throughout. */
    static LearningRateSchedule constant() {
        return of(false, (base, t) -> base, "constant");
    }

    /** Inverse decay, η = η₀ / (1 + k·δ). */
    static LearningRateSchedule inverse(double k, boolean perStep) {
        requireNonNegative("inverse decay k", k);
        return of(perStep, (base, t) -> base / (1 + k * t), "inverse(k=" + k + per(perStep) + ")");
    }

    /** Exponential decay, η = η₀ · e^(−k·δ). */
    static LearningRateSchedule exponential(double k, boolean perStep) {
        requireNonNegative("exponential decay k", k);
        return of(perStep, (base, t) -> base * Math.exp(-k * t), "exponential(k=" + k + per(perStep) + ")");
    }

    /** Step decay: η = η₀ · factor^⌊epoch / every⌋, per epoch. */
    static LearningRateSchedule step(double factor, int everyEpochs) {
        if (!(factor > 0 && factor <= 1) || everyEpochs < 1) {
            throw new IllegalArgumentException("step schedule needs factor in (0, 1] and everyEpochs >= 1, but got"
                    + " factor " + factor + ", everyEpochs " + everyEpochs + ".");
        }
        return of(false, (base, t) -> base * Math.pow(factor, t / everyEpochs),
                "step(factor=" + factor + ", every=" + everyEpochs + ")");
    }

    /**
     * Cosine annealing over {@code period} steps or epochs, η = η_min + ½(η₀ − η_min)(1 + cos(π·δ/period)),
     * then η_min.
     */
    static LearningRateSchedule cosine(long period, double minRate, boolean perStep) {
        if (period < 1 || !(minRate >= 0) || Double.isInfinite(minRate)) {
            throw new IllegalArgumentException("cosine schedule needs period >= 1 and minRate >= 0, but got period "
                    + period + ", minRate " + minRate + ".");
        }
        return of(perStep, (base, t) -> t >= period ? minRate
                        : minRate + 0.5 * (base - minRate) * (1 + Math.cos(Math.PI * t / period)),
                "cosine(period=" + period + ", min=" + minRate + per(perStep) + ")");
    }

    private static String per(boolean perStep) {
        return perStep ? ", per step" : ", per epoch";
    }

    private static void requireNonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be a finite number at least 0, but was " + v + ".");
        }
    }

    /** A schedule from a formula, with a readable {@code toString}. */
    private static LearningRateSchedule of(boolean perStep, Formula f, String name) {
        return new LearningRateSchedule() {
            @Override
            public double rate(double base, long t) {
                return f.rate(base, t);
            }

            @Override
            public boolean perStep() {
                return perStep;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** The formula behind a schedule. */
    @FunctionalInterface
    interface Formula {
        /** Rate at clock t from base rate. */
        double rate(double base, long t);
    }
}
