package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files made to exhaust memory or to be misread, in the style of {@link ReaderFuzzTest}: gzip bombs that
 * declare or really hold far more than the reader's limit, a line of a gigabyte, a byte-order mark, line
 * ends of every kind, and a target column named twice. Each must give a clean result or the reader's own
 * exception with the limit and how to raise it, and the limits must be exactly where they are documented.
 */
class HostileFilesTest {

    @TempDir
    Path dir;

    /** An IDX header of unsigned bytes with these dimensions, then {@code values} zero bytes, gzip-compressed. */
    private static byte[] gzipIdx(long values, int... dims) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes, 1 << 16))) {
            out.writeInt(0x00000800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            byte[] zeros = new byte[1 << 20];
            for (long left = values; left > 0; left -= zeros.length) {
                out.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
        }
        return bytes.toByteArray();
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void aGzipFileDeclaringTwoBillionValuesIsRefusedBeforeReading() throws IOException {
        // 2^16 × 2^15 = 2^31 values declared; the file holds a megabyte of them.
        byte[] bomb = gzipIdx(1 << 20, 1 << 16, 1 << 15);
        long before = usedHeap();
        IOException e = assertThrows(IOException.class,
                () -> Idx.read(new ByteArrayInputStream(bomb), "bomb.idx.gz", -1));
        long grown = usedHeap() - before;
        assertTrue(e.getMessage().startsWith("bomb.idx.gz: header declares 65536×32768 = 2147483648 values, which"
                + " need 8589934592 bytes as floats, more than this reader's limit of 1073741824 bytes"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("read it with a higher limit: Idx.withMaxBytes(8589934592L)."),
                e.getMessage());
        assertTrue(grown < 32L << 20, "grew the heap by " + grown + " bytes");
        // Beyond what one array holds, raising the limit does not help, and the message says so.
        IOException array = assertThrows(IOException.class, () -> Idx.withMaxBytes(Long.MAX_VALUE)
                .read(new ByteArrayInputStream(bomb), "bomb.idx.gz", -1));
        assertTrue(array.getMessage().contains("more than one Java array can hold"), array.getMessage());
    }

    @Test
    void aGzipFileThatHonestlyExpandsTo64MegabytesIsBoundedByTheLimit() throws IOException {
        // 65536 images of 32×32: 64 MiB of real data, compressed to a few hundred kilobytes.
        byte[] bomb = gzipIdx(64L << 20, 65536, 32, 32);
        assertTrue(bomb.length < 1 << 20, "the test file itself is small: " + bomb.length);
        Path file = Files.write(dir.resolve("big-idx3-ubyte.gz"), bomb);
        IOException e = assertThrows(IOException.class, () -> Idx.withMaxBytes(1 << 20).readImages(file));
        assertTrue(e.getMessage().contains("65536×32×32 = 67108864 values, which need 268435456 bytes as floats,"
                + " more than this reader's limit of 1048576 bytes"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("Idx.withMaxBytes(268435456L)"), e.getMessage());
    }

    @Test
    void theIdxLimitIsExactlyTheDeclaredFloatBytes() throws IOException {
        byte[] data = gzipIdx(4096, 16, 16, 16);
        Idx.Array a = Idx.withMaxBytes(4 * 4096).read(new ByteArrayInputStream(data), "edge.idx", -1);
        assertEquals(4096, a.data().length);
        IOException e = assertThrows(IOException.class,
                () -> Idx.withMaxBytes(4 * 4096 - 1).read(new ByteArrayInputStream(data), "edge.idx", -1));
        assertTrue(e.getMessage().contains("limit of 16383 bytes"), e.getMessage());
        // The default lets all of MNIST's training images through: 60000×28×28 values, 188 MB as floats.
        assertTrue(4L * 60000 * 28 * 28 < Idx.DEFAULT_MAX_BYTES);
    }

    /** A stream of {@code length} copies of one byte, never held in memory. */
    private static InputStream repeated(byte b, long length) {
        return new InputStream() {
            long left = length;

            @Override
            public int read() {
                return left-- > 0 ? b : -1;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(buf, off, off + n, b);
                left -= n;
                return n;
            }
        };
    }

    @Test
    void aGigabyteLineIsRefusedAtTheLimitWithoutReadingItAll() {
        long before = usedHeap();
        IOException e = assertThrows(IOException.class,
                () -> Csv.classification(repeated((byte) '1', 1L << 30), "long.csv", 0, false));
        long grown = usedHeap() - before;
        assertEquals("long.csv, line 1 is longer than 16777216 characters, this reader's limit (a file without line"
                + " breaks, or not a CSV file?). If the line is genuine, read with a higher limit:"
                + " Csv.withMaxLineLength(33554432).", e.getMessage());
        assertTrue(grown < 200L << 20, "grew the heap by " + grown + " bytes");
    }

    @Test
    void theLineLimitIsExactlyTheLineLengthWithoutItsEnd() throws IOException {
        String ten = "1,2,3,4,0\n"; // nine characters and the line feed
        Dataset d = Csv.withMaxLineLength(9).classification(
                new ByteArrayInputStream((ten + ten).getBytes(StandardCharsets.UTF_8)), "edge.csv", 4, false);
        assertEquals(2, d.rows());
        IOException e = assertThrows(IOException.class, () -> Csv.withMaxLineLength(9).classification(
                new ByteArrayInputStream((ten + "1,2,3,4,10\n").getBytes(StandardCharsets.UTF_8)), "edge.csv", 4,
                false));
        assertTrue(e.getMessage().startsWith("edge.csv, line 2 is longer than 9 characters"), e.getMessage());
    }

    @Test
    void aByteOrderMarkIsSkippedAndLineEndsOfEveryKindAreRead() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = "1.5,2,0\r\n-3,.5,2\r5,+6e0,1\n\n7,8,2.0".getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, file, 0, bom.length);
        System.arraycopy(text, 0, file, bom.length, text.length);
        Dataset d = Csv.classification(new ByteArrayInputStream(file), "bom.csv", 2, false);
        assertArrayEquals(new float[] {1.5f, 2, -3, 0.5f, 5, 6, 7, 8}, d.features());
        assertArrayEquals(new int[] {0, 2, 1, 2}, d.labels());
        // With a header, the mark is part of the skipped line; elsewhere than the start it is an error.
        byte[] header = ("\uFEFFa,b,label\n1,2,3\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(1, Csv.classification(new ByteArrayInputStream(header), "h.csv", 2, true).rows());
        IOException e = assertThrows(IOException.class, () -> Csv.classification(
                new ByteArrayInputStream("1,2,0\n\uFEFF1,2,0\n".getBytes(StandardCharsets.UTF_8)), "m.csv", 2,
                false));
        assertTrue(e.getMessage().startsWith("m.csv, line 2: column index 0"), e.getMessage());
    }

    @Test
    void aTargetColumnNamedTwiceIsRefusedBeforeReading() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.regression(
                repeated((byte) '1', 1L << 40), "dup.csv", new int[] {0, 2, 0}, false));
        assertEquals("target column index 0 is given twice in [0, 2, 0]; name each target column once.",
                e.getMessage());
    }

    @Test
    void plainNumberFormsAreReadAndLabelsMustBeExactWholeNumbers() throws IOException {
        Dataset d = Csv.classification(new ByteArrayInputStream(
                " 1 ,-2.5E-1,3e0\n+4,1e-50,0.000\n5.,6,2.00e1\n1,1,000\n".getBytes(StandardCharsets.UTF_8)),
                "forms.csv", 2, false);
        assertArrayEquals(new float[] {1, -0.25f, 4, 0, 5, 6, 1, 1}, d.features(), "1e-50 underflows to 0");
        assertArrayEquals(new int[] {3, 0, 20, 0}, d.labels());
        Dataset r = Csv.regression(new ByteArrayInputStream("3.4e38,-3.4E38,2\n".getBytes(StandardCharsets.UTF_8)),
                "range.csv", new int[] {2}, false);
        assertArrayEquals(new float[] {3.4e38f, -3.4e38f}, r.features(), "float's range is accepted to its end");
    }

    @Test
    void aDirectoryGivenAsAnIdxFileIsNamedAsSuch() {
        IOException e = assertThrows(IOException.class, () -> Idx.read(dir));
        assertEquals(dir + ": is a directory, not an IDX file; give the path of a file inside it.", e.getMessage());
    }

    @Test
    void mnistFamilyRefusesSwappedFilesBeforeReadingTheirData() throws IOException {
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(labels);
        out.writeInt(0x00000801);
        out.writeInt(2);
        out.write(new byte[] {1, 2});
        byte[] images = gzipIdx(8, 2, 2, 2);
        for (String split : new String[] {"train", "t10k"}) {
            // The image name holds labels and the label name holds images.
            Files.write(dir.resolve(split + "-images-idx3-ubyte"), labels.toByteArray());
            Files.write(dir.resolve(split + "-labels-idx1-ubyte.gz"), images);
        }
        IOException e = assertThrows(IOException.class, () -> MnistFamily.load(dir));
        assertEquals(dir.resolve("train-images-idx3-ubyte") + ": an image file has rank 3 (the image count, then"
                + " each image's dimensions), but this one has rank 1 (a label file?). Check which file is which.",
                e.getMessage());
        try (OutputStream o = Files.newOutputStream(dir.resolve("train-images-idx3-ubyte"))) {
            o.write(gzipIdx(8, 2, 2, 2));
        }
        IOException swapped = assertThrows(IOException.class, () -> MnistFamily.load(dir));
        assertTrue(swapped.getMessage().contains("train-labels-idx1-ubyte.gz: a label file has rank 1, but this one"
                + " has rank 3 (an image file?)"), swapped.getMessage());
    }

    @Test
    void mnistFamilyReadsTheNamesWithADotThatSomeMirrorsUse() throws IOException {
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(labels);
        out.writeInt(0x00000801);
        out.writeInt(2);
        out.write(new byte[] {1, 2});
        for (String split : new String[] {"train", "t10k"}) {
            Files.write(dir.resolve(split + "-images.idx3-ubyte.gz"), gzipIdx(8, 2, 2, 2));
            Files.write(dir.resolve(split + "-labels.idx1-ubyte"), labels.toByteArray());
        }
        assertTrue(MnistFamily.isPresent(dir));
        MnistFamily.Splits splits = MnistFamily.load(dir);
        assertEquals(2, splits.train().rows());
        assertArrayEquals(new int[] {1, 2}, splits.test().labels());
    }

    @Test
    void aMissingMnistFileIsNamedWithTheAbsoluteDirectoryAndWhetherItExists() throws IOException {
        Path missing = Path.of("no-such-mnist-directory");
        IOException none = assertThrows(IOException.class, () -> MnistFamily.load(missing));
        assertEquals("The directory " + missing.toAbsolutePath() + " does not exist, so it holds no"
                + " train-images-idx3-ubyte. Give the directory that holds the four files of an MNIST-family set, or"
                + " download them there.", none.getMessage());
        IOException empty = assertThrows(IOException.class, () -> MnistFamily.load(dir));
        assertEquals("The directory " + dir.toAbsolutePath() + " exists but has no train-images-idx3-ubyte (nor"
                + " train-images-idx3-ubyte.gz, train-images.idx3-ubyte or train-images.idx3-ubyte.gz). Put the four"
                + " files of an MNIST-family set there (train-images-idx3-ubyte, train-labels-idx1-ubyte,"
                + " t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte), or give the directory that holds them.",
                empty.getMessage());
        Path file = Files.writeString(dir.resolve("fashion.zip"), "x");
        IOException notDir = assertThrows(IOException.class, () -> MnistFamily.load(file));
        assertEquals(file.toAbsolutePath() + " is a file, not a directory. Give the directory that holds the four"
                + " files of an MNIST-family set.", notDir.getMessage());
    }
}
