package dev.kiln.runtime.train;

/** Called after each epoch of {@code fit}, on the training thread. */
@FunctionalInterface
public interface EpochListener {

    /** Receives the epoch's figures. */
    void onEpochEnd(EpochResult result);
}
