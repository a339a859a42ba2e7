package dev.kiln.runtime.train;

/**
 * Where a model's training stands, kept by the model and updated by {@code fit} after every epoch, so that a
 * checkpoint can hold it and {@link FitOptions#withResume()} can continue the same run: epochs and steps
 * done, the seed, the shuffle and augmentation generators and the current row order, and the learning-rate
 * factor set by {@link Callbacks#reduceLearningRateOnPlateau}.
 */
public final class TrainingProgress {

    int epochsDone;
    long steps;
    long seed;
    String shuffleState;
    String augmentState;
    int[] order;
    double rateFactor = 1;

    /** Epochs completed by the run that last called {@code fit}. */
    public int epochsDone() {
        return epochsDone;
    }

    /** Training steps (mini-batches) completed by that run. */
    public long steps() {
        return steps;
    }

    /** The seed of that run. */
    public long seed() {
        return seed;
    }

    /** The shuffle generator's saved state, or null before any epoch. */
    public String shuffleState() {
        return shuffleState;
    }

    /** The augmentation generator's saved state, or null before any epoch. */
    public String augmentState() {
        return augmentState;
    }

    /** A copy of the row order of the last epoch, or null before any epoch. */
    public int[] order() {
        return order == null ? null : order.clone();
    }

    /** Factor applied to the scheduled learning rate (1 unless reduced on a plateau). */
    public double rateFactor() {
        return rateFactor;
    }

    /**
     * Sets every field at once, as read from a checkpoint.
     *
     * @throws IllegalArgumentException when the values are inconsistent
     */
    public void restore(int epochsDone, long steps, long seed, String shuffleState, String augmentState, int[] order,
                        double rateFactor) {
        if (epochsDone < 0 || steps < 0 || !(rateFactor > 0) || Double.isInfinite(rateFactor)) {
            throw new IllegalArgumentException("inconsistent training progress: epochs " + epochsDone + ", steps "
                    + steps + ", rate factor " + rateFactor);
        }
        if (epochsDone > 0 && (order == null || shuffleState == null || augmentState == null)) {
            throw new IllegalArgumentException("training progress after " + epochsDone + " epochs lacks its row order"
                    + " or generator states");
        }
        if (order != null) {
            boolean[] seen = new boolean[order.length];
            for (int r : order) {
                if (r < 0 || r >= order.length || seen[r]) {
                    throw new IllegalArgumentException("the saved row order is not a permutation of 0.."
                            + (order.length - 1));
                }
                seen[r] = true;
            }
        }
        this.epochsDone = epochsDone;
        this.steps = steps;
        this.seed = seed;
        this.shuffleState = shuffleState;
        this.augmentState = augmentState;
        this.order = order;
        this.rateFactor = rateFactor;
    }

    /** Records a completed epoch; reuses the order array so an epoch allocates only the two state strings. */
    void record(int epoch, long steps, String shuffleState, String augmentState, int[] order) {
        this.epochsDone = epoch;
        this.steps = steps;
        this.shuffleState = shuffleState;
        this.augmentState = augmentState;
        if (this.order == null || this.order.length != order.length) {
            this.order = order.clone();
        } else {
            System.arraycopy(order, 0, this.order, 0, order.length);
        }
    }

    /** Forgets the run: the next {@code fit} without resume starts here anyway. */
    void reset(long seed) {
        restore(0, 0, seed, null, null, null, 1);
    }
}
