package dev.kiln.runtime.train;

import java.util.function.IntFunction;

/**
 * A trained model's inference, for any number of threads at once: what a service that answers many requests
 * holds instead of one model per thread. {@link KilnModel#predictor()} makes one.
 *
 * <p>It is an immutable snapshot: the weights and BatchNorm statistics are copied once when it is made, so
 * training the model afterwards does not change it, and it never changes them. Each thread that calls it gets
 * scratch buffers of its own (one row's worth for single predictions, made on the thread's first call; a
 * batch's worth on its first batch call), so calls take no lock and do not wait for each other. A prediction
 * runs the model's own generated inference code, so it returns exactly what the model's {@code predict}
 * returned when the snapshot was taken, bit for bit. Dropout is off; batch normalisation uses its running
 * statistics.
 *
 * <p>Single-row calls allocate only the returned array, and {@link #predict(float[], float[])} allocates
 * nothing. A thread's buffers are held in a {@link ThreadLocal} of this predictor: they go when the thread ends,
 * or, after the predictor is dropped, when the thread's own table clears its stale entries. A service that
 * replaces its predictor often, from a pool of long-lived threads, may hold the old buffers for a while.
 */
public final class Predictor {

    private final int inputs;
    private final int outputs;
    private final Task task;
    private final ThreadLocal<TrainableNetwork> single;
    private final ThreadLocal<TrainableNetwork> batch;

    /**
     * Made by a generated model's {@code predictor()}; not meant to be called otherwise.
     *
     * @param snapshot  a copy of the model's weights and statistics that nothing trains
     * @param views     makes a view of {@code snapshot} with buffers for the given number of rows, sharing its
     *                  weights
     * @param batchRows rows of the per-thread buffers for batch calls
     */
    public Predictor(TrainableNetwork snapshot, IntFunction<TrainableNetwork> views, int batchRows) {
        Trainer.required(snapshot, "The snapshot");
        Trainer.required(views, "The view factory");
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be at least 1, but was " + batchRows + ".");
        }
        this.inputs = snapshot.inputWidth();
        this.outputs = snapshot.outputWidth();
        this.task = snapshot.task();
        this.single = ThreadLocal.withInitial(() -> views.apply(1));
        this.batch = ThreadLocal.withInitial(() -> views.apply(batchRows));
    }

    /**
     * Input features per row.
     *
     * @return the input width
     */
    public int inputs() {
        return inputs;
    }

    /**
     * Output values per row.
     *
     * @return the output width
     */
    public int outputs() {
        return outputs;
    }

    /**
     * The network's output for one row, as the model's {@code predict} gives it.
     *
     * @param features one row of {@link #inputs()} features
     * @return {@link #outputs()} values
     */
    public float[] predict(float[] features) {
        float[] into = new float[outputs];
        Trainer.predictInto(single.get(), features, 1, into);
        return into;
    }

    /**
     * As {@link #predict(float[])}, writing into the caller's array: nothing is allocated.
     *
     * @param features one row of {@link #inputs()} features
     * @param into     receives {@link #outputs()} values
     */
    public void predict(float[] features, float[] into) {
        Trainer.required(into, "The output array");
        if (into.length != outputs) {
            throw new IllegalArgumentException("predict writes " + outputs + " values, but the output array has "
                    + into.length + ".");
        }
        Trainer.predictInto(single.get(), features, 1, into);
    }

    /**
     * The network's output for each row, computed in batches (which may use Kiln's worker threads).
     *
     * @param rows rows of {@link #inputs()} features
     * @return one array of {@link #outputs()} values per row
     */
    public float[][] predict(float[][] rows) {
        return Trainer.predict(batch.get(), rows);
    }

    /**
     * The predicted class of one row, as {@link KilnModel#predictClass} defines it.
     *
     * @param features one row of {@link #inputs()} features
     * @return the class index
     * @throws IllegalStateException for a regression model, or one with several independent yes/no outputs
     */
    public int predictClass(float[] features) {
        return Trainer.classOf(task, predict(features));
    }
}
