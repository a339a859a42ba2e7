package dev.kiln.bench;

import dev.kiln.runtime.Rng;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.kernels.WorkerPool;
import dev.kiln.runtime.train.KilnModel;
import dev.kiln.runtime.train.LocalSteps;
import dev.kiln.runtime.train.TrainableNetwork;
import java.util.Arrays;
import java.util.Locale;

/**
 * Kiln's side of the width sweep: one network shape ({@code width} inputs, {@code depth} hidden ReLU layers of
 * {@code width} units, 10 classes, Adam), trained on synthetic rows at each batch size given, timed by the wall
 * clock over whole steps: after a warm-up at every batch size, three trials of at least {@code seconds} each;
 * prints the median samples/s with min and max, and the GFLOP/s that makes (6·ΣW − 2·W₁ per sample: forward, weight gradients and
 * the input gradients of every layer but the first).
 *
 * <p>Usage: {@code WidthSweep <width> <depth> <seconds per trial> <batch>...}
 */
public final class WidthSweep {

    private WidthSweep() {}

    public static void main(String[] args) {
        int width = Integer.parseInt(args[0]);
        int depth = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        TrainableNetwork net = model(width, depth);
        Dataset data = synthetic(width, 4096);
        int[] order = LocalSteps.epochOrder(1, data.rows(), 1);
        // warm-up at every batch size before any is timed: the step's code compiled for all, the buffers touched
        for (int round = 0; round < 2; round++) {
            for (int a = 3; a < args.length; a++) {
                int batch = Integer.parseInt(args[a]);
                run(net, data, order, batch, data.rows() / batch, Math.max(0.5, 0.5 * seconds));
            }
        }
        for (int a = 3; a < args.length; a++) {
            int batch = Integer.parseInt(args[a]);
            int steps = data.rows() / batch;
            double[] trials = new double[3];
            for (int t = 0; t < trials.length; t++) {
                trials[t] = run(net, data, order, batch, steps, seconds);
            }
            Arrays.sort(trials);
            double flops = 6.0 * weights(width, depth) - 2.0 * width * width;
            System.out.printf(Locale.ROOT, "RESULT sweep kiln width=%d depth=%d batch=%d threads=%d samples_per_s=%.1f"
                    + " min=%.1f max=%.1f gflops=%.2f%n", width, depth, batch,
                    WorkerPool.THREADS, trials[1], trials[0], trials[2],
                    trials[1] * flops / 1e9);
        }
    }

    /**
     * Samples per second over whole steps for at least {@code seconds}. Steps run in slices of about 20 ms (at most
     * 64 steps): a slice ends with a check that every weight is finite, which fit does once per epoch, so one-step
     * slices would time that check with every step.
     */
    private static double run(TrainableNetwork net, Dataset data, int[] order, int batch, int steps, double seconds) {
        long start = System.nanoTime();
        long samples = 0;
        int s = 0;
        int slice = 1;
        double[] rates = new double[64];
        Arrays.fill(rates, 1e-4);
        while (System.nanoTime() - start < seconds * 1e9) {
            int n = Math.min(slice, steps - s);
            long t = System.nanoTime();
            LocalSteps.run(net, data, order, batch, s, Arrays.copyOf(rates, n), 1);
            double perStep = (System.nanoTime() - t) / (double) n;
            slice = (int) Math.max(1, Math.min(64, 20e6 / perStep));
            samples += (long) n * batch;
            s = (s + n) % steps;
        }
        return samples / ((System.nanoTime() - start) * 1e-9);
    }

    /** Weights of the network: width·width per hidden layer (the inputs are width wide too), then width·10. */
    static double weights(int width, int depth) {
        return (double) width * width * depth + width * 10.0;
    }

    private static Dataset synthetic(int width, int rows) {
        Rng rng = new Rng(7);
        float[] x = new float[rows * width];
        int[] labels = new int[rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < rows; i++) {
            labels[i] = rng.nextInt(10);
        }
        return Dataset.ofClasses(x, width, labels);
    }

    private static TrainableNetwork model(int width, int depth) {
        String name = "dev.kiln.bench.SweepNets_W" + width + "D" + depth + "Model";
        try {
            KilnModel m = (KilnModel) Class.forName(name).getDeclaredConstructor().newInstance();
            return (TrainableNetwork) m;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("No sweep network of width " + width + " and depth " + depth
                    + " (" + name + "); see SweepNets.", e);
        }
    }
}
