package dev.kiln.runtime.model;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.io.Checkpoint;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.KilnModel;
import dev.kiln.runtime.train.TrainableNetwork;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.Verbosity;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The interface every class Kiln generates implements: the public {@link KilnModel} over the network's own
 * passes ({@link TrainableNetwork}). The methods that are the same for every network are written once here, so
 * that a generated class holds only what is specific to its network: sizes, arrays, initialisation and the
 * passes. Implemented by generated code only; a model class must not declare these methods itself.
 *
 * <p>It sits above both {@code train} and {@code io}: training never needs the checkpoint format, and the
 * checkpoint format reads models through {@link TrainableNetwork}, so neither package imports the other's.
 */
public interface GeneratedModel extends KilnModel, TrainableNetwork {

    @Override
    default History fit(Dataset train, FitOptions options) {
        return Trainer.fit(this, train, options);
    }

    @Override
    default Evaluation evaluate(Dataset data) {
        return Trainer.evaluate(this, data);
    }

    /**
     * {@inheritDoc} A bar over the rows on a terminal ({@code BAR}, or {@code AUTO} there), then a closing line
     * unless {@code SILENT}.
     */
    @Override
    default Evaluation evaluate(Dataset data, Verbosity verbosity) {
        return Trainer.evaluate(this, data, verbosity, System.out);
    }

    @Override
    default float[] predict(float[] features) {
        return Trainer.predict(this, features, 1);
    }

    @Override
    default float[][] predict(float[][] rows) {
        return Trainer.predict(this, rows);
    }

    @Override
    default float[][] predict(float[][] rows, Verbosity verbosity) {
        return Trainer.predict(this, rows, verbosity, System.out);
    }

    @Override
    default double computeGradients(Dataset batch) {
        return Trainer.computeGradients(this, batch);
    }

    /**
     * {@inheritDoc} The file is in the safetensors layout and holds weights, BatchNorm statistics, optimizer
     * state and training progress; see {@link Checkpoint}.
     */
    @Override
    default void save(Path path) throws IOException {
        Trainer.required(path, "The checkpoint path");
        Trainer.exclusivelyIo(this, () -> Checkpoint.save(this, path));
    }

    /**
     * {@inheritDoc} Afterwards {@code fit} with {@code FitOptions.withResume()} continues the saved run.
     *
     * @throws dev.kiln.runtime.io.CheckpointException when the file was made for another structure, or is
     *                                                 truncated or damaged; the model is then unchanged
     */
    @Override
    default void restore(Path path) throws IOException {
        Trainer.required(path, "The checkpoint path");
        Trainer.exclusivelyIo(this, () -> Checkpoint.restore(this, path));
    }

    @Override
    default void writeCheckpoint(Path path) throws IOException {
        Checkpoint.save(this, path);
    }

    @Override
    default int inputWidth() {
        return inputs();
    }

    @Override
    default int outputWidth() {
        return outputs();
    }
}
