package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir
    Path dir;

    /** Two 2×3 "images" and their labels, in the MNIST layout. */
    private static byte[] images() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(2);
        out.writeInt(2);
        out.writeInt(3);
        out.write(new byte[] {0, 51, (byte) 255, 1, 2, 3, 10, 20, 30, 40, 50, (byte) 200});
        return bytes.toByteArray();
    }

    private static byte[] labels() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000801);
        out.writeInt(2);
        out.write(new byte[] {7, 9});
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    @Test
    void readsPlainAndGzipAlike() throws IOException {
        Path plain = Files.write(dir.resolve("a-idx3-ubyte"), images());
        Path packed = Files.write(dir.resolve("b-idx3-ubyte.gz"), gzip(images()));
        Idx.Array a = Idx.read(plain);
        Idx.Array b = Idx.read(packed);
        assertArrayEquals(new int[] {2, 2, 3}, a.dimensions());
        assertEquals(6, a.rowWidth());
        assertArrayEquals(a.data(), b.data());
        float[] pixels = Idx.readImages(packed);
        assertEquals(0f, pixels[0]);
        assertEquals(0.2f, pixels[1], 1e-7);
        assertEquals(1f, pixels[2]);
        assertEquals(200 / 255f, pixels[11], 1e-7);
    }

    @Test
    void loadsTheFourFileLayout() throws IOException {
        for (String split : new String[] {"train", "t10k"}) {
            Files.write(dir.resolve(split + "-images-idx3-ubyte.gz"), gzip(images()));
            Files.write(dir.resolve(split + "-labels-idx1-ubyte"), labels());
        }
        assertTrue(MnistFamily.isPresent(dir));
        MnistFamily.Splits s = MnistFamily.load(dir);
        assertEquals(2, s.train().rows());
        assertEquals(6, s.train().width());
        assertArrayEquals(new int[] {7, 9}, s.test().labels());
    }

    @Test
    void truncatedFileIsRefusedWithItsName() throws IOException {
        byte[] full = images();
        Path cut = Files.write(dir.resolve("cut-idx3-ubyte"), Arrays.copyOf(full, full.length - 4));
        IOException e = assertThrows(IOException.class, () -> Idx.read(cut));
        assertTrue(e.getMessage().contains("cut-idx3-ubyte") && e.getMessage().contains("truncated"),
                e.getMessage());
    }

    @Test
    void wrongMagicIsRefusedWithOffset() throws IOException {
        byte[] data = images();
        data[2] = 0x0D; // float data type, which the MNIST family never uses
        Path bad = Files.write(dir.resolve("bad-idx3-ubyte"), data);
        IOException e = assertThrows(IOException.class, () -> Idx.read(bad));
        assertTrue(e.getMessage().contains("offset 0"), e.getMessage());
    }
}
