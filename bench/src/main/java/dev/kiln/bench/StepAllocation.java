package dev.kiln.bench;

import com.sun.management.ThreadMXBean;
import dev.kiln.runtime.Rng;
import dev.kiln.runtime.train.TrainableNetwork;
import java.lang.management.ManagementFactory;

/**
 * Bytes the JVM allocates on the training thread per training step, after warm-up, measured with the
 * per-thread allocation counter over 1000 steps of each network at batch 128. The steps run on the
 * model directly (the batch already in its buffers), as {@code fit} runs them between its per-epoch work.
 */
public final class StepAllocation {

    private StepAllocation() {}

    /**
     * Entry point.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        measure("reference", new ReferenceMlpModel());
        measure("batchnorm-dropout", new NormalizedMlpModel());
    }

    private static void measure(String name, TrainableNetwork net) {
        int n = 128;
        Rng rng = new Rng(1);
        float[] x = net.inputBuffer();
        for (int i = 0; i < n * net.inputWidth(); i++) {
            x[i] = rng.nextFloat();
        }
        for (int i = 0; i < n; i++) {
            net.labelBuffer()[i] = i % net.outputWidth();
        }
        net.setLearningRate(1e-4);
        // Warm-up through the same method that is measured, in several calls, so that the JIT has compiled
        // it whole: compiling a loop while it runs (on-stack replacement) allocated 120 bytes on this thread
        // in a few runs where the measured loop itself was compiled inside the window.
        for (int i = 0; i < 300; i++) {
            steps(net, n, 10);
        }
        ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long before = bean.getThreadAllocatedBytes(id);
        int steps = 1000;
        steps(net, n, steps);
        long bytes = bean.getThreadAllocatedBytes(id) - before;
        System.out.printf("RESULT allocation %s batch=%d steps=%d bytes=%d bytes_per_step=%.2f%n", name, n, steps,
                bytes, (double) bytes / steps);
    }

    private static void steps(TrainableNetwork net, int n, int count) {
        for (int i = 0; i < count; i++) {
            net.trainStep(n);
        }
    }
}
