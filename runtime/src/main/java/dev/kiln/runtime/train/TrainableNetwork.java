package dev.kiln.runtime.train;

import dev.kiln.runtime.Layer;
import dev.kiln.runtime.Parameter;
import java.util.List;

/**
 * What the training loop needs from a generated model. Generated classes implement it; the buffers it
 * exposes are allocated once, for {@link #maxBatchSize()} rows, and reused by every step.
 *
 * <p>This is the training loop's view of a model, not an API to call: its methods trust their arguments (a
 * {@code trainStep} of more rows than {@link #maxBatchSize()}, or a NaN learning rate, is not checked), because
 * {@link Trainer} has checked them once per call. Use the generated model's public methods instead.
 *
 * <p>Not thread-safe: {@link Trainer} holds {@link #inUse()} while it runs, so a second thread gets a clear
 * {@link IllegalStateException} instead of corrupted buffers.
 *
 * <p>A step reads its batch from the first {@code rows} rows of {@link #inputBuffer()} and of
 * {@link #labelBuffer()} or {@link #targetBuffer()} (by {@link #task()}), which the caller fills.
 */
public interface TrainableNetwork {

    /** Held while fit, evaluate, predict or computeGradients runs, so concurrent use fails fast. */
    java.util.concurrent.atomic.AtomicBoolean inUse();

    /** Input features per row. */
    int inputWidth();

    /** Output units. */
    int outputWidth();

    /** Rows the buffers hold. */
    int maxBatchSize();

    /** The kind of targets and metric. */
    Task task();

    /** Seed from the model's annotation; the default for shuffling. */
    long seed();

    /** Row-major input rows of the next step. */
    float[] inputBuffer();

    /** Class labels of the next step (classification), else an empty array. */
    int[] labelBuffer();

    /** Row-major targets of the next step (binary and regression), else an empty array. */
    float[] targetBuffer();

    /** After a step, the output layer's values: logits for classification and binary, else predictions. */
    float[] outputBuffer();

    /** Views of the layers, in declaration order. */
    List<Layer> layers();

    /** Epochs of {@code fit} when the options do not say ({@code @Model(epochs)}). */
    int defaultEpochs();

    /** Batch size of {@code fit} when the options do not say ({@code @Model(batchSize)}). */
    int defaultBatchSize();

    /** The {@code @Optimizer}'s learning rate η₀. */
    double defaultLearningRate();

    /** The {@code @Schedule}, or a constant schedule. */
    LearningRateSchedule defaultSchedule();

    /** Sets the learning rate of the next optimizer steps. */
    void setLearningRate(double learningRate);

    /**
     * Sets the drop probability of the named dropout layer for the next training steps.
     *
     * @throws IllegalArgumentException when no dropout layer has that name
     */
    void setDropoutRate(String layer, float rate);

    /**
     * Sets per-class weights of the training loss (see {@link FitOptions#withClassWeights}), or null for
     * none. The caller checks the length.
     */
    void setClassWeights(float[] weights);

    /** Live views of every learnable tensor, in layer order. */
    List<Parameter> parameters();

    /**
     * Forward in training mode, loss, backward and update. Returns the loss summed over the rows. When the
     * loss or a gradient is not finite, the update is skipped and the result is not finite;
     * {@link #nonFiniteGradient()} then names the layer whose gradient it was.
     */
    double trainStep(int rows);

    /** After a {@link #trainStep} that returned a non-finite value: the layer with a non-finite gradient, or null. */
    String nonFiniteGradient();

    /** Forward in inference mode and loss, no update. Returns the loss summed over the rows. */
    double evaluateStep(int rows);

    /**
     * Forward in inference mode (dropout off), loss and backward, without an update: leaves the gradient of
     * the summed-then-averaged loss in the parameters' gradient arrays. Returns the loss summed over the rows.
     */
    double gradientStep(int rows);

    /**
     * The network's structure as text: layer names, kinds, sizes, activations, loss and optimizer type, but
     * no tunable settings. A checkpoint records it (and its SHA-256 fingerprint) and loads only into a model
     * with the same structure.
     */
    String structure();

    /** Live views of every state tensor that is not a parameter: optimizer moments, BatchNorm running statistics. */
    List<dev.kiln.runtime.Tensor> stateTensors();

    /** Adds the optimizer's scalars (step count, ...) and the dropout generator's state, for a checkpoint. */
    void saveScalars(java.util.Map<String, String> into);

    /**
     * Restores what {@link #saveScalars} wrote. Parses every value before it assigns any, so a bad value
     * leaves the model unchanged.
     *
     * @throws IllegalArgumentException when a value is missing or malformed
     */
    void loadScalars(java.util.Map<String, String> from);

    /** Where training stands; {@code fit} updates it after every epoch, checkpoints save it. */
    TrainingProgress progress();

    /**
     * Readies inference steps for a call over {@code rows} rows: where a batch normalisation directly follows
     * a linear dense layer and the call is large enough to repay it, folds it into that layer's weights from
     * the current weights and statistics. {@code prepareInference(0)} turns folding off again; {@code Trainer}
     * calls it after every evaluate and predict, so a fold never outlives the weights it was made from.
     */
    void prepareInference(int rows);

    /** Forward in inference mode; leaves predictions (probabilities for softmax or sigmoid) in the output buffer. */
    void predictStep(int rows);

    /**
     * Writes this model's checkpoint to {@code path} without taking the model, for a callback inside its own
     * {@code fit}; {@code save} is the public, exclusive form.
     *
     * @param path the checkpoint file, replaced atomically
     * @throws java.io.IOException when it cannot be written
     */
    void writeCheckpoint(java.nio.file.Path path) throws java.io.IOException;
}
