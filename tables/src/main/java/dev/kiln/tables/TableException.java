package dev.kiln.tables;

/**
 * A table that cannot be read or encoded as asked: the message names the file, the line and the column, and
 * what to do.
 */
public final class TableException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * A problem in words.
     *
     * @param message what is wrong, where, and what to do
     */
    public TableException(String message) {
        super(message);
    }
}
