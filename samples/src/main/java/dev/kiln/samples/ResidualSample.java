package dev.kiln.samples;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Playground;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.KilnModel;

/**
 * Why residual connections: trains a plain chain of ten dense layers and the same layers with a skip and a
 * layer normalisation around each hidden one, on the two-spiral set with the same optimizer, seed and data
 * order, and prints their loss and accuracy side by side. The deep plain chain learns slowly, as gradients
 * shrink through its many tanh layers; the residual blocks pass them on.
 */
public final class ResidualSample {

    private ResidualSample() {}

    /** The two histories: plain first, then residual. */
    static History[] run(int epochs) {
        Dataset data = Playground.spiral(500, 0.1, 21);
        FitOptions options = FitOptions.defaults().withEpochs(epochs).withBatchSize(32).withVerbose(false);
        KilnModel plain = new DeepNets_PlainModel();
        KilnModel residual = new DeepNets_ResidualModel();
        return new History[] {plain.fit(data, options), residual.fit(data, options)};
    }

    /**
     * Entry point.
     *
     * @param args optional: number of epochs (default 40)
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        History[] h = run(epochs);
        System.out.println("two spirals, ten dense layers of 32 tanh units, SGD 0.05, batch 32");
        System.out.println("epoch   plain loss  acc.   residual+layernorm loss  acc.");
        for (int e = 0; e < epochs; e++) {
            System.out.printf("%5d   %10.4f %5.3f   %23.4f %5.3f%n", e + 1, h[0].epochs().get(e).loss(),
                    h[0].epochs().get(e).metric(), h[1].epochs().get(e).loss(), h[1].epochs().get(e).metric());
        }
    }
}
