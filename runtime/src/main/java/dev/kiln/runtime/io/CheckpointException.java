package dev.kiln.runtime.io;

import java.io.IOException;

/**
 * A checkpoint file that cannot be loaded into this model: not a Kiln checkpoint, made for another
 * structure, truncated, or damaged. The message names the file and what is wrong. When it is thrown, the
 * model in memory is unchanged.
 */
public final class CheckpointException extends IOException {

    /** Creates the exception with a message that already names the file. */
    public CheckpointException(String message) {
        super(message);
    }
}
