package dev.kiln.runtime.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes one CSV line per epoch as training runs (Keras's {@code CSVLogger}), appended and closed after each
 * line so the file can be watched and survives a crash. The columns are those of {@link History#toCsv()}. A
 * new {@code fit} replaces the file, unless it resumes, which appends.
 */
public final class CsvLogger implements Callback {

    private final Path path;

    /** Logs to {@code path}. */
    public CsvLogger(Path path) {
        this.path = Trainer.required(path, "The CsvLogger path");
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        ModelCheckpoint.checkWritable(path, "CsvLogger");
        boolean resumed = context.resumed() && Files.exists(path);
        if (!resumed) {
            write(History.csvHeader(context.metricName(), context.hasValidation(), extra(context)), false);
        }
    }

    @Override
    public void onEpochEnd(EpochResult result, TrainingContext context) {
        write(History.csvLine(result, context.hasValidation(), extra(context)), true);
    }

    private void write(String text, boolean append) {
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** The {@code val_} names of the metrics the run computes, the CSV's extra columns. */
    private static java.util.List<String> extra(TrainingContext context) {
        return context.metrics().stream().map(n -> "val_" + n).toList();
    }
}
