package dev.kiln.runtime.train;

import dev.kiln.runtime.Rng;

/**
 * Built-in augmentation for inputs that are images of {@code height × width} pixels stored row by row
 * (e.g. 28×28 for the MNIST family): a random shift by up to {@code maxShift} pixels in each direction
 * (uncovered pixels become 0), a horizontal flip with probability ½, and additive Gaussian noise of standard
 * deviation {@code noise}. Each is off unless set. Allocates its scratch row once.
 */
public final class ImageAugmentation implements Augmentation {

    private final int height;
    private final int width;
    private final int maxShift;
    private final boolean flip;
    private final float noise;
    private final float[] scratch;

    private ImageAugmentation(int height, int width, int maxShift, boolean flip, float noise) {
        if (height < 1 || width < 1 || (long) height * width > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("image size must be at least 1×1 and at most " + (Integer.MAX_VALUE - 8)
                    + " pixels, but was " + height + "×" + width + ".");
        }
        if (!Float.isFinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite number, but was " + noise + ".");
        }
        if (maxShift < 0 || maxShift >= Math.max(height, width)) {
            throw new IllegalArgumentException("maxShift must be at least 0 and less than the image's " + height + "×"
                    + width + " size, but was " + maxShift + ".");
        }
        if (!(noise >= 0)) {
            throw new IllegalArgumentException("noise must be at least 0, but was " + noise + ".");
        }
        this.height = height;
        this.width = width;
        this.maxShift = maxShift;
        this.flip = flip;
        this.noise = noise;
        this.scratch = new float[height * width];
    }

    /** No change yet; add {@link #withShift}, {@link #withHorizontalFlip}, {@link #withNoise}. */
    public static ImageAugmentation of(int height, int width) {
        return new ImageAugmentation(height, width, 0, false, 0f);
    }

    /** Random shifts of up to {@code pixels} in each direction. */
    public ImageAugmentation withShift(int pixels) {
        return new ImageAugmentation(height, width, pixels, flip, noise);
    }

    /** Mirror left-right with probability ½. */
    public ImageAugmentation withHorizontalFlip() {
        return new ImageAugmentation(height, width, maxShift, true, noise);
    }

    /** Add N(0, sd²) noise to every pixel. */
    public ImageAugmentation withNoise(double sd) {
        return new ImageAugmentation(height, width, maxShift, flip, (float) sd);
    }

    @Override
    public void checkWidth(int rowWidth) {
        if (rowWidth != height * width) {
            throw new IllegalArgumentException("ImageAugmentation of " + height + "×" + width + " images needs rows of "
                    + height * width + " features, but the data has " + rowWidth + ".");
        }
    }

    @Override
    public void augment(float[] batch, int rows, int rowWidth, Rng rng) {
        for (int r = 0; r < rows; r++) {
            int base = r * rowWidth;
            int dy = maxShift == 0 ? 0 : rng.nextInt(2 * maxShift + 1) - maxShift;
            int dx = maxShift == 0 ? 0 : rng.nextInt(2 * maxShift + 1) - maxShift;
            boolean mirror = flip && rng.nextInt(2) == 1;
            if (dy != 0 || dx != 0 || mirror) {
                System.arraycopy(batch, base, scratch, 0, scratch.length);
                for (int y = 0; y < height; y++) {
                    int sy = y - dy;
                    for (int x = 0; x < width; x++) {
                        int sx = (mirror ? width - 1 - x : x) - dx;
                        boolean inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
                        batch[base + y * width + x] = inside ? scratch[sy * width + sx] : 0f;
                    }
                }
            }
            if (noise > 0) {
                for (int i = 0; i < rowWidth; i++) {
                    batch[base + i] += (float) (noise * rng.nextGaussian());
                }
            }
        }
    }
}
