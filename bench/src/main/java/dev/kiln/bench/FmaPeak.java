package dev.kiln.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongToDoubleFunction;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's real FP32 FMA peak, on one core and on two: loops of 8, 12 and 24 independent vector FMA chains
 * at the preferred vector width, touching no memory. A chain waits for its previous FMA (4 or 5 cycles), so a
 * core with two FMA pipes needs about ten chains in flight; fewer measure latency, not throughput, and more
 * than the registers hold (16 with AVX2, 32 with AVX-512) spill. The peak is the best of the three loops' medians;
 * every end-to-end and kernel figure of the benchmark is reported as a share of it. Each trial runs 300 ms; seven
 * trials per loop and thread count.
 */
public final class FmaPeak {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static volatile float sink;
    /** Values near 1, so that the chains neither overflow nor vanish. */
    private static final float[] OPERANDS = operands();

    private FmaPeak() {}

    private static float[] operands() {
        float[] v = new float[3 * S.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = i < S.length() ? 1.0000001f : i < 2 * S.length() ? 0.9999999f : 0;
        }
        return v;
    }

    /** GFLOP/s of one thread running 8 independent FMA chains for {@code nanos}. */
    static double chains8(long nanos) {
        // operands read from memory, not constants: with broadcast constants the JIT's code ran one FMA
        // per cycle where the core does two
        FloatVector a = FloatVector.fromArray(S, OPERANDS, 0);
        FloatVector b = FloatVector.fromArray(S, OPERANDS, S.length());
        FloatVector z = FloatVector.fromArray(S, OPERANDS, 2 * S.length());
        FloatVector c0 = z, c1 = z.add(1), c2 = z.add(2), c3 = z.add(3), c4 = z.add(4), c5 = z.add(5), c6 = z.add(6), c7 = z.add(7);
        long iterations = 0;
        long start = System.nanoTime();
        long end = start + nanos;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                c0 = c0.fma(a, b);
                c1 = c1.fma(a, b);
                c2 = c2.fma(a, b);
                c3 = c3.fma(a, b);
                c4 = c4.fma(a, b);
                c5 = c5.fma(a, b);
                c6 = c6.fma(a, b);
                c7 = c7.fma(a, b);
            }
            iterations += 10_000;
        }
        long elapsed = System.nanoTime() - start;
        FloatVector sum = c0;
        sum = sum.add(c1);
        sum = sum.add(c2);
        sum = sum.add(c3);
        sum = sum.add(c4);
        sum = sum.add(c5);
        sum = sum.add(c6);
        sum = sum.add(c7);
        sink = sum.reduceLanes(VectorOperators.ADD);
        return iterations * 8.0 * 2 * S.length() / elapsed;
    }

    /** GFLOP/s of one thread running 10 independent FMA chains for {@code nanos}. */
    static double chains10(long nanos) {
        // operands read from memory, not constants: with broadcast constants the JIT's code ran one FMA
        // per cycle where the core does two
        FloatVector a = FloatVector.fromArray(S, OPERANDS, 0);
        FloatVector b = FloatVector.fromArray(S, OPERANDS, S.length());
        FloatVector z = FloatVector.fromArray(S, OPERANDS, 2 * S.length());
        FloatVector c0 = z, c1 = z.add(1), c2 = z.add(2), c3 = z.add(3), c4 = z.add(4), c5 = z.add(5), c6 = z.add(6), c7 = z.add(7);
        FloatVector c8 = z.add(8), c9 = z.add(9);
        long iterations = 0;
        long start = System.nanoTime();
        long end = start + nanos;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                c0 = c0.fma(a, b);
                c1 = c1.fma(a, b);
                c2 = c2.fma(a, b);
                c3 = c3.fma(a, b);
                c4 = c4.fma(a, b);
                c5 = c5.fma(a, b);
                c6 = c6.fma(a, b);
                c7 = c7.fma(a, b);
                c8 = c8.fma(a, b);
                c9 = c9.fma(a, b);
            }
            iterations += 10_000;
        }
        long elapsed = System.nanoTime() - start;
        FloatVector sum = c0;
        sum = sum.add(c1);
        sum = sum.add(c2);
        sum = sum.add(c3);
        sum = sum.add(c4);
        sum = sum.add(c5);
        sum = sum.add(c6);
        sum = sum.add(c7);
        sum = sum.add(c8);
        sum = sum.add(c9);
        sink = sum.reduceLanes(VectorOperators.ADD);
        return iterations * 10.0 * 2 * S.length() / elapsed;
    }

    /** GFLOP/s of one thread running 16 independent FMA chains for {@code nanos}. */
    static double chains16(long nanos) {
        // operands read from memory, not constants: with broadcast constants the JIT's code ran one FMA
        // per cycle where the core does two
        FloatVector a = FloatVector.fromArray(S, OPERANDS, 0);
        FloatVector b = FloatVector.fromArray(S, OPERANDS, S.length());
        FloatVector z = FloatVector.fromArray(S, OPERANDS, 2 * S.length());
        FloatVector c0 = z, c1 = z.add(1), c2 = z.add(2), c3 = z.add(3), c4 = z.add(4), c5 = z.add(5), c6 = z.add(6), c7 = z.add(7);
        FloatVector c8 = z.add(8), c9 = z.add(9), c10 = z.add(10), c11 = z.add(11), c12 = z.add(12), c13 = z.add(13), c14 = z.add(14), c15 = z.add(15);
        long iterations = 0;
        long start = System.nanoTime();
        long end = start + nanos;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                c0 = c0.fma(a, b);
                c1 = c1.fma(a, b);
                c2 = c2.fma(a, b);
                c3 = c3.fma(a, b);
                c4 = c4.fma(a, b);
                c5 = c5.fma(a, b);
                c6 = c6.fma(a, b);
                c7 = c7.fma(a, b);
                c8 = c8.fma(a, b);
                c9 = c9.fma(a, b);
                c10 = c10.fma(a, b);
                c11 = c11.fma(a, b);
                c12 = c12.fma(a, b);
                c13 = c13.fma(a, b);
                c14 = c14.fma(a, b);
                c15 = c15.fma(a, b);
            }
            iterations += 10_000;
        }
        long elapsed = System.nanoTime() - start;
        FloatVector sum = c0;
        sum = sum.add(c1);
        sum = sum.add(c2);
        sum = sum.add(c3);
        sum = sum.add(c4);
        sum = sum.add(c5);
        sum = sum.add(c6);
        sum = sum.add(c7);
        sum = sum.add(c8);
        sum = sum.add(c9);
        sum = sum.add(c10);
        sum = sum.add(c11);
        sum = sum.add(c12);
        sum = sum.add(c13);
        sum = sum.add(c14);
        sum = sum.add(c15);
        sink = sum.reduceLanes(VectorOperators.ADD);
        return iterations * 16.0 * 2 * S.length() / elapsed;
    }

    /** GFLOP/s of one thread running 12 independent FMA chains for {@code nanos}. */
    static double chains12(long nanos) {
        // operands read from memory, not constants: with broadcast constants the JIT's code ran one FMA
        // per cycle where the core does two
        FloatVector a = FloatVector.fromArray(S, OPERANDS, 0);
        FloatVector b = FloatVector.fromArray(S, OPERANDS, S.length());
        FloatVector z = FloatVector.fromArray(S, OPERANDS, 2 * S.length());
        FloatVector c0 = z, c1 = z.add(1), c2 = z.add(2), c3 = z.add(3), c4 = z.add(4), c5 = z.add(5), c6 = z.add(6), c7 = z.add(7);
        FloatVector c8 = z.add(8), c9 = z.add(9), c10 = z.add(10), c11 = z.add(11);
        long iterations = 0;
        long start = System.nanoTime();
        long end = start + nanos;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                c0 = c0.fma(a, b);
                c1 = c1.fma(a, b);
                c2 = c2.fma(a, b);
                c3 = c3.fma(a, b);
                c4 = c4.fma(a, b);
                c5 = c5.fma(a, b);
                c6 = c6.fma(a, b);
                c7 = c7.fma(a, b);
                c8 = c8.fma(a, b);
                c9 = c9.fma(a, b);
                c10 = c10.fma(a, b);
                c11 = c11.fma(a, b);
            }
            iterations += 10_000;
        }
        long elapsed = System.nanoTime() - start;
        FloatVector sum = c0;
        sum = sum.add(c1);
        sum = sum.add(c2);
        sum = sum.add(c3);
        sum = sum.add(c4);
        sum = sum.add(c5);
        sum = sum.add(c6);
        sum = sum.add(c7);
        sum = sum.add(c8);
        sum = sum.add(c9);
        sum = sum.add(c10);
        sum = sum.add(c11);
        sink = sum.reduceLanes(VectorOperators.ADD);
        return iterations * 12.0 * 2 * S.length() / elapsed;
    }

    /** GFLOP/s of one thread running 24 independent FMA chains for {@code nanos}. */
    static double chains24(long nanos) {
        // operands read from memory, not constants: with broadcast constants the JIT's code ran one FMA
        // per cycle where the core does two
        FloatVector a = FloatVector.fromArray(S, OPERANDS, 0);
        FloatVector b = FloatVector.fromArray(S, OPERANDS, S.length());
        FloatVector z = FloatVector.fromArray(S, OPERANDS, 2 * S.length());
        FloatVector c0 = z, c1 = z.add(1), c2 = z.add(2), c3 = z.add(3), c4 = z.add(4), c5 = z.add(5), c6 = z.add(6), c7 = z.add(7);
        FloatVector c8 = z.add(8), c9 = z.add(9), c10 = z.add(10), c11 = z.add(11), c12 = z.add(12), c13 = z.add(13), c14 = z.add(14), c15 = z.add(15);
        FloatVector c16 = z.add(16), c17 = z.add(17), c18 = z.add(18), c19 = z.add(19), c20 = z.add(20), c21 = z.add(21), c22 = z.add(22), c23 = z.add(23);
        long iterations = 0;
        long start = System.nanoTime();
        long end = start + nanos;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                c0 = c0.fma(a, b);
                c1 = c1.fma(a, b);
                c2 = c2.fma(a, b);
                c3 = c3.fma(a, b);
                c4 = c4.fma(a, b);
                c5 = c5.fma(a, b);
                c6 = c6.fma(a, b);
                c7 = c7.fma(a, b);
                c8 = c8.fma(a, b);
                c9 = c9.fma(a, b);
                c10 = c10.fma(a, b);
                c11 = c11.fma(a, b);
                c12 = c12.fma(a, b);
                c13 = c13.fma(a, b);
                c14 = c14.fma(a, b);
                c15 = c15.fma(a, b);
                c16 = c16.fma(a, b);
                c17 = c17.fma(a, b);
                c18 = c18.fma(a, b);
                c19 = c19.fma(a, b);
                c20 = c20.fma(a, b);
                c21 = c21.fma(a, b);
                c22 = c22.fma(a, b);
                c23 = c23.fma(a, b);
            }
            iterations += 10_000;
        }
        long elapsed = System.nanoTime() - start;
        FloatVector sum = c0;
        sum = sum.add(c1);
        sum = sum.add(c2);
        sum = sum.add(c3);
        sum = sum.add(c4);
        sum = sum.add(c5);
        sum = sum.add(c6);
        sum = sum.add(c7);
        sum = sum.add(c8);
        sum = sum.add(c9);
        sum = sum.add(c10);
        sum = sum.add(c11);
        sum = sum.add(c12);
        sum = sum.add(c13);
        sum = sum.add(c14);
        sum = sum.add(c15);
        sum = sum.add(c16);
        sum = sum.add(c17);
        sum = sum.add(c18);
        sum = sum.add(c19);
        sum = sum.add(c20);
        sum = sum.add(c21);
        sum = sum.add(c22);
        sum = sum.add(c23);
        sink = sum.reduceLanes(VectorOperators.ADD);
        return iterations * 24.0 * 2 * S.length() / elapsed;
    }

    /** GFLOP/s of two threads running {@code loop} at the same time, summed. */
    static double pair(LongToDoubleFunction loop, long nanos) throws InterruptedException {
        double[] other = new double[1];
        Thread t = new Thread(() -> other[0] = loop.applyAsDouble(nanos));
        t.start();
        double mine = loop.applyAsDouble(nanos);
        t.join();
        return mine + other[0];
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /**
     * Entry point.
     *
     * @param args optionally {@code --quick}: three trials of 100 ms
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        boolean quick = args.length > 0 && args[0].equals("--quick");
        int trials = quick ? 3 : 7;
        long nanos = quick ? 100_000_000L : 300_000_000L;
        int[] chains = {8, 10, 12, 16, 24};
        LongToDoubleFunction[] loops = {FmaPeak::chains8, FmaPeak::chains10, FmaPeak::chains12,
            FmaPeak::chains16, FmaPeak::chains24};
        double bestOne = 0;
        double bestTwo = 0;
        for (int l = 0; l < loops.length; l++) {
            for (int i = 0; i < 200; i++) {
                loops[l].applyAsDouble(1_000_000); // compiled as a whole method, not only on-stack
            }
            double[] one = new double[trials];
            double[] two = new double[trials];
            for (int i = 0; i < trials; i++) {
                one[i] = loops[l].applyAsDouble(nanos);
                two[i] = pair(loops[l], nanos);
            }
            System.out.printf(Locale.ROOT, "RESULT fma_chains chains=%d width=%d one_thread=%.0f one_min=%.0f"
                    + " one_max=%.0f two_threads=%.0f two_min=%.0f two_max=%.0f%n", chains[l], S.length() * 32,
                    median(one), Arrays.stream(one).min().orElseThrow(), Arrays.stream(one).max().orElseThrow(),
                    median(two), Arrays.stream(two).min().orElseThrow(), Arrays.stream(two).max().orElseThrow());
            bestOne = Math.max(bestOne, median(one));
            bestTwo = Math.max(bestTwo, median(two));
        }
        System.out.printf(Locale.ROOT, "RESULT fma_peak one_core=%.0f two_cores=%.0f scaling=%.2f%n", bestOne, bestTwo,
                bestTwo / bestOne);
        if (sink == 42.4242f) {
            System.out.println("# (printed only to keep the sums from being optimised away)");
        }
    }
}
