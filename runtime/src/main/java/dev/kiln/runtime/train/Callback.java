package dev.kiln.runtime.train;

/**
 * Hooks into {@code fit}, called on the training thread in this order: {@link #onTrainBegin}, then per epoch
 * {@link #onEpochBegin}, {@link #onBatchEnd} after every step, {@link #onEpochEnd}, and finally
 * {@link #onTrainEnd}. Built in: {@link ModelCheckpoint}, {@link ReduceLearningRateOnPlateau} and
 * {@link CsvLogger}; early stopping is {@link FitOptions#withEarlyStopping}. Every method does nothing by
 * default. {@code onBatchEnd} runs once per step: keep it cheap and allocation-free.
 */
public interface Callback {

    /** Before the first epoch of this call (after a resume, before the first remaining epoch). */
    default void onTrainBegin(TrainingContext context) {}

    /** Before epoch {@code epoch} (1-based). */
    default void onEpochBegin(int epoch, TrainingContext context) {}

    /**
     * After step {@code batch} (0-based within the epoch) of epoch {@code epoch}, with the step's mean loss.
     */
    default void onBatchEnd(int epoch, int batch, double loss, TrainingContext context) {}

    /**
     * After an epoch and its validation; the model's {@link TrainingProgress} already counts the epoch, so a
     * checkpoint saved here resumes after it.
     */
    default void onEpochEnd(EpochResult result, TrainingContext context) {}

    /** After the last epoch, or when training stopped early; not called when training fails. */
    default void onTrainEnd(History history, TrainingContext context) {}
}
