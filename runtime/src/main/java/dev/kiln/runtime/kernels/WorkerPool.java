package dev.kiln.runtime.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads the kernels split large work over: {@code kiln.threads} (system property; default the
 * number of available processors) including the caller. A value that is not a whole number at least 1 is
 * reported in one line on {@code System.err} and the default used, so that a typo in a launch script does not
 * make every model fail. Workers wait for work by spinning briefly, which
 * costs a fraction of a microsecond per hand-off where a {@code ThreadPoolExecutor} costs over ten, then
 * park, so a model idle inside a service does not burn a core. While a training loop runs (see
 * {@link #trainingStarted()}) they spin for up to a millisecond instead: a step's single-threaded
 * stretches (copying the batch's labels, the loss, the small products) sometimes outlast 50 µs, and with
 * the short spin the workers parked once or twice per step at batch 128, each park to be undone by a
 * wake-up before the next split pass. One caller at a time uses the pool; a second caller (another model
 * training on another thread) simply runs its work alone, which gives the same results. Nothing is
 * allocated per hand-off.
 *
 * <p>Work is split so that every output element is computed by the same code in the same order whatever
 * the number of parts: results are bit-identical with 1 or N threads.
 */
public final class WorkerPool {

    /** Threads, the caller included. */
    public static final int THREADS = threads(System.getProperty("kiln.threads"),
            Runtime.getRuntime().availableProcessors(), System.err);
    /** How long a worker spins for new work before it parks, in nanoseconds. */
    private static final long SPIN_NANOS = 50_000;
    /** The same while a training loop runs; still short enough that a finished training stops spinning at once. */
    private static final long TRAINING_SPIN_NANOS = 1_000_000;
    /** Training loops running now, on any thread. */
    private static final AtomicInteger TRAINING = new AtomicInteger();

    /** A piece of work split into {@code parts}; part 0 runs on the caller. */
    public abstract static class Job {
        /** Does part {@code part} of {@code parts}. */
        protected abstract void run(int part, int parts);
    }

    private static final AtomicLong GENERATION = new AtomicLong();
    private static final AtomicInteger PENDING = new AtomicInteger();
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static volatile Job current;
    private static volatile Throwable failure;
    private static final Thread[] WORKERS = new Thread[THREADS - 1];
    /** 1 while a worker may be parked; atomic, so that a worker and a caller never both miss the other. */
    private static final AtomicIntegerArray PARKED = new AtomicIntegerArray(Math.max(THREADS - 1, 1));

    static {
        for (int i = 0; i < WORKERS.length; i++) {
            int part = i + 1;
            Thread t = new Thread(() -> work(part), "kiln-worker-" + part);
            t.setDaemon(true);
            WORKERS[i] = t;
            t.start();
        }
    }

    private WorkerPool() {}

    /**
     * The thread count {@code value} (the property, or null when unset) asks for, else {@code processors}. An
     * exception here would be thrown from the class initialiser, and every later use of the class would fail with
     * a {@link NoClassDefFoundError} that no longer says why; so a bad value is reported on {@code err} instead.
     */
    static int threads(String value, int processors, java.io.PrintStream err) {
        if (value == null) {
            return processors;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below, as a value below 1 is.
        }
        err.println("kiln.threads must be a whole number at least 1, but was '" + value + "'; using " + processors
                + " (all processors).");
        return processors;
    }

    /**
     * Start of part {@code part}'s share of {@code count} elements split into {@code parts} contiguous ranges
     * that begin at multiples of 64, so that vector lanes line up as in the undivided loop; part
     * {@code parts} starts at {@code count}.
     */
    static int rangeStart(int count, int part, int parts) {
        int blocks = (count + 63) / 64;
        return Math.min(count, (int) ((long) blocks * part / parts) * 64);
    }

    /** Marks the start of a training loop: until the matching {@link #trainingEnded()}, workers spin longer. */
    public static void trainingStarted() {
        TRAINING.incrementAndGet();
    }

    /** Marks the end of a training loop started with {@link #trainingStarted()}. */
    public static void trainingEnded() {
        TRAINING.decrementAndGet();
    }

    /**
     * Runs every part of {@code job}, on the workers when the pool is free, else all on the caller.
     *
     * @throws IllegalArgumentException when {@code job} is null
     */
    public static void run(Job job) {
        if (job == null) {
            throw new IllegalArgumentException("WorkerPool.run needs a job, but got null.");
        }
        if (THREADS == 1 || !BUSY.compareAndSet(false, true)) {
            job.run(0, 1);
            return;
        }
        try {
            current = job;
            failure = null;
            PENDING.set(THREADS - 1);
            GENERATION.incrementAndGet();
            for (int i = 0; i < WORKERS.length; i++) {
                if (PARKED.get(i) == 1) {
                    LockSupport.unpark(WORKERS[i]);
                }
            }
            job.run(0, THREADS);
            while (PENDING.get() != 0) {
                Thread.onSpinWait();
            }
            Throwable f = failure;
            if (f != null) {
                throw new IllegalStateException("A Kiln worker thread failed: " + f, f);
            }
        } finally {
            current = null;
            BUSY.set(false);
        }
    }

    private static void work(int part) {
        long seen = 0;
        while (true) {
            long spinStart = System.nanoTime();
            long g;
            while ((g = GENERATION.get()) == seen) {
                if (System.nanoTime() - spinStart < (TRAINING.get() > 0 ? TRAINING_SPIN_NANOS : SPIN_NANOS)) {
                    Thread.onSpinWait();
                } else {
                    PARKED.set(part - 1, 1);
                    // Re-check after announcing: an unpark between the check and park is not lost.
                    if (GENERATION.get() == seen) {
                        LockSupport.park(WorkerPool.class);
                    }
                    PARKED.set(part - 1, 0);
                    spinStart = System.nanoTime();
                }
            }
            seen = g;
            try {
                current.run(part, THREADS);
            } catch (Throwable t) {
                failure = t;
            } finally {
                PENDING.decrementAndGet();
            }
        }
    }
}
