package dev.kiln.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads an MNIST-family data set (MNIST, Fashion-MNIST, KMNIST) from the four files of its usual layout,
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}, each plain or with {@code .gz}. Pixels are scaled to [0, 1].
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

    /** Loads both splits from {@code dir}. */
    public static Splits load(Path dir) throws IOException {
        return new Splits(load(dir, "train"), load(dir, "t10k"));
    }

    private static Dataset load(Path dir, String prefix) throws IOException {
        Path images = require(dir, prefix + "-images-idx3-ubyte");
        Path labels = require(dir, prefix + "-labels-idx1-ubyte");
        Idx.Array imageArray = Idx.read(images);
        float[] pixels = Idx.unitFloats(imageArray);
        int[] y = Idx.readLabels(labels);
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
