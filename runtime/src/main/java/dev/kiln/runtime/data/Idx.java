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
 */
public final class Idx {

    private static final int UBYTE = 0x08;

    private Idx() {}

    /** An IDX array: its dimensions and its values as unsigned bytes widened to int. */
    public record Array(int[] dimensions, byte[] data) {

        /** Number of values per first-dimension entry (e.g. 784 for 28×28 images). */
        public int rowWidth() {
            int w = 1;
            for (int i = 1; i < dimensions.length; i++) {
                w *= dimensions[i];
            }
            return w;
        }
    }

    /** Reads an IDX file of unsigned bytes. */
    public static Array read(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), size);
        }
    }

    /**
     * Reads IDX data from a stream; {@code name} is used in messages. {@code size} is the stream's length
     * when known (a plain file), else -1: a plain stream whose header declares more data than it holds is
     * refused before anything is allocated, and in every case memory grows only with the data actually read,
     * so a short file that claims billions of values cannot exhaust the heap.
     */
    public static Array read(InputStream stream, String name, long size) throws IOException {
        try {
            return readChecked(stream, name, size);
        } catch (java.util.zip.ZipException | EOFException e) {
            // From the gzip layer: the compressed data itself is damaged or cut short.
            throw new IOException(name + ": corrupt or truncated gzip data (" + e.getMessage() + ").", e);
        }
    }

    private static Array readChecked(InputStream stream, String name, long size) throws IOException {
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
                    + " at offset 0; expected 0x0000080N with N in 1..4).");
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = readHeaderInt(data, name, 4 + 4 * i);
            if (dims[i] < 0) {
                throw new IOException(name + ": dimension " + i + " is negative (" + dims[i] + ") at offset "
                        + (4 + 4 * i) + ".");
            }
            count *= dims[i];
            if (count > Integer.MAX_VALUE - 16) {
                throw new IOException(name + ": header declares more than " + (Integer.MAX_VALUE - 16)
                        + " values, more than one Java array can hold.");
            }
        }
        long headerBytes = 4 + 4L * rank;
        if (!gzip && size >= 0 && size != headerBytes + count) {
            throw new IOException(name + ": header declares " + count + " values after " + headerBytes
                    + " header bytes, but the file has " + (size - headerBytes) + " (truncated or not an IDX file).");
        }
        byte[] values = readExactly(data, (int) count, name, headerBytes);
        if (data.read() != -1) {
            throw new IOException(name + ": more data after the " + count + " values its header declares (offset "
                    + (headerBytes + count) + "); the header does not describe this file.");
        }
        return new Array(dims, values);
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

    /** Reads an image file and scales pixels to [0, 1]: one row of {@code rowWidth()} floats per image. */
    public static float[] readImages(Path file) throws IOException {
        return unitFloats(read(file));
    }

    /** The array's bytes as floats in [0, 1] (byte / 255). */
    public static float[] unitFloats(Array a) {
        float[] out = new float[a.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (a.data()[i] & 0xFF) / 255f;
        }
        return out;
    }

    /** Reads a label file (rank 1). */
    public static int[] readLabels(Path file) throws IOException {
        Array a = read(file);
        if (a.dimensions().length != 1) {
            throw new IOException(file + ": a label file has rank 1, but this one has rank "
                    + a.dimensions().length + ".");
        }
        int[] out = new int[a.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.data()[i] & 0xFF;
        }
        return out;
    }
}
