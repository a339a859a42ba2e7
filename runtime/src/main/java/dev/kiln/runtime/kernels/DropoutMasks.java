package dev.kiln.runtime.kernels;

import dev.kiln.runtime.Rng;

/** Inverted-dropout masks: each entry is 0 with probability {@code rate}, else {@code 1 / (1 - rate)}. */
public final class DropoutMasks {

    private DropoutMasks() {}

    /** Fills the first {@code count} entries of {@code values} with uniform draws from [lower, upper). */
    public static void fillUniform(Rng rng, float[] values, int count, float lower, float upper) {
        float width = upper - lower;
        for (int i = 0; i < count; i++) {
            values[i] = lower + width * rng.nextFloat();
        }
    }

    /** Fills the first {@code count} entries of {@code mask} from {@code rng}. */
    public static void fill(Rng rng, float[] mask, int count, float rate) {
        float keep = 1f / (1f - rate);
        int i = 0;
        // Two 24-bit uniforms per 64-bit draw: masks are the largest consumer of random numbers.
        for (; i + 1 < count; i += 2) {
            long bits = rng.nextLong();
            mask[i] = ((bits >>> 40) * 0x1.0p-24f) < rate ? 0f : keep;
            mask[i + 1] = ((bits & 0xFFFFFFL) * 0x1.0p-24f) < rate ? 0f : keep;
        }
        if (i < count) {
            mask[i] = rng.nextFloat() < rate ? 0f : keep;
        }
    }
}
