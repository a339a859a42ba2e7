package dev.kiln.runtime.train;

import dev.kiln.runtime.Rng;
import dev.kiln.runtime.data.Dataset;

/**
 * Some of an epoch's training steps on one shard of the data, exactly as {@code fit} runs them: for data-parallel
 * trainers (kiln-spark) whose replicas each run a slice of an epoch between two averagings. A replica that runs
 * every step of every epoch of the whole data set, from the same state, ends with {@code fit}'s weights to the
 * bit; that is what makes one replica of a distributed run comparable with a run on one machine.
 *
 * <p>What {@code fit} does around the steps (validation, callbacks, early stopping, progress, class weights,
 * augmentation, dropout rates from options) is the caller's.
 */
public final class LocalSteps {

    private LocalSteps() {}

    /**
     * What the steps did: summed as {@code fit} sums an epoch's figures.
     *
     * @param lossSum     the loss summed over the rows
     * @param metricSum   accuracy's correct rows, or the absolute error summed over the outputs
     * @param metricCount what {@code metricSum} is divided by for the mean: rows, or rows × outputs
     * @param rows        rows trained on
     * @param steps       steps run
     */
    public record Result(double lossSum, double metricSum, double metricCount, int rows, int steps) {}

    /**
     * Whether {@code net} has batch normalisation and {@code rows} in batches of {@code batch} would leave a
     * training batch of one row, whose variance is 0: {@code fit} refuses such a run, and a caller of {@link #run}
     * must too.
     */
    public static boolean leavesBatchOfOne(TrainableNetwork net, int rows, int batch) {
        return Trainer.hasBatchNorm(net) && (batch == 1 || rows % batch == 1);
    }

    /**
     * The order in which {@code fit} visits {@code rows} rows in {@code epoch} (from 1) of a run with shuffling
     * seeded {@code seed}: the identity, shuffled once per epoch by {@code fit}'s shuffle stream.
     *
     * @param seed  the run's seed ({@code FitOptions.withSeed}, else the model's)
     * @param rows  rows in the data
     * @param epoch the epoch, from 1
     * @return row indices in visiting order
     */
    public static int[] epochOrder(long seed, int rows, int epoch) {
        if (rows < 1 || epoch < 1) {
            throw new IllegalArgumentException("epochOrder needs at least one row and an epoch from 1, but got "
                    + rows + " rows and epoch " + epoch + ".");
        }
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        Rng shuffler = Rng.derive(seed, Trainer.SHUFFLE_STREAM);
        for (int e = 1; e <= epoch; e++) {
            shuffler.shuffle(order, rows);
        }
        return order;
    }

    /**
     * The learning rate {@code fit} uses at each of steps {@code fromStep} to {@code toStep} (exclusive) of
     * {@code epoch}: the schedule's rate for the epoch, or for a per-step schedule for the run's step count.
     *
     * @param schedule      the schedule
     * @param baseRate      its base learning rate
     * @param epoch         the epoch, from 1
     * @param stepsPerEpoch steps in every epoch of the run
     * @param fromStep      first step within the epoch, from 0
     * @param toStep        one past the last
     * @return one rate per step
     */
    public static double[] rates(LearningRateSchedule schedule, double baseRate, int epoch, int stepsPerEpoch,
                                 int fromStep, int toStep) {
        double[] rates = new double[toStep - fromStep];
        // fit counts steps from the run's first; a per-step schedule reads that count
        long step = (long) (epoch - 1) * stepsPerEpoch + fromStep;
        for (int i = 0; i < rates.length; i++, step++) {
            rates[i] = schedule.rate(baseRate, schedule.perStep() ? step : epoch - 1);
        }
        return rates;
    }

    /**
     * Runs steps {@code fromStep} (inclusive) to {@code fromStep + rates.length} (exclusive) of {@code epoch} on
     * {@code shard}, in batches of {@code batch} rows taken in {@code order}, step {@code i} at {@code rates[i]}.
     *
     * @param net      the model, with dropout rates and class weights as the caller wants them
     * @param shard    the rows, already checked (width, labels in range, finite values)
     * @param order    the epoch's visiting order of the shard's rows, e.g. {@link #epochOrder}
     * @param batch    rows per step (the last step of an epoch may have fewer)
     * @param fromStep first step within the epoch, from 0
     * @param rates    the learning rate of each step, e.g. {@link #rates}
     * @param epoch    the epoch, from 1, for messages
     * @return the summed loss and metric
     * @throws TrainingDivergedException when a loss, gradient or weight stops being finite
     * @throws IllegalStateException     when the model is in use on another thread
     */
    public static Result run(TrainableNetwork net, Dataset shard, int[] order, int batch, int fromStep,
                             double[] rates, int epoch) {
        int rows = shard.rows();
        int steps = (rows + batch - 1) / batch;
        int toStep = fromStep + rates.length;
        if (batch < 1 || batch > net.maxBatchSize() || order.length != rows || fromStep < 0 || toStep > steps
                || epoch < 1) {
            throw new IllegalArgumentException("LocalSteps.run: steps " + fromStep + " to " + toStep + " of epoch "
                    + epoch + " in batches of " + batch + " do not fit " + rows + " rows (" + steps + " steps, an order"
                    + " of " + order.length + ", at most " + net.maxBatchSize() + " rows a batch).");
        }
        Task task = net.task();
        return Trainer.exclusively(net, () -> {
            double lossSum = 0;
            double metricSum = 0;
            int done = 0;
            for (int s = fromStep; s < toStep; s++) {
                net.setLearningRate(rates[s - fromStep]);
                int from = s * batch;
                int n = Math.min(batch, rows - from);
                Trainer.copyBatch(net, shard, order, from, n);
                double loss = net.trainStep(n);
                if (!Double.isFinite(loss)) {
                    throw Trainer.diverged(net, epoch, s, loss);
                }
                lossSum += loss;
                metricSum += Trainer.metricSum(net, task, n);
                done += n;
            }
            if (!Trainer.parametersFinite(net)) {
                throw Trainer.diverged(net, epoch, toStep - 1, Double.POSITIVE_INFINITY);
            }
            return new Result(lossSum, metricSum, Trainer.metricCount(task, net, done), done, toStep - fromStep);
        });
    }
}
