package dev.kiln.runtime.io;

import java.io.IOException;

/**
 * A checkpoint that cannot be saved or loaded. On load: the file is missing, a directory or unreadable, not a
 * Kiln checkpoint, made for another structure, truncated, damaged, or holds a value outside its domain; the
 * model in memory is then unchanged. On save: the path is a directory, its directory is missing or not
 * writable, the disk is full, or the model holds a value no checkpoint may hold (NaN or infinite after
 * training diverged); any previous file at the path is then unchanged. The message names the path
 * the caller gave and what to do.
 */
public final class CheckpointException extends IOException {

    /** Creates the exception with a message that already names the file. */
    public CheckpointException(String message) {
        super(message);
    }

    /** Creates the exception with a message that already names the file, and the failure that caused it. */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
