package dev.kiln.spark;

import dev.kiln.runtime.Rng;
import dev.kiln.runtime.train.LocalSteps;
import dev.kiln.runtime.train.TrainableNetwork;
import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one replica does in one round, on an executor: build the model, take the broadcast state, run its slice of
 * the epoch on its shard, hand back its state. A pure function of the round's plan, the state and the shard, so
 * that a retried or speculative task returns the same bits.
 */
final class Replica {

    /** Seeds the replicas' other streams apart from replica 0, which shuffles as {@code fit} does. */
    private static final long REPLICA_STREAM = 0x6b696c6e_73706bL;

    private Replica() {}

    /**
     * One round's plan for every replica.
     *
     * @param modelClass   the generated model class's name
     * @param maxBatchSize the driver model's maximum batch
     * @param batch        rows per step
     * @param epoch        the epoch, from 1
     * @param round        the round within the run, from 0, to seed replicas' dropout apart
     * @param seed         the run's seed
     * @param fromStep     each replica's first step within the epoch
     * @param rates        each replica's learning rate per step
     */
    record Plan(String modelClass, int maxBatchSize, int batch, int epoch, long round, long seed, int[] fromStep,
                double[][] rates) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * What a replica hands back.
     *
     * @param replica   which
     * @param state     its state after the round
     * @param lossSum   loss summed over its rows
     * @param metricSum   metric summed as fit sums it
     * @param metricCount what the metric's mean divides by
     * @param rows        rows trained on
     */
    record Result(int replica, ModelState state, double lossSum, double metricSum, double metricCount, int rows)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The shuffle seed of {@code replica}: the run's own for replica 0, so that one replica is {@code fit}. */
    static long shuffleSeed(long seed, int replica) {
        return replica == 0 ? seed : Rng.derive(seed ^ REPLICA_STREAM, replica).nextLong();
    }

    /** Runs {@code replica}'s part of the round. */
    static Result run(Plan plan, ModelState start, Shard shard) {
        TrainableNetwork net = newModel(plan.modelClass(), plan.maxBatchSize());
        int g = shard.replica();
        Map<String, String> scalars = start.scalars();
        if (g > 0 && scalars.containsKey("dropout.rng")) {
            // replicas draw their own dropout masks: the same masks on every replica would be one mask, G times
            scalars = new LinkedHashMap<>(scalars);
            scalars.put("dropout.rng", Rng.derive(shuffleSeed(plan.seed(), g) + plan.round() * Rng.GAMMA, 7)
                    .saveState());
        }
        new ModelState(start.values(), scalars).writeTo(net);
        int[] order = LocalSteps.epochOrder(shuffleSeed(plan.seed(), g), shard.rows(), plan.epoch());
        LocalSteps.Result r = LocalSteps.run(net, shard.dataset(), order, plan.batch(), plan.fromStep()[g],
                plan.rates()[g], plan.epoch());
        return new Result(g, ModelState.of(net), r.lossSum(), r.metricSum(), r.metricCount(), r.rows());
    }

    /** A fresh instance of the generated class, by name, as the executor's class loader finds it. */
    static TrainableNetwork newModel(String className, int maxBatchSize) {
        Class<?> type;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            type = Class.forName(className, true, loader != null ? loader : Replica.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ModelClassMissing("The model class " + className + " is not on this executor's class path ("
                    + e + "). Ship the jar that holds it with the job (spark-submit --jars, or"
                    + " spark.jars), beside kiln-runtime.");
        }
        try {
            var constructor = type.getDeclaredConstructor(int.class);
            constructor.setAccessible(true); // a model declared in a test or a package-private class
            return (TrainableNetwork) constructor.newInstance(maxBatchSize);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | ClassCastException e) {
            throw new IllegalArgumentException(className + " is not a model class Kiln generated (it has no public"
                    + " constructor taking the maximum batch size): " + e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Building " + className + " on an executor failed: " + e.getCause(),
                    e.getCause());
        }
    }

    /** Throws {@code e} as it is, checked or not: Spark's own exceptions reach the caller unchanged. */
    @SuppressWarnings("unchecked")
    static <E extends Exception> E sneaky(Exception e) throws E {
        throw (E) e;
    }

    /** The executors cannot load the model class; the driver turns it into its message. */
    static final class ModelClassMissing extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ModelClassMissing(String message) {
            super(message);
        }
    }
}
