package dev.kiln.runtime.kernels;

import dev.kiln.runtime.Rng;

/** Scalar twin of the inverted-dropout mask kernel in {@link DropoutMasks}. */
public final class ScalarDropoutMasks {

    private ScalarDropoutMasks() {}

    /**
     * Writes the mask entries of draws {@code [fromDraw, toDraw)} of the block reserved at {@code start}:
     * draw {@code j} gives entry {@code 2j} from its top 24 bits and entry {@code 2j + 1} (when it is below
     * {@code count}) from its low 24 bits. An entry is 0 when its uniform is below {@code rate}, else
     * {@code keep}.
     */
    public static void fill(long start, float[] mask, int count, float rate, float keep, int fromDraw, int toDraw) {
        for (int j = fromDraw; j < toDraw; j++) {
            long bits = Rng.draw(start, j);
            int i = 2 * j;
            mask[i] = ((bits >>> 40) * 0x1.0p-24f) < rate ? 0f : keep;
            if (i + 1 < count) {
                mask[i + 1] = ((bits & 0xFFFFFFL) * 0x1.0p-24f) < rate ? 0f : keep;
            }
        }
    }
}
