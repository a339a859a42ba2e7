package dev.kiln.bench;

import com.sun.management.ThreadMXBean;
import dev.kiln.runtime.Rng;
import dev.kiln.runtime.train.Predictor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Serving from many request threads: single-row predictions of the reference network (784-256-128-10) by
 * 1, 2, 8 and 64 threads at once, either all through one {@link Predictor} or each thread through a model of
 * its own. Every thread calls for a fixed time after a warm-up, timing each call; the report gives calls per
 * second over all threads and the p50 and p99 of the per-call latency. Also the bytes one thread allocates
 * per {@code predict(features, into)} call after warm-up.
 *
 * <p>Usage: {@code Serving SECONDS} (per thread count and mode; default 3).
 */
public final class Serving {

    private static final int ROWS = 1000;
    private static final int[] THREADS = {1, 2, 8, 64};

    private Serving() {}

    /** What one request thread does: one prediction of {@code row} into {@code into}. */
    private interface Call {
        void predict(float[] row, float[] into);
    }

    /**
     * Entry point.
     *
     * @param args seconds per measurement
     */
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        float[][] rows = new float[ROWS][784];
        Rng rng = new Rng(1);
        for (float[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                row[j] = rng.nextFloat();
            }
        }
        ReferenceMlpModel model = new ReferenceMlpModel();
        Predictor predictor = model.predictor();
        allocation(predictor, rows);
        for (int threads : THREADS) {
            measure("predictor", threads, seconds, rows, () -> predictor::predict);
            measure("model-per-thread", threads, seconds, rows, () -> {
                ReferenceMlpModel own = new ReferenceMlpModel();
                return (row, into) -> System.arraycopy(own.predict(row), 0, into, 0, into.length);
            });
        }
    }

    private static void allocation(Predictor predictor, float[][] rows) {
        float[] into = new float[predictor.outputs()];
        // Warm up through the measured method in several calls, so the JIT compiles it whole before the window.
        for (int k = 0; k < 200; k++) {
            calls(predictor, rows, into, 500);
        }
        ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long before = bean.getThreadAllocatedBytes(id);
        int n = 100_000;
        calls(predictor, rows, into, n);
        long bytes = bean.getThreadAllocatedBytes(id) - before;
        System.out.printf("RESULT serving-allocation calls=%d bytes=%d bytes_per_call=%.3f%n", n, bytes,
                (double) bytes / n);
    }

    private static void calls(Predictor predictor, float[][] rows, float[] into, int n) {
        for (int i = 0; i < n; i++) {
            predictor.predict(rows[i % ROWS], into);
        }
    }

    private static void measure(String mode, int threads, double seconds, float[][] rows,
                                java.util.function.Supplier<Call> perThread) throws Exception {
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long window = (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread w = new Thread(() -> {
                Call call = perThread.get();
                float[] into = new float[10];
                long[] times = new long[(int) Math.max(50_000, seconds * 1_000_000 / threads)];
                for (int i = 0; i < 20_000; i++) { // warm-up of this thread's buffers and the JIT
                    call.predict(rows[i % ROWS], into);
                }
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long end = System.nanoTime() + window;
                int n = 0;
                long now = System.nanoTime();
                while (now < end && n < times.length) {
                    call.predict(rows[(n + index * 7) % ROWS], into);
                    long after = System.nanoTime();
                    times[n++] = after - now;
                    now = after;
                }
                latencies[index] = times;
                counts[index] = n;
            });
            workers.add(w);
            w.start();
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - start) * 1e-9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        System.out.printf("RESULT serving mode=%s threads=%d calls=%d calls_per_second=%.0f p50_us=%.1f"
                + " p99_us=%.1f%n", mode, threads, total, total / elapsed, all[total / 2] / 1e3,
                all[(int) (total * 0.99)] / 1e3);
    }
}
