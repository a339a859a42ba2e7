package dev.kiln.runtime.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader for IDX files, the format of MNIST and Fashion-MNIST, plain or gzip-compressed (detected by the
 * gzip magic bytes, not the file name). Only unsigned-byte data (type 0x08) is read, which is what the
 * MNIST family uses.
 *
 * <p>Memory: the header's declared sizes are checked before any data is read. A file may declare at most
 * {@link #DEFAULT_MAX_BYTES} bytes of values counted as the floats they become (1 GiB, 268,435,456 values;
 * the 60,000 images of MNIST's training set are 47,040,000 values, 188 MB as floats), so a small gzip
 * file that honestly expands to gigabytes is refused with the bytes it would need instead of ending in an
 * {@link OutOfMemoryError}. {@link #withMaxBytes} gives a reader with another limit. Within the limit,
 * memory still grows only with the data actually read, so a short file that claims more than it holds
 * costs nothing.
 */
public final class Idx {

    /** The most a file may declare by default, in bytes of float values (4 per value): 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    private static final int UBYTE = 0x08;
    /** The most values one Java array holds, whatever the limit. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 16;
    private static final Reader DEFAULT = new Reader(DEFAULT_MAX_BYTES);

    private Idx() {}

    /**
     * An IDX array: its dimensions and its values as unsigned bytes.
     *
     * @throws IllegalArgumentException when {@code dimensions} or {@code data} is null
     */
    public record Array(int[] dimensions, byte[] data) {

        /** Refuses null arrays, so that {@link #rowWidth} and {@link Idx#unitFloats} never meet one. */
        public Array {
            if (dimensions == null || data == null) {
                throw new IllegalArgumentException("Idx.Array needs its " + (dimensions == null ? "dimensions"
                        : "data") + ", but got null.");
            }
        }

        /** Number of values per first-dimension entry (e.g. 784 for 28×28 images). */
        public int rowWidth() {
            int w = 1;
            for (int i = 1; i < dimensions.length; i++) {
                w *= dimensions[i];
            }
            return w;
        }
    }

    /**
     * A reader that accepts files declaring up to {@code bytes} bytes of float values (4 bytes per value;
     * reading also holds the values as bytes meanwhile, a quarter as much again). At most about 2^31 values fit
     * in one Java array, whatever the limit.
     *
     * @throws IllegalArgumentException when {@code bytes} is less than 4 (one value)
     */
    public static Reader withMaxBytes(long bytes) {
        if (bytes < 4) {
            throw new IllegalArgumentException("Idx.withMaxBytes needs room for at least one value (4 bytes), but"
                    + " got " + bytes + ".");
        }
        return new Reader(bytes);
    }

    /**
     * Reads an IDX file of unsigned bytes of any rank from 1 to 4.
     *
     * @throws IOException when the file cannot be read, is not an unsigned-byte IDX file, is truncated or
     *                     corrupt, or declares more than {@link #DEFAULT_MAX_BYTES}
     */
    public static Array read(Path file) throws IOException {
        return DEFAULT.read(file);
    }

    /**
     * Reads IDX data from a stream; {@code name} is used in messages. {@code size} is the stream's length
     * when known (a plain file), else -1: a plain stream whose header declares more data than it holds is
     * refused before anything is allocated, and in every case memory grows only with the data actually read,
     * so a short file that claims billions of values cannot exhaust the heap.
     */
    public static Array read(InputStream stream, String name, long size) throws IOException {
        return DEFAULT.read(stream, name, size);
    }

    /**
     * Reads an image file (rank 2 to 4: the image count, then each image's dimensions) and scales pixels to
     * [0, 1]: one row of {@code rowWidth()} floats per image.
     *
     * @throws IOException as {@link #read(Path)}, and when the file has rank 1 (a label file)
     */
    public static float[] readImages(Path file) throws IOException {
        return DEFAULT.readImages(file);
    }

    /**
     * The array's bytes as floats in [0, 1] (byte / 255).
     *
     * @throws IllegalArgumentException when {@code a} is null
     */
    public static float[] unitFloats(Array a) {
        if (a == null) {
            throw new IllegalArgumentException("Idx.unitFloats needs an array, but got null.");
        }
        float[] out = new float[a.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (a.data()[i] & 0xFF) / 255f;
        }
        return out;
    }

    /**
     * Reads a label file (rank 1).
     *
     * @throws IOException as {@link #read(Path)}, and when the file's rank is not 1 (an image file)
     */
    public static int[] readLabels(Path file) throws IOException {
        return DEFAULT.readLabels(file);
    }

    /** An IDX reader with its own size limit, from {@link Idx#withMaxBytes}; methods as {@link Idx}'s. */
    public static final class Reader {

        private final long maxBytes;

        private Reader(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        /** The most bytes of float values a file may declare. */
        public long maxBytes() {
            return maxBytes;
        }

        /** As {@link Idx#read(Path)}, with this reader's limit. */
        public Array read(Path file) throws IOException {
            return read(file, 1, 4);
        }

        /** As {@link Idx#read(InputStream, String, long)}, with this reader's limit. */
        public Array read(InputStream stream, String name, long size) throws IOException {
            return read(stream, name, size, 1, 4);
        }

        /** As {@link Idx#readImages(Path)}, with this reader's limit. */
        public float[] readImages(Path file) throws IOException {
            return unitFloats(read(file, 2, 4));
        }

        /** As {@link Idx#readLabels(Path)}, with this reader's limit. */
        public int[] readLabels(Path file) throws IOException {
            Array a = read(file, 1, 1);
            int[] out = new int[a.data().length];
            for (int i = 0; i < out.length; i++) {
                out[i] = a.data()[i] & 0xFF;
            }
            return out;
        }

        /** Reads a file whose rank must be in {@code [minRank, maxRank]}, checked before the data is read. */
        Array read(Path file, int minRank, int maxRank) throws IOException {
            if (file == null) {
                throw new IllegalArgumentException("Idx needs a file, but got null.");
            }
            if (Files.isDirectory(file)) {
                throw new IOException(file + ": is a directory, not an IDX file; give the path of a file inside it.");
            }
            long size = Files.size(file);
            try (InputStream in = Files.newInputStream(file)) {
                return read(in, file.toString(), size, minRank, maxRank);
            }
        }

        private Array read(InputStream stream, String name, long size, int minRank, int maxRank)
                throws IOException {
            if (stream == null) {
                throw new IllegalArgumentException("Idx needs an input stream, but got null.");
            }
            try {
                return readChecked(stream, name, size, minRank, maxRank);
            } catch (java.util.zip.ZipException | EOFException e) {
                // From the gzip layer: the compressed data itself is damaged or cut short.
                throw new IOException(name + ": corrupt or truncated gzip data (" + e.getMessage() + ").", e);
            }
        }

        private Array readChecked(InputStream stream, String name, long size, int minRank, int maxRank)
                throws IOException {
            InputStream raw = new BufferedInputStream(stream, 1 << 16);
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            DataInputStream data = new DataInputStream(in);
            int magic = readHeaderInt(data, name, 0);
            int type = (magic >>> 8) & 0xFF;
            int rank = magic & 0xFF;
            if ((magic >>> 16) != 0 || type != UBYTE || rank < 1 || rank > 4) {
                throw new IOException(name + ": not an unsigned-byte IDX file (magic 0x" + Integer.toHexString(magic)
                        + " at offset 0; expected 0x0000080N with N in 1..4)." + textCause(magic));
            }
            if (rank < minRank || rank > maxRank) {
                throw new IOException(name + ": " + rankRule(minRank, maxRank) + ", but this one has rank " + rank
                        + (rank == 1 ? " (a label file?)" : maxRank == 1 ? " (an image file?)" : "")
                        + ". Check which file is which.");
            }
            int[] dims = new int[rank];
            java.math.BigInteger declared = java.math.BigInteger.ONE; // four dimensions of 2^31 overflow a long
            for (int i = 0; i < rank; i++) {
                dims[i] = readHeaderInt(data, name, 4 + 4 * i);
                if (dims[i] < 0) {
                    throw new IOException(name + ": dimension " + i + " is negative (" + dims[i] + ") at offset "
                            + (4 + 4 * i) + ".");
                }
                declared = declared.multiply(java.math.BigInteger.valueOf(dims[i]));
            }
            java.math.BigInteger bytes = declared.shiftLeft(2);
            if (bytes.compareTo(java.math.BigInteger.valueOf(maxBytes)) > 0) {
                throw new IOException(name + ": header declares " + describe(dims) + " = " + declared + " values,"
                        + " which need " + bytes + " bytes as floats, more than this reader's limit of " + maxBytes
                        + " bytes (a damaged header, or a file that expands to more than it should). If the file is"
                        + " genuine, read it with a higher limit: Idx.withMaxBytes(" + bytes + "L).");
            }
            if (declared.compareTo(java.math.BigInteger.valueOf(MAX_VALUES)) > 0) {
                throw new IOException(name + ": header declares " + describe(dims) + " = " + declared + " values, more"
                        + " than one Java array can hold (" + MAX_VALUES + "); split the file.");
            }
            long count = declared.longValueExact();
            long headerBytes = 4 + 4L * rank;
            if (!gzip && size >= 0 && size != headerBytes + count) {
                throw new IOException(name + ": header declares " + count + " values after " + headerBytes
                        + " header bytes, but the file has " + (size - headerBytes)
                        + " (truncated or not an IDX file).");
            }
            byte[] values = readExactly(data, (int) count, name, headerBytes);
            if (data.read() != -1) {
                throw new IOException(name + ": more data after the " + count + " values its header declares"
                        + " (offset " + (headerBytes + count) + "); the header does not describe this file.");
            }
            return new Array(dims, values);
        }
    }

    /**
     * The likely cause when the first four bytes are printable text, which an IDX header never is: a web page
     * saved in place of the file, or a Git LFS pointer checked out without its data. Empty otherwise.
     */
    static String textCause(int magic) {
        char[] text = new char[4];
        for (int i = 0; i < 4; i++) {
            int b = (magic >>> (24 - 8 * i)) & 0xFF;
            if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b > 0x7e) {
                return "";
            }
            text[i] = b < 0x20 ? ' ' : (char) b;
        }
        String first = new String(text);
        String cause;
        if (first.startsWith("vers")) {
            cause = "a Git LFS pointer (the data was never fetched)? Run git lfs pull, or download the file again.";
        } else if (first.startsWith("<")) {
            cause = "an HTML page (an error or login page saved in place of the file)? Download the file again.";
        } else {
            cause = "text, not IDX data (an HTML page or a Git LFS pointer?). Download the file again.";
        }
        return " Its first bytes are '" + first + "': " + cause;
    }

    /** What the caller expects, in words: "a label file has rank 1", "an image file has rank 2 to 4 (...)". */
    private static String rankRule(int minRank, int maxRank) {
        if (maxRank == 1) {
            return "a label file has rank 1";
        }
        return "an image file has rank " + (minRank == maxRank ? Integer.toString(minRank) : minRank + " to " + maxRank)
                + " (the image count, then each image's dimensions)";
    }

    private static String describe(int[] dims) {
        StringBuilder b = new StringBuilder();
        for (int d : dims) {
            b.append(b.isEmpty() ? "" : "×").append(d);
        }
        return b.toString();
    }

    private static int readHeaderInt(DataInputStream data, String name, long offset) throws IOException {
        try {
            return data.readInt();
        } catch (EOFException e) {
            throw new IOException(name + ": file ends inside the header, at offset " + offset + " (truncated?).", e);
        }
    }

    /** Reads {@code count} bytes, growing the array with the data read rather than trusting the header. */
    private static byte[] readExactly(InputStream in, int count, String name, long offset) throws IOException {
        byte[] buf = new byte[Math.min(count, 1 << 20)];
        int filled = 0;
        while (filled < count) {
            if (filled == buf.length) {
                buf = java.util.Arrays.copyOf(buf, (int) Math.min(count, 2L * buf.length));
            }
            int n = in.read(buf, filled, buf.length - filled);
            if (n < 0) {
                throw new IOException(name + ": file ends after " + filled + " of the " + count
                        + " values its header declares (at data offset " + (offset + filled) + "; truncated?).");
            }
            filled += n;
        }
        return buf;
    }
}
