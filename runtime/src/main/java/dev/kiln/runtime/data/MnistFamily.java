package dev.kiln.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads an MNIST-family data set (MNIST, Fashion-MNIST, KMNIST) from the four files of its usual layout,
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}, each plain or with {@code .gz}, and each also under the name some mirrors
 * give it, with a dot before {@code idx} ({@code train-images.idx3-ubyte}). Pixels are scaled to [0, 1]. Image
 * files must have rank 3 and label files rank 1 (a swapped pair is refused before its data is read), and each
 * file may declare at most {@link Idx#DEFAULT_MAX_BYTES} of float values unless the caller gives an
 * {@link Idx.Reader} with another limit.
 */
public final class MnistFamily {

    /** The four files, by their usual names. */
    private static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private MnistFamily() {}

    /** Training and test sets. */
    public record Splits(Dataset train, Dataset test) {}

    /**
     * True when {@code dir} holds all four files.
     *
     * @throws IllegalArgumentException when {@code dir} is null
     */
    public static boolean isPresent(Path dir) {
        if (dir == null) {
            throw new IllegalArgumentException("MnistFamily.isPresent needs a directory, but got null.");
        }
        return FILES.stream().allMatch(f -> find(dir, f) != null);
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
        if (p != null) {
            return p;
        }
        Path abs = dir.toAbsolutePath();
        if (!Files.exists(abs)) {
            throw new IOException("The directory " + abs + " does not exist, so it holds no " + name + ". Give the"
                    + " directory that holds the four files of an MNIST-family set, or download them there.");
        }
        if (!Files.isDirectory(abs)) {
            throw new IOException(abs + " is a file, not a directory. Give the directory that holds the four files"
                    + " of an MNIST-family set.");
        }
        List<String> names = names(name);
        throw new IOException("The directory " + abs + " exists but has no " + names.getFirst() + " (nor "
                + String.join(", ", names.subList(1, names.size() - 1)) + " or " + names.getLast() + "). Put the"
                + " four files of an MNIST-family set there (" + String.join(", ", FILES) + "), or give the"
                + " directory that holds them.");
    }

    /** The names a file is looked for under: usual, gzip, and with a dot before idx as some mirrors name it. */
    private static List<String> names(String name) {
        String dotted = name.replace("-idx", ".idx");
        return List.of(name, name + ".gz", dotted, dotted + ".gz");
    }

    private static Path find(Path dir, String name) {
        for (String n : names(name)) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
