package dev.kiln.runtime.train;

/** Thrown by {@code fit} when the loss stops being a finite number. */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with its full message. */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
