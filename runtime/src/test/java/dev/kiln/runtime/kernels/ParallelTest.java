package dev.kiln.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Rng;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Split work gives bit-identical results whatever the number of parts, and the pool runs every part. */
class ParallelTest {

    @Test
    void aThreadCountThatIsNotAWholeNumberAtLeastOneIsReportedAndTheDefaultUsed() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(8, WorkerPool.threads(null, 8, print), "unset: all processors");
        assertEquals(3, WorkerPool.threads(" 3 ", 8, print));
        assertEquals("", err.toString(StandardCharsets.UTF_8), "good values are not reported");
        for (String bad : List.of("abc", "0", "-2", "1.5", "", "99999999999")) {
            err.reset();
            assertEquals(8, WorkerPool.threads(bad, 8, print), bad);
            assertEquals("kiln.threads must be a whole number at least 1, but was '" + bad + "'; using 8 (all"
                    + " processors)." + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void splitProductIsBitIdenticalForAnyNumberOfParts() {
        Rng rng = new Rng(1);
        int[][] shapes = {{128, 256, 784}, {784, 256, 128}, {128, 10, 128}, {37, 91, 53}, {5, 300, 7},
            {1, 256, 784}, {3, 200, 50}, {4, 1000, 33}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] a = KernelTwinsTest.random(rng, m * k);
            float[] b = KernelTwinsTest.random(rng, k * n);
            for (int[] strides : new int[][] {{k, 1}, {1, m}}) {
                float[] whole = new float[m * n];
                VectorGemm.multiply(m, n, k, a, 0, strides[0], strides[1], b, 0, n, whole, 0, n);
                for (int parts = 2; parts <= 5; parts++) {
                    float[] split = new float[m * n];
                    Gemm.Split job = new Gemm.Split();
                    job.set(m, n, k, a, 0, strides[0], strides[1], b, 0, n, split, 0, n);
                    runConcurrently(job, parts);
                    assertArrayEquals(whole, split, m + "x" + n + "x" + k + " in " + parts + " parts");
                }
            }
        }
    }

    /** Runs every part on a thread of its own, as the pool does (parts wait for each other). */
    private static void runConcurrently(WorkerPool.Job job, int parts) {
        Thread[] threads = new Thread[parts];
        for (int p = 0; p < parts; p++) {
            int part = p;
            threads[p] = new Thread(() -> job.run(part, parts));
            threads[p].start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void everySplitOptimizerUpdateIsBitIdenticalForAnyNumberOfParts() {
        Rng rng = new Rng(2);
        int count = 50_003;
        float[] w = KernelTwinsTest.random(rng, count);
        float[] g = KernelTwinsTest.random(rng, count);
        // Optimizer state is non-negative where it holds squares or maxima; m may be any sign.
        float[] a = abs(KernelTwinsTest.random(rng, count));
        float[] b = abs(KernelTwinsTest.random(rng, count));
        float[] c = abs(KernelTwinsTest.random(rng, count));
        float[] p = {0.01f, 0.3f, 0.9f, 0.999f, 1e-8f, -0.02f};
        for (Updates.Rule rule : Updates.Rule.values()) {
            float[][] whole = {w.clone(), a.clone(), b.clone(), c.clone()};
            switch (rule) {
                case SGD -> VectorUpdates.sgd(whole[0], g, count, p[0]);
                case MOMENTUM, NESTEROV -> VectorUpdates.momentum(whole[0], g, whole[1], count, p[0], p[2],
                        rule == Updates.Rule.NESTEROV);
                case ADAGRAD -> VectorUpdates.adagrad(whole[0], g, whole[1], count, p[0], p[4]);
                case RMSPROP -> VectorUpdates.rmsprop(whole[0], g, whole[1], count, p[0], p[2], p[4]);
                case ADADELTA -> VectorUpdates.adadelta(whole[0], g, whole[1], whole[2], count, p[0], p[2], p[4]);
                case ADAM -> VectorUpdates.adam(whole[0], g, whole[1], whole[2], whole[3], count, p[0], p[1], p[2],
                        p[3], p[4]);
                case ADAMAX -> VectorUpdates.adamax(whole[0], g, whole[1], whole[2], count, p[0], p[2], p[3], p[4]);
                case NADAM -> VectorUpdates.nadam(whole[0], g, whole[1], whole[2], count, p[5], p[0], p[1], p[2],
                        p[3], p[4]);
            }
            for (int parts = 2; parts <= 3; parts++) {
                float[][] split = {w.clone(), a.clone(), b.clone(), c.clone()};
                Updates.Split job = new Updates.Split().set(rule, split[0], g, split[1], split[2], split[3], count);
                switch (rule) {
                    case SGD -> job.scalars(p[0], 0, 0, 0, 0, 0);
                    case MOMENTUM, NESTEROV -> job.scalars(p[0], p[2], 0, 0, 0, 0);
                    case ADAGRAD -> job.scalars(p[0], p[4], 0, 0, 0, 0);
                    case RMSPROP, ADADELTA -> job.scalars(p[0], p[2], p[4], 0, 0, 0);
                    case ADAM -> job.scalars(p[0], p[1], p[2], p[3], p[4], 0);
                    case ADAMAX -> job.scalars(p[0], p[2], p[3], p[4], 0, 0);
                    case NADAM -> job.scalars(p[5], p[0], p[1], p[2], p[3], p[4]);
                }
                runConcurrently(job, parts);
                for (int i = 0; i < 4; i++) {
                    assertArrayEquals(whole[i], split[i], rule + " array " + i + " in " + parts + " parts");
                }
                assertFalse(Arrays.equals(w, split[0]), rule + " changed the weights");
            }
        }
    }

    private static float[] abs(float[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.abs(x[i]);
        }
        return x;
    }

    @Test
    void splitDropoutMaskIsBitIdenticalForAnyNumberOfParts() {
        for (int count : new int[] {16_384, 50_001, 131}) {
            float[] whole = new float[count];
            DropoutMasks.fill(new Rng(4), whole, count, 0.2f);
            for (int parts = 2; parts <= 5; parts++) {
                float[] split = new float[count];
                DropoutMasks.Split job = new DropoutMasks.Split();
                job.set(new Rng(4).reserve((count + 1) / 2), split, count, 0.2f, 1f / (1f - 0.2f));
                runConcurrently(job, parts);
                assertArrayEquals(whole, split, count + " entries in " + parts + " parts");
            }
        }
    }

    @Test
    void splitFiniteCheckAgreesForAnyNumberOfParts() {
        float[] x = KernelTwinsTest.random(new Rng(5), 70_001);
        for (int parts = 2; parts <= 5; parts++) {
            for (int bad : new int[] {-1, 0, 35_000, 70_000}) {
                float[] y = x.clone();
                if (bad >= 0) {
                    y[bad] = Float.POSITIVE_INFINITY;
                }
                Checks.Split job = new Checks.Split();
                job.set(y, 0, y.length);
                runConcurrently(job, parts);
                assertEquals(bad < 0, job.finish(), "infinity at " + bad + " in " + parts + " parts");
                // A range that starts past the infinity does not see it.
                job.set(y, 35_001, y.length - 1);
                runConcurrently(job, parts);
                assertEquals(bad < 35_001 || bad >= y.length - 1, job.finish(),
                        "infinity at " + bad + ", range from 35,001, " + parts + " parts");
            }
        }
    }

    @Test
    void splitTransposeIsExactForAnyNumberOfParts() {
        for (int[] shape : new int[][] {{1024, 96}, {200, 333}, {130, 7}, {5, 40}}) {
            int rows = shape[0];
            int cols = shape[1];
            float[] src = KernelTwinsTest.random(new Rng(9), rows * cols + 2);
            float[] expected = new float[rows * cols + 1];
            ScalarTranspose.transpose(src, 2, rows, cols, expected, 1, 0, rows);
            for (int parts = 2; parts <= 5; parts++) {
                float[] split = new float[rows * cols + 1];
                Transpose.Split job = new Transpose.Split();
                job.set(src, 2, rows, cols, split, 1);
                runConcurrently(job, parts);
                assertArrayEquals(expected, split, rows + "x" + cols + " in " + parts + " parts");
            }
        }
    }

    @Test
    void splitRowCopyMovesEveryRowForAnyNumberOfParts() {
        int width = 97;
        int rows = 50;
        float[] src = KernelTwinsTest.random(new Rng(6), rows * width);
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        new Rng(7).shuffle(order, rows);
        for (int[] pick : new int[][] {order, null}) {
            int from = 5;
            int n = 41;
            float[] expected = new float[n * width];
            for (int i = 0; i < n; i++) {
                int r = pick == null ? from + i : pick[from + i];
                System.arraycopy(src, r * width, expected, i * width, width);
            }
            float[] whole = new float[n * width];
            Rows.gather(src, width, pick, from, n, whole);
            assertArrayEquals(expected, whole, pick == null ? "in order" : "shuffled");
            for (int parts = 2; parts <= 5; parts++) {
                float[] split = new float[n * width];
                Rows.Split job = new Rows.Split();
                job.set(src, width, pick, from, n, split);
                runConcurrently(job, parts);
                assertArrayEquals(expected, split, (pick == null ? "in order" : "shuffled") + ", " + parts + " parts");
            }
        }
    }

    @Test
    void splitEpilogueIsBitIdenticalForAnyNumberOfParts() {
        Rng rng = new Rng(3);
        int rows = 37;
        int cols = 131;
        float[] z = KernelTwinsTest.random(rng, rows * cols);
        float[] bias = KernelTwinsTest.random(rng, cols);
        float[] mask = new float[rows * cols];
        DropoutMasks.fill(rng, mask, mask.length, 0.3f);
        for (ActivationFunction f : ActivationFunction.values()) {
            float[] z1 = z.clone();
            float[] out1 = new float[z.length];
            float[] drop1 = new float[z.length];
            VectorEpilogue.forward(f, 0.1f, z1, rows, cols, bias, 0, out1, mask, drop1);
            float[] d1 = z.clone();
            VectorEpilogue.backward(f, 0.1f, d1, z1, out1, mask, d1.length);
            for (int parts = 2; parts <= 4; parts++) {
                float[] z2 = z.clone();
                float[] out2 = new float[z.length];
                float[] drop2 = new float[z.length];
                Epilogue.Split job = new Epilogue.Split();
                job.forward(f, 0.1f, z2, rows, cols, bias, 0, out2, mask, drop2);
                runConcurrently(job, parts);
                assertArrayEquals(out1, out2, f + " forward in " + parts + " parts");
                assertArrayEquals(drop1, drop2, f + " dropout in " + parts + " parts");
                float[] d2 = z.clone();
                job.backward(f, 0.1f, d2, z2, out2, mask, d2.length);
                runConcurrently(job, parts);
                assertArrayEquals(d1, d2, f + " backward in " + parts + " parts");
            }
        }
    }

    @Test
    void poolRunsEveryPartOnceAndOnSeparateThreadsWhenItHasThem() {
        Set<Integer> parts = ConcurrentHashMap.newKeySet();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        int[] total = new int[1];
        WorkerPool.run(new WorkerPool.Job() {
            @Override
            protected void run(int part, int count) {
                assertTrue(parts.add(part), "part " + part + " ran twice");
                threads.add(Thread.currentThread().getName());
                total[0] = count;
            }
        });
        assertEquals(WorkerPool.THREADS, parts.size());
        assertEquals(WorkerPool.THREADS, threads.size());
        // Many hand-offs in a row, each waiting for all parts: none is lost.
        int[] sum = new int[1];
        for (int i = 0; i < 10_000; i++) {
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            WorkerPool.run(new WorkerPool.Job() {
                @Override
                protected void run(int part, int count) {
                    done.incrementAndGet();
                }
            });
            sum[0] += done.get();
        }
        assertEquals(10_000 * WorkerPool.THREADS, sum[0]);
    }

    @Test
    void idleWorkersParkAfterWorkAndAfterATrainingLoop() throws InterruptedException {
        org.junit.jupiter.api.Assumptions.assumeTrue(WorkerPool.THREADS > 1, "no workers with one thread");
        WorkerPool.Job nothing = new WorkerPool.Job() {
            @Override
            protected void run(int part, int count) {}
        };
        WorkerPool.run(nothing);
        assertWorkersPark();
        WorkerPool.trainingStarted();
        try {
            WorkerPool.run(nothing);
        } finally {
            WorkerPool.trainingEnded();
        }
        assertWorkersPark();
    }

    /** Waits up to a second for every worker to be parked: spinning ends after at most a millisecond. */
    private static void assertWorkersPark() throws InterruptedException {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (true) {
            boolean allParked = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("kiln-worker-"))
                    .allMatch(t -> t.getState() == Thread.State.WAITING);
            if (allParked) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "a worker is still running a second after its last work");
            Thread.sleep(5);
        }
    }
}
