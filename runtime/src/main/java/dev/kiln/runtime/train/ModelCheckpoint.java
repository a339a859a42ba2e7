package dev.kiln.runtime.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Saves the model's full state after epochs, atomically (see {@link dev.kiln.runtime.io.Checkpoint}): after
 * every epoch, or only when a monitored figure improves (Keras's {@code save_best_only}). A failed save
 * stops {@code fit} with the I/O error rather than training on without the checkpoint the user asked for.
 */
public final class ModelCheckpoint implements Callback {

    private final Path path;
    private final String monitor;
    private Monitor tracker;

    private ModelCheckpoint(Path path, String monitor) {
        this.path = path;
        this.monitor = monitor;
    }

    /** Saves to {@code path} after every epoch; the file always holds the latest epoch. */
    public static ModelCheckpoint everyEpoch(Path path) {
        return new ModelCheckpoint(path, null);
    }

    /** Saves to {@code path} after each epoch whose {@code monitor} (e.g. {@code val_loss}) is the best so far. */
    public static ModelCheckpoint best(Path path, String monitor) {
        EpochResult.requireFigure(monitor);
        return new ModelCheckpoint(path, monitor);
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        if (monitor != null) {
            context.requireMonitor("ModelCheckpoint", monitor);
            tracker = new Monitor(monitor, 0);
        }
    }

    @Override
    public void onEpochEnd(EpochResult result, TrainingContext context) {
        if (tracker != null && !tracker.improved(result)) {
            return;
        }
        try {
            context.save(path);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint could not save epoch " + result.epoch() + " to " + path
                    + ": " + e.getMessage(), e);
        }
    }
}
