package dev.kiln.bench;

import dev.kiln.runtime.data.MnistFamily;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Kiln's side of the inference comparison, with the same protocol as bench/pytorch_inference.py: the reference
 * network (784-256-128-10; the weights do not change the cost) predicts test images. Latency: one image per
 * {@code predict} call, cycling through the first 1,000 test images, 20,000 calls of warm-up, then 30 rounds of
 * 1,000 calls; the per-call time of each round, median with min and max. Throughput: all 10,000 test images in
 * one {@code predict} call, 30 calls of warm-up, median of 10. Prints one {@code RESULT inference} line.
 */
public final class Inference {

    private Inference() {}

    /**
     * Entry point.
     *
     * @param args the Fashion-MNIST directory
     * @throws IOException when the data cannot be read
     */
    public static void main(String[] args) throws IOException {
        MnistFamily.Splits data = MnistFamily.load(Path.of(args[0]));
        float[] flat = data.test().features();
        int rows = data.test().rows();
        float[][] images = new float[rows][];
        for (int r = 0; r < rows; r++) {
            images[r] = Arrays.copyOfRange(flat, r * 784, (r + 1) * 784);
        }
        ReferenceMlpModel model = new ReferenceMlpModel();
        float sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += model.predict(images[i % 1000])[0];
        }
        double[] perCall = new double[30];
        for (int round = 0; round < perCall.length; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                sink += model.predict(images[i])[0];
            }
            perCall[round] = (System.nanoTime() - start) / 1000.0 / 1000.0;
        }
        // 30 calls of warm-up: the single-image calls above ran the small-A kernel, so the packed one the
        // batches use has not been compiled yet.
        for (int i = 0; i < 30; i++) {
            sink += model.predict(images)[0][0];
        }
        double[] throughput = new double[10];
        for (int i = 0; i < throughput.length; i++) {
            long start = System.nanoTime();
            sink += model.predict(images)[0][0];
            throughput[i] = rows / ((System.nanoTime() - start) * 1e-9);
        }
        Arrays.sort(perCall);
        Arrays.sort(throughput);
        System.out.printf("RESULT inference kiln[threads=%s] reference latency_us=%.2f latency_min=%.2f"
                        + " latency_max=%.2f throughput=%.0f%n", System.getProperty("kiln.threads", "all"),
                median(perCall), perCall[0], perCall[perCall.length - 1], median(throughput));
        if (sink == 42.4242f) {
            System.out.println("# (printed only to keep the predictions from being optimised away)");
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
