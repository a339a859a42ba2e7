package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.runtime.Rng;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Damaged input to the readers: every truncation and thousands of random bit flips and byte overwrites of
 * valid IDX (plain and gzip) and CSV files. The only acceptable outcomes are a clean result or the reader's
 * own {@link IOException}; any other exception, or an allocation the data does not justify, fails.
 */
class ReaderFuzzTest {

    private static byte[] idx() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(3);
        out.writeInt(4);
        out.writeInt(5);
        for (int i = 0; i < 60; i++) {
            out.write(i * 4);
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static int idxOutcome(byte[] data, boolean plain) {
        try {
            Idx.Array a = Idx.read(new ByteArrayInputStream(data), "fuzz.idx", plain ? data.length : -1);
            assertEquals((long) a.dimensions()[0] * a.rowWidth(), a.data().length, "a clean result is consistent");
            return 0;
        } catch (IOException expected) {
            assertTrue(expected.getMessage().startsWith("fuzz.idx: "), expected.getMessage());
            return 1;
        } catch (Throwable t) {
            fail("IDX reader threw " + t + " instead of an IOException", t);
            return -1;
        }
    }

    private static byte[] mutate(byte[] valid, Rng rng) {
        byte[] d = valid.clone();
        int flips = 1 + rng.nextInt(3);
        for (int f = 0; f < flips; f++) {
            int at = rng.nextInt(d.length);
            if (rng.nextInt(2) == 0) {
                d[at] ^= (byte) (1 << rng.nextInt(8));
            } else {
                d[at] = (byte) rng.nextInt(256);
            }
        }
        return d;
    }

    @Test
    void idxSurvivesTruncationAndCorruption() throws IOException {
        byte[] plain = idx();
        byte[] packed = gzip(plain);
        assertEquals(0, idxOutcome(plain, true));
        assertEquals(0, idxOutcome(packed, false));
        int refused = 0;
        for (int len = 0; len < plain.length; len++) {
            refused += idxOutcome(java.util.Arrays.copyOf(plain, len), true);
        }
        for (int len = 0; len < packed.length; len++) {
            refused += idxOutcome(java.util.Arrays.copyOf(packed, len), false);
        }
        assertEquals(plain.length + packed.length, refused, "every truncation is refused");
        Rng rng = new Rng(1);
        for (int i = 0; i < 3000; i++) {
            idxOutcome(mutate(plain, rng), true);
            idxOutcome(mutate(packed, rng), false);
        }
    }

    @Test
    void idxClaimingBillionsOfValuesIsRefusedWithoutAllocatingThem() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(1_000_000);
        out.writeInt(100);
        out.writeInt(20); // 2e9 values in a 20-byte file
        out.writeInt(0);
        byte[] data = bytes.toByteArray();
        for (boolean plain : new boolean[] {true, false}) {
            byte[] input = plain ? data : gzip(data);
            long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            try {
                Idx.read(new ByteArrayInputStream(input), "huge.idx", plain ? input.length : -1);
                fail("accepted a file that claims 2e9 values");
            } catch (IOException e) {
                assertTrue(e.getMessage().contains("huge.idx"), e.getMessage());
            }
            long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            assertTrue(after - before < 64L << 20, "grew the heap by " + (after - before) + " bytes");
        }
    }

    private static final String CSV = "a,b,label\n1.5,2,0\n-3,4e-2,2\n5,6,1\n";

    private static int csvOutcome(byte[] data) {
        try {
            Dataset d = Csv.classification(new ByteArrayInputStream(data), "fuzz.csv", 2, true);
            assertEquals(d.rows() * d.width(), d.features().length);
            return 0;
        } catch (IOException expected) {
            assertTrue(expected.getMessage().startsWith("fuzz.csv"), expected.getMessage());
            return 1;
        } catch (Throwable t) {
            fail("CSV reader threw " + t + " instead of an IOException", t);
            return -1;
        }
    }

    @Test
    void csvSurvivesTruncationAndCorruption() {
        byte[] valid = CSV.getBytes(StandardCharsets.UTF_8);
        assertEquals(0, csvOutcome(valid));
        for (int len = 0; len < valid.length; len++) {
            csvOutcome(java.util.Arrays.copyOf(valid, len));
        }
        Rng rng = new Rng(2);
        for (int i = 0; i < 5000; i++) {
            csvOutcome(mutate(valid, rng));
        }
    }

    @Test
    void csvReadsNumbersAndNamesTheBadField() throws IOException {
        Dataset d = Csv.classification(new ByteArrayInputStream(CSV.getBytes(StandardCharsets.UTF_8)), "t.csv", 2,
                true);
        assertEquals(3, d.rows());
        assertArrayEquals(new float[] {1.5f, 2, -3, 0.04f, 5, 6}, d.features());
        assertArrayEquals(new int[] {0, 2, 1}, d.labels());
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> Csv.classification(
                new ByteArrayInputStream("1,x,0\n".getBytes(StandardCharsets.UTF_8)), "t.csv", 2, false));
        assertEquals("t.csv, line 1: column index 1 ('x') is not a number. If line 1 is a header, pass header = true.",
                e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> Csv.classification(
                new ByteArrayInputStream("1,2,0\n1,2\n".getBytes(StandardCharsets.UTF_8)), "t.csv", 2, false));
        assertEquals("t.csv, line 2: 2 fields, but line 1 has 3; every line needs the same number.", e.getMessage());
        Dataset r = Csv.regression(new ByteArrayInputStream("1,2,3\n4,5,6\n".getBytes(StandardCharsets.UTF_8)),
                "r.csv", new int[] {0, 2}, false);
        assertArrayEquals(new float[] {2, 5}, r.features());
        assertArrayEquals(new float[] {1, 3, 4, 6}, r.targets());
    }
}
