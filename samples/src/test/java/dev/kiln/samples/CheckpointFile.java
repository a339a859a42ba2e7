package dev.kiln.samples;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * A saved checkpoint opened for tests: its tensor names and metadata, and edits that keep it a well-formed
 * file with a correct checksum, so that only the checks of the values themselves can refuse it.
 */
final class CheckpointFile {

    private static final Pattern TENSOR = Pattern.compile("\"([^\"]+)\":\\{\"dtype\":\"(F32|I32)\","
            + "\"shape\":\\[[0-9,]*\\],\"data_offsets\":\\[([0-9]+),([0-9]+)\\]\\}");
    private static final String CHECKSUM_KEY = "\"kiln.crc32c\":\"";

    private String header;
    private byte[] data;

    CheckpointFile(byte[] file) {
        ByteBuffer buf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int length = (int) buf.getLong(0);
        header = new String(file, 8, length, StandardCharsets.UTF_8).stripTrailing();
        data = java.util.Arrays.copyOfRange(file, 8 + length, file.length);
    }

    /** Tensor names with their dtype, in file order. */
    Map<String, String> tensors() {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = TENSOR.matcher(header);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** The metadata entries, read as the JSON strings they are. */
    Map<String, String> metadata() {
        String start = "{\"__metadata__\":{";
        if (!header.startsWith(start)) {
            throw new IllegalStateException("not a Kiln header: " + header.substring(0, 40));
        }
        Map<String, String> out = new LinkedHashMap<>();
        int[] at = {start.length()};
        while (header.charAt(at[0]) != '}') {
            String key = string(at);
            expect(at, ':');
            out.put(key, string(at));
            if (header.charAt(at[0]) == ',') {
                at[0]++;
            }
        }
        return out;
    }

    /** Every name the file stores: tensors and metadata keys. */
    Set<String> names() {
        Set<String> out = new LinkedHashSet<>(tensors().keySet());
        out.addAll(metadata().keySet());
        return out;
    }

    private String string(int[] at) {
        expect(at, '"');
        StringBuilder b = new StringBuilder();
        while (header.charAt(at[0]) != '"') {
            char c = header.charAt(at[0]++);
            if (c == '\\') {
                char e = header.charAt(at[0]++);
                b.append(switch (e) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'u' -> {
                        char u = (char) Integer.parseInt(header.substring(at[0], at[0] + 4), 16);
                        at[0] += 4;
                        yield u;
                    }
                    default -> e;
                });
            } else {
                b.append(c);
            }
        }
        at[0]++;
        return b.toString();
    }

    private void expect(int[] at, char c) {
        if (header.charAt(at[0]) != c) {
            throw new IllegalStateException("expected " + c + " at " + at[0] + " in " + header);
        }
        at[0]++;
    }

    /** Byte offset of element {@code index} of {@code tensor} within the data. */
    private int offset(String tensor, int index) {
        Matcher m = TENSOR.matcher(header);
        while (m.find()) {
            if (m.group(1).equals(tensor)) {
                int start = Integer.parseInt(m.group(3));
                int end = Integer.parseInt(m.group(4));
                if (index < 0 || 4L * index >= end - start) {
                    throw new IllegalArgumentException(tensor + " has no element " + index);
                }
                return start + 4 * index;
            }
        }
        throw new IllegalArgumentException("no tensor " + tensor);
    }

    /** Number of elements of {@code tensor}. */
    int size(String tensor) {
        Matcher m = TENSOR.matcher(header);
        while (m.find()) {
            if (m.group(1).equals(tensor)) {
                return (Integer.parseInt(m.group(4)) - Integer.parseInt(m.group(3))) / 4;
            }
        }
        throw new IllegalArgumentException("no tensor " + tensor);
    }

    float getFloat(String tensor, int index) {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getFloat(offset(tensor, index));
    }

    CheckpointFile setFloat(String tensor, int index, float value) {
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putFloat(offset(tensor, index), value);
        return this;
    }

    int getInt(String tensor, int index) {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt(offset(tensor, index));
    }

    CheckpointFile setInt(String tensor, int index, int value) {
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putInt(offset(tensor, index), value);
        return this;
    }

    /** Replaces a metadata value; {@code value} must need no JSON escapes. */
    CheckpointFile setMetadata(String key, String value) {
        String old = "\"" + key + "\":\"" + metadata().get(key) + "\"";
        if (!header.contains(old)) {
            throw new IllegalArgumentException("no metadata entry " + key);
        }
        header = header.replace(old, "\"" + key + "\":\"" + value + "\"");
        return this;
    }

    /** Replaces text in the header, e.g. a tensor's data offsets. */
    CheckpointFile replaceInHeader(String old, String replacement) {
        if (!header.contains(old)) {
            throw new IllegalArgumentException("the header has no " + old);
        }
        header = header.replace(old, replacement);
        return this;
    }

    /** The file's bytes: header padded as Kiln pads it, and the checksum recomputed over the edits. */
    byte[] bytes() {
        StringBuilder h = new StringBuilder(header);
        while ((h.length() + 8) % 8 != 0) {
            h.append(' ');
        }
        byte[] head = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + head.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(head.length).put(head).put(data);
        byte[] out = buf.array();
        String before = h.substring(0, h.indexOf(CHECKSUM_KEY) + CHECKSUM_KEY.length());
        int at = 8 + before.getBytes(StandardCharsets.UTF_8).length;
        for (int i = 0; i < 8; i++) {
            out[at + i] = '0';
        }
        CRC32C crc = new CRC32C();
        crc.update(out, 8, out.length - 8);
        byte[] digits = String.format("%08x", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, out, at, 8);
        return out;
    }
}
