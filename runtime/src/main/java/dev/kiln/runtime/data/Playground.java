package dev.kiln.runtime.data;

import dev.kiln.runtime.Rng;

/**
 * The two-dimensional toy sets of the TensorFlow Playground, generated from a seed so they need no
 * download: two interleaved spirals, or a disc inside a ring. Labels are 0 and 1.
 */
public final class Playground {

    private Playground() {}

    /** Two classes of {@code perClass} points with two features each must fit in one array. */
    private static void checkSize(int perClass, double noise) {
        if (perClass < 1 || perClass > (Integer.MAX_VALUE - 8) / 4) {
            throw new IllegalArgumentException("perClass must be between 1 and " + (Integer.MAX_VALUE - 8) / 4
                    + ", but was " + perClass + ".");
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite number at least 0, but was " + noise + ".");
        }
    }

    /**
     * Two spirals of {@code perClass} points each, as the Playground draws them: radius grows linearly to 5
     * over 1.75 turns, the second spiral rotated by π, with uniform noise of amplitude {@code noise}.
     */
    public static Dataset spiral(int perClass, double noise, long seed) {
        checkSize(perClass, noise);
        Rng rng = new Rng(seed);
        float[] x = new float[perClass * 2 * 2];
        int[] y = new int[perClass * 2];
        int row = 0;
        for (int cls = 0; cls < 2; cls++) {
            double delta = cls * Math.PI;
            for (int i = 0; i < perClass; i++, row++) {
                double r = (double) i / perClass * 5;
                double t = 1.75 * i / perClass * 2 * Math.PI + delta;
                x[2 * row] = (float) (r * Math.sin(t) + (2 * rng.nextDouble() - 1) * noise);
                x[2 * row + 1] = (float) (r * Math.cos(t) + (2 * rng.nextDouble() - 1) * noise);
                y[row] = cls;
            }
        }
        return Dataset.ofClasses(x, 2, y);
    }

    /** A disc of radius 2 (label 0) inside a ring of radius 3.5 to 5 (label 1), {@code perClass} points each. */
    public static Dataset circle(int perClass, double noise, long seed) {
        checkSize(perClass, noise);
        Rng rng = new Rng(seed);
        float[] x = new float[perClass * 2 * 2];
        int[] y = new int[perClass * 2];
        for (int i = 0; i < perClass * 2; i++) {
            int cls = i < perClass ? 0 : 1;
            double r = cls == 0 ? rng.nextDouble() * 2.0 : 3.5 + rng.nextDouble() * 1.5;
            double angle = rng.nextDouble() * 2 * Math.PI;
            x[2 * i] = (float) (r * Math.sin(angle) + (2 * rng.nextDouble() - 1) * noise);
            x[2 * i + 1] = (float) (r * Math.cos(angle) + (2 * rng.nextDouble() - 1) * noise);
            y[i] = cls;
        }
        return Dataset.ofClasses(x, 2, y);
    }
}
