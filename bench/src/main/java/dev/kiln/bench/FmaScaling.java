package dev.kiln.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * What a second thread adds on this machine to work that shares nothing: a loop of twelve independent vector
 * FMA chains, touching no memory, timed on one thread and on two at once. Two threads of it can only fall
 * short of twice one thread's rate when the two virtual CPUs compete for the hardware under them (sharing a
 * physical core, or the host taking cycles); that limits every kernel's scaling too, so bench/run prints it
 * beside Kiln's own 1 → 2 thread scaling. (The loop is not a peak-FLOP measurement: one thread of it runs
 * at about half the rate Kiln's matrix products reach.) Each trial runs 300 ms; prints the median GFLOP/s
 * of seven trials with min and max, for one thread and for both threads together, and their ratios.
 */
public final class FmaScaling {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static volatile float sink;

    private FmaScaling() {}

    /** GFLOP/s of one thread running the loop for {@code nanos}. */
    static double loop(long nanos) {
        FloatVector a = FloatVector.broadcast(S, 1.0000001f);
        FloatVector b = FloatVector.broadcast(S, 0.9999999f);
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        FloatVector c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        long iterations = 0;
        long start = System.nanoTime();
        long end = start + nanos;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                c0 = a.fma(b, c0);
                c1 = a.fma(b, c1);
                c2 = a.fma(b, c2);
                c3 = a.fma(b, c3);
                c4 = a.fma(b, c4);
                c5 = a.fma(b, c5);
                c6 = a.fma(b, c6);
                c7 = a.fma(b, c7);
                c8 = a.fma(b, c8);
                c9 = a.fma(b, c9);
                c10 = a.fma(b, c10);
                c11 = a.fma(b, c11);
            }
            iterations += 10_000;
        }
        long elapsed = System.nanoTime() - start;
        sink = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
        return iterations * 12.0 * 2 * S.length() / elapsed;
    }

    /** GFLOP/s of two threads running the loop at the same time, summed. */
    static double pair(long nanos) throws InterruptedException {
        double[] other = new double[1];
        Thread t = new Thread(() -> other[0] = loop(nanos));
        t.start();
        double mine = loop(nanos);
        t.join();
        return mine + other[0];
    }

    /**
     * Entry point.
     *
     * @param args none
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        // Warm-up in short calls, so that the loop is compiled as a whole method (not only on-stack).
        for (int i = 0; i < 200; i++) {
            loop(1_000_000);
        }
        pair(100_000_000);
        int trials = 7;
        double[] one = new double[trials];
        double[] two = new double[trials];
        for (int i = 0; i < trials; i++) {
            one[i] = loop(300_000_000);
            two[i] = pair(300_000_000);
        }
        java.util.Arrays.sort(one);
        java.util.Arrays.sort(two);
        System.out.printf("RESULT fma one_thread=%.0f one_min=%.0f one_max=%.0f two_threads=%.0f two_min=%.0f"
                        + " two_max=%.0f scaling=%.2f scaling_min=%.2f scaling_max=%.2f%n",
                one[trials / 2], one[0], one[trials - 1], two[trials / 2], two[0], two[trials - 1],
                two[trials / 2] / one[trials / 2], two[0] / one[trials / 2], two[trials - 1] / one[trials / 2]);
        if (sink == 42.4242f) {
            System.out.println("# (printed only to keep the sums from being optimised away)");
        }
    }
}
