package dev.kiln.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads an MNIST-family data set (MNIST, Fashion-MNIST, KMNIST) from the four files of its usual layout,
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}, each plain or with {@code .gz}. Pixels are scaled to [0, 1]. Image
 * files must have rank 3 and label files rank 1 (a swapped pair is refused before its data is read), and each
 * file may declare at most {@link Idx#DEFAULT_MAX_BYTES} of float values unless the caller gives an
 * {@link Idx.Reader} with another limit.
 */
public final class MnistFamily {

    private MnistFamily() {}

    /** Training and test sets. */
    public record Splits(Dataset train, Dataset test) {}

    /** True when {@code dir} holds all four files. */
    public static boolean isPresent(Path dir) {
        return find(dir, "train-images-idx3-ubyte") != null && find(dir, "train-labels-idx1-ubyte") != null
                && find(dir, "t10k-images-idx3-ubyte") != null && find(dir, "t10k-labels-idx1-ubyte") != null;
    }

    /**
     * Loads both splits from {@code dir}.
     *
     * @throws IOException when a file is missing, unreadable, of the wrong rank, damaged, or larger than
     *                     {@link Idx#DEFAULT_MAX_BYTES}; the message names the file
     */
    public static Splits load(Path dir) throws IOException {
        return load(dir, Idx.withMaxBytes(Idx.DEFAULT_MAX_BYTES));
    }

    /**
     * Loads both splits from {@code dir} with {@code reader}'s size limit, e.g.
     * {@code MnistFamily.load(dir, Idx.withMaxBytes(4L << 30))} for a set larger than the default allows.
     *
     * @throws IOException as {@link #load(Path)}
     */
    public static Splits load(Path dir, Idx.Reader reader) throws IOException {
        if (dir == null || reader == null) {
            throw new IllegalArgumentException("MnistFamily.load needs a directory and a reader, but got "
                    + (dir == null ? "no directory." : "no reader."));
        }
        return new Splits(load(dir, "train", reader), load(dir, "t10k", reader));
    }

    private static Dataset load(Path dir, String prefix, Idx.Reader reader) throws IOException {
        Path images = require(dir, prefix + "-images-idx3-ubyte");
        Path labels = require(dir, prefix + "-labels-idx1-ubyte");
        Idx.Array imageArray = reader.read(images, 3, 3);
        float[] pixels = Idx.unitFloats(imageArray);
        int[] y = reader.readLabels(labels);
        if (y.length != imageArray.dimensions()[0]) {
            throw new IOException(images + " holds " + imageArray.dimensions()[0] + " images but " + labels
                    + " holds " + y.length + " labels.");
        }
        return Dataset.ofClasses(pixels, imageArray.rowWidth(), y);
    }

    private static Path require(Path dir, String name) throws IOException {
        Path p = find(dir, name);
        if (p == null) {
            throw new IOException("No " + name + " or " + name + ".gz in " + dir + ".");
        }
        return p;
    }

    private static Path find(Path dir, String name) {
        for (Path p : new Path[] {dir.resolve(name), dir.resolve(name + ".gz")}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
