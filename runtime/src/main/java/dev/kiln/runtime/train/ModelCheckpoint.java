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
        this.path = Trainer.required(path, "The ModelCheckpoint path");
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
        checkWritable(path, "ModelCheckpoint");
        if (monitor != null) {
            context.requireMonitor("ModelCheckpoint", monitor);
            tracker = new Monitor(monitor, 0);
        }
    }

    /**
     * Fails before the first step, with the model unchanged, when the checkpoint could not be written after the
     * first epoch: a save writes a temporary file beside {@code path} and renames it, so the folder must exist
     * and take a new file, and {@code path} must not be a folder.
     */
    static void checkWritable(Path path, String who) {
        Path absolute = path.toAbsolutePath();
        Path folder = absolute.getParent();
        String problem = null;
        if (java.nio.file.Files.isDirectory(absolute)) {
            problem = "it is a folder; give a file name such as " + absolute.resolve("best.safetensors");
        } else if (folder == null || !java.nio.file.Files.isDirectory(folder)) {
            problem = "its folder " + folder + " does not exist; create it first";
        } else {
            try {
                java.nio.file.Files.delete(java.nio.file.Files.createTempFile(folder, ".kiln-probe-", ".tmp"));
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                problem = "its folder " + folder + " does not take new files (" + e.getClass().getSimpleName() + ")";
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException(who + " cannot write to " + path + ": " + problem
                    + ". Nothing was trained.");
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
