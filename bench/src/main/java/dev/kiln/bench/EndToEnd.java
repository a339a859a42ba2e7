package dev.kiln.bench;

import dev.kiln.runtime.data.MnistFamily;
import dev.kiln.runtime.kernels.Simd;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.TrainableNetwork;
import dev.kiln.runtime.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Kiln's side of the end-to-end benchmark: trains a network (or both) on Fashion-MNIST for whole epochs at
 * each batch size, one fresh model per run, and prints one {@code RESULT} line per run with the median, min
 * and max of samples/s over the measured epochs (the first epoch is warm-up and not counted), the test
 * accuracy reached and the process's peak RSS so far. bench/run starts one JVM per network, batch size and
 * thread count, as JMH forks one per benchmark, so that no run inherits another's compiled code, and
 * collects these lines with PyTorch's.
 */
public final class EndToEnd {

    /** Training FLOPs per sample: forward 2·ΣW, weight gradients 2·ΣW, input gradients 2·(ΣW − W₁). */
    static final double REFERENCE_FLOPS = 6.0 * (784 * 256 + 256 * 128 + 128 * 10) - 2.0 * 784 * 256;

    private EndToEnd() {}

    /**
     * Entry point.
     *
     * @param args data directory, epochs per run (at least 2), network ({@code reference},
     *     {@code batchnorm-dropout} or {@code all}), then batch sizes
     * @throws IOException when the data cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int epochs = Integer.parseInt(args[1]);
        String network = args[2];
        int[] batches = Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray();
        MnistFamily.Splits data = MnistFamily.load(dir);
        System.out.println("# Kiln, threads=" + System.getProperty("kiln.threads", "all") + ": " + Simd.describe()
                + ", JDK " + Runtime.version());
        if (network.equals("reference") || network.equals("all")) {
            run("reference", ReferenceMlpModel::new, data, epochs, batches);
        }
        if (network.equals("batchnorm-dropout") || network.equals("all")) {
            run("batchnorm-dropout", NormalizedMlpModel::new, data, epochs, batches);
        }
    }

    private static void run(String network, Supplier<TrainableNetwork> factory, MnistFamily.Splits data, int epochs,
                            int[] batches) throws IOException {
        for (int batch : batches) {
            TrainableNetwork model = factory.get();
            List<EpochResult> results = new ArrayList<>();
            Trainer.fit(model, data.train(), FitOptions.defaults().withEpochs(epochs).withBatchSize(batch)
                    .withVerbose(false).withListener(results::add));
            double[] rates = results.stream().skip(1).mapToDouble(EpochResult::samplesPerSecond).sorted().toArray();
            double median = rates.length % 2 == 1 ? rates[rates.length / 2]
                    : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
            double accuracy = Trainer.evaluate(model, data.test()).metric();
            System.out.printf("RESULT kiln[threads=%s] %s %d median=%.0f min=%.0f max=%.0f accuracy=%.4f rss_mb=%.0f"
                            + " heap_peak_mb=%.0f gflops=%.1f state=%08x%n",
                    System.getProperty("kiln.threads", "1"), network, batch, median, rates[0], rates[rates.length - 1],
                    accuracy, peakRssMb(), heapPeakMb(), median * REFERENCE_FLOPS / 1e9, stateChecksum(model));
        }
    }

    /**
     * CRC32 of the bits of every state tensor after training (weights, BatchNorm statistics, optimizer moments):
     * different checksums from the 1- and the 2-thread runs prove different results; equal ones make a
     * difference as unlikely as a 32-bit collision.
     */
    static long stateChecksum(TrainableNetwork model) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (dev.kiln.runtime.Tensor t : model.stateTensors()) {
            for (int i = 0; i < t.size(); i++) {
                int bits = Float.floatToRawIntBits(t.values()[t.offset() + i]);
                crc.update(bits);
                crc.update(bits >>> 8);
                crc.update(bits >>> 16);
                crc.update(bits >>> 24);
            }
        }
        return crc.getValue();
    }

    /**
     * The Java heap's peak use so far, summed over its pools: what the data, the model and the garbage took, apart
     * from what the process holds besides (code, metaspace, thread stacks, and heap committed but not in use).
     */
    static double heapPeakMb() {
        long bytes = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory
                .getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / (1024.0 * 1024);
    }

    /** VmHWM from /proc/self/status: the peak resident set size of this process. */
    static double peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return Double.NaN;
    }
}
