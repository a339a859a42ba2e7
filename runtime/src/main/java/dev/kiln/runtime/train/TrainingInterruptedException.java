package dev.kiln.runtime.train;

/**
 * Thrown by {@code fit} when its thread is interrupted ({@link Thread#interrupt()}, or a cancelled
 * {@code Future}). {@code fit} checks before every step, so the model is left at a step boundary: it holds the
 * weights, optimizer state and statistics of the last step it completed. The thread's interrupt flag stays set,
 * as Java's convention asks of code that does not throw {@link InterruptedException}.
 *
 * <p>The model records completed epochs only, so {@code fit(..., options.withResume())} after an interrupt runs
 * the interrupted epoch again from its first step, starting from the weights as they stand; for a run
 * bit-identical to an uninterrupted one, restore the last checkpoint (saved at an epoch's end) before resuming.
 */
public final class TrainingInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The completed epochs; not serialised, as a History is not. */
    private final transient History history;

    /**
     * Creates the exception.
     *
     * @param message what was interrupted and what state the model is in
     * @param history the epochs completed before the interrupt
     */
    public TrainingInterruptedException(String message, History history) {
        super(message);
        this.history = history;
    }

    /**
     * The epochs that completed before the interrupt, as {@code fit} would have returned them.
     *
     * @return the history of the completed epochs
     */
    public History history() {
        return history;
    }
}
