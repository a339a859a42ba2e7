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
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(raw, 1 << 16) : raw;
            DataInputStream data = new DataInputStream(in);
            try {
                int magic = data.readInt();
                int type = (magic >>> 8) & 0xFF;
                int rank = magic & 0xFF;
                if ((magic >>> 16) != 0 || type != UBYTE || rank < 1 || rank > 4) {
                    throw new IOException(file + ": not an unsigned-byte IDX file (magic 0x"
                            + Integer.toHexString(magic) + " at offset 0; expected 0x0000080N with N in 1..4).");
                }
                int[] dims = new int[rank];
                long count = 1;
                for (int i = 0; i < rank; i++) {
                    dims[i] = data.readInt();
                    if (dims[i] < 0) {
                        throw new IOException(file + ": dimension " + i + " is negative (" + dims[i]
                                + ") at offset " + (4 + 4 * i) + ".");
                    }
                    count *= dims[i];
                }
                if (count > Integer.MAX_VALUE - 16) {
                    throw new IOException(file + ": header declares " + count
                            + " values, more than one Java array can hold.");
                }
                byte[] values = new byte[(int) count];
                data.readFully(values);
                return new Array(dims, values);
            } catch (EOFException e) {
                throw new IOException(file + ": file ends before the data its header declares (truncated?).", e);
            }
        }
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
