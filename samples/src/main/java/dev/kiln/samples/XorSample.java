package dev.kiln.samples;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;

/** Trains {@link XorNet} on the four XOR points and prints what it learned. */
public final class XorSample {

    /** The four points and their XOR. */
    static final Dataset XOR = Dataset.ofTargets(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 2, new float[] {0, 1, 1, 0}, 1);

    private XorSample() {}

    /**
     * Entry point.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        XorNetModel model = new XorNetModel();
        System.out.print(model.summary());
        History h = model.fit(XOR, FitOptions.defaults().withVerbose(false));
        System.out.printf("after %d epochs: loss %.4f, accuracy %.2f%n", h.epochs().size(), h.last().loss(),
                h.last().metric());
        for (int i = 0; i < 4; i++) {
            float[] x = {XOR.features()[2 * i], XOR.features()[2 * i + 1]};
            System.out.printf("  %.0f xor %.0f -> %.3f%n", x[0], x[1], model.predict(x)[0]);
        }
    }
}
