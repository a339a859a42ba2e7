package dev.kiln.runtime.train;

import dev.kiln.runtime.data.Dataset;

/**
 * Settings of one {@code fit} call; immutable, each {@code with…} returns a changed copy. Defaults follow
 * Keras: 1 epoch, batch size 32, shuffled every epoch, one progress line per epoch.
 */
public final class FitOptions {

    private final int epochs;
    private final int batchSize;
    private final boolean shuffle;
    private final Long seed;
    private final Dataset validation;
    private final boolean verbose;
    private final EpochListener listener;

    private FitOptions(int epochs, int batchSize, boolean shuffle, Long seed, Dataset validation,
                       boolean verbose, EpochListener listener) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.validation = validation;
        this.verbose = verbose;
        this.listener = listener;
    }

    /** The defaults: 1 epoch, batch size 32, shuffle with the model's seed, verbose, no validation data. */
    public static FitOptions defaults() {
        return new FitOptions(1, 32, true, null, null, true, null);
    }

    /** Number of passes over the training data (at least 1). */
    public FitOptions withEpochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, but was " + epochs + ".");
        }
        return new FitOptions(epochs, batchSize, shuffle, seed, validation, verbose, listener);
    }

    /**
     * Rows per mini-batch: 1 for stochastic gradient descent, the data set's size (up to the model's
     * maximum batch size) for full-batch. The last batch of an epoch may be smaller.
     */
    public FitOptions withBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, but was " + batchSize + ".");
        }
        return new FitOptions(epochs, batchSize, shuffle, seed, validation, verbose, listener);
    }

    /** Whether to reshuffle the rows before every epoch (default true). */
    public FitOptions withShuffle(boolean shuffle) {
        return new FitOptions(epochs, batchSize, shuffle, seed, validation, verbose, listener);
    }

    /** Seed of the per-epoch shuffle; by default the model's seed. */
    public FitOptions withSeed(long seed) {
        return new FitOptions(epochs, batchSize, shuffle, seed, validation, verbose, listener);
    }

    /** Data evaluated after every epoch (validation loss and metric in the history). */
    public FitOptions withValidation(Dataset validation) {
        return new FitOptions(epochs, batchSize, shuffle, seed, validation, verbose, listener);
    }

    /** Whether to print one line per epoch to standard output (default true). */
    public FitOptions withVerbose(boolean verbose) {
        return new FitOptions(epochs, batchSize, shuffle, seed, validation, verbose, listener);
    }

    /** Called after every epoch. */
    public FitOptions withListener(EpochListener listener) {
        return new FitOptions(epochs, batchSize, shuffle, seed, validation, verbose, listener);
    }

    /** Number of epochs. */
    public int epochs() {
        return epochs;
    }

    /** Rows per mini-batch. */
    public int batchSize() {
        return batchSize;
    }

    /** Whether rows are reshuffled every epoch. */
    public boolean shuffle() {
        return shuffle;
    }

    /** The shuffle seed, or the given default when none was set. */
    public long seedOr(long modelSeed) {
        return seed == null ? modelSeed : seed;
    }

    /** Validation data, or null. */
    public Dataset validation() {
        return validation;
    }

    /** Whether a line per epoch is printed. */
    public boolean verbose() {
        return verbose;
    }

    /** The epoch listener, or null. */
    public EpochListener listener() {
        return listener;
    }
}
