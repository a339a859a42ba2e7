package dev.kiln.runtime.io;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.Tensor;
import dev.kiln.runtime.train.TrainableNetwork;
import dev.kiln.runtime.train.TrainingProgress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Saves and restores a generated model's whole training state in the
 * <a href="https://github.com/huggingface/safetensors">safetensors</a> layout: an 8-byte little-endian
 * header length, a JSON header, then the tensors' bytes. Python's {@code safetensors} and plain numpy can
 * read the weights; nothing is ever deserialised with Java serialization.
 *
 * <p>What a file holds: every parameter and state tensor as {@code F32} of shape {@code [rows, cols]}
 * (Kiln's row-major layout: a dense layer's weights are {@code [inputs, units]}, its bias {@code [1, units]};
 * PyTorch's {@code Linear.weight} is the transpose), the last epoch's row order as {@code I32}
 * ({@code progress.order}), and in {@code __metadata__} the format and version, the model's structure and its
 * SHA-256 fingerprint, the optimizer's step count, the generators' states, the training progress, and a
 * CRC-32C over the header (with the checksum's own digits as zeros) and the data.
 *
 * <p>{@link #save} writes a temporary file in the same directory, forces it to disk and renames it over
 * the target atomically, so an interrupted save leaves the previous file intact. {@link #restore} checks
 * everything (sizes against the file's length before allocating, structure, shapes, checksum, finite
 * values) before it changes the model, and refuses a bad file with a {@link CheckpointException}.
 */
public final class Checkpoint {

    /** Written in {@code format}; identifies a Kiln checkpoint. */
    public static final String FORMAT = "kiln-checkpoint";
    /** The format version this runtime writes and reads. */
    public static final int VERSION = 1;
    /** Far larger than any header Kiln writes; a larger declared length is damage, not data. */
    private static final long MAX_HEADER = 16 << 20;
    private static final String CHECKSUM_KEY = "\"kiln.crc32c\":\"";
    private static final String ORDER = "progress.order";

    private Checkpoint() {}

    /** SHA-256 of a structure description, in hex: what a checkpoint must match. */
    public static String fingerprint(String structure) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(structure.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Writes {@code net}'s parameters, state tensors, optimizer scalars and training progress to {@code path},
     * replacing it atomically.
     */
    public static void save(TrainableNetwork net, Path path) throws IOException {
        byte[] bytes = encode(net);
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + path.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("Cannot save " + path + ": its file system cannot rename atomically, so a"
                        + " crash could leave a broken checkpoint. Save to a local disk.", e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /** Makes the rename durable; some platforms cannot open a directory, and then the rename is all we have. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported here (e.g. Windows); the rename itself is still atomic.
        }
    }

    private record Entry(String name, String dtype, int rows, int cols, float[] values, int offset, int[] ints) {
        long bytes() {
            return 4L * rows * cols;
        }
    }

    private static List<Entry> entries(TrainableNetwork net, TrainingProgress progress) {
        List<Entry> list = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            list.add(new Entry(p.name(), "F32", p.rows(), p.cols(), p.values(), p.offset(), null));
        }
        for (Tensor t : net.stateTensors()) {
            list.add(new Entry(t.name(), "F32", t.rows(), t.cols(), t.values(), t.offset(), null));
        }
        int[] order = progress == null ? null : progress.order();
        if (order != null) {
            list.add(new Entry(ORDER, "I32", 1, order.length, null, 0, order));
        }
        return list;
    }

    static byte[] encode(TrainableNetwork net) {
        TrainingProgress progress = net.progress();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", Integer.toString(VERSION));
        meta.put("model", net.getClass().getName());
        meta.put("structure", net.structure());
        meta.put("fingerprint", fingerprint(net.structure()));
        net.saveScalars(meta);
        meta.put("progress.epochs", Integer.toString(progress.epochsDone()));
        meta.put("progress.steps", Long.toString(progress.steps()));
        meta.put("progress.seed", Long.toString(progress.seed()));
        meta.put("progress.rate_factor", Double.toString(progress.rateFactor()));
        if (progress.shuffleState() != null) {
            meta.put("progress.shuffle_rng", progress.shuffleState());
            meta.put("progress.augment_rng", progress.augmentState());
        }
        List<Entry> entries = entries(net, progress);
        StringBuilder header = new StringBuilder("{\"__metadata__\":{");
        meta.forEach((k, v) -> header.append(Json.quote(k)).append(':').append(Json.quote(v)).append(','));
        header.append(CHECKSUM_KEY).append("00000000\"}");
        long offset = 0;
        for (Entry e : entries) {
            header.append(',').append(Json.quote(e.name())).append(":{\"dtype\":\"").append(e.dtype())
                    .append("\",\"shape\":[");
            if (e.ints() != null) {
                header.append(e.cols());
            } else {
                header.append(e.rows()).append(',').append(e.cols());
            }
            header.append("],\"data_offsets\":[").append(offset).append(',').append(offset + e.bytes()).append("]}");
            offset += e.bytes();
        }
        header.append('}');
        while ((header.length() + 8) % 8 != 0) {
            header.append(' '); // the safetensors layout pads the header with spaces to 8-byte alignment
        }
        byte[] head = header.toString().getBytes(StandardCharsets.UTF_8);
        long total = 8 + head.length + offset;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("A checkpoint of " + total + " bytes is larger than this format supports.");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(head.length).put(head);
        for (Entry e : entries) {
            if (e.ints() != null) {
                buf.asIntBuffer().put(e.ints());
            } else {
                buf.asFloatBuffer().put(e.values(), e.offset(), e.rows() * e.cols());
            }
            buf.position(buf.position() + (int) e.bytes());
        }
        byte[] bytes = buf.array();
        int at = checksumPosition(bytes, 8, 8 + head.length);
        String crc = String.format("%08x", crc(bytes));
        for (int i = 0; i < 8; i++) {
            bytes[at + i] = (byte) crc.charAt(i);
        }
        return bytes;
    }

    /** CRC-32C of the whole file as it is, which the caller has zeroed at the checksum's digits. */
    private static long crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 8, bytes.length - 8);
        return crc.getValue();
    }

    /** Index of the checksum's first hex digit in the header, or -1 when it is missing or appears twice. */
    private static int checksumPosition(byte[] bytes, int from, int to) {
        byte[] key = CHECKSUM_KEY.getBytes(StandardCharsets.US_ASCII);
        int found = -1;
        outer:
        for (int i = from; i + key.length + 8 <= to; i++) {
            for (int j = 0; j < key.length; j++) {
                if (bytes[i + j] != key[j]) {
                    continue outer;
                }
            }
            if (found >= 0) {
                return -1;
            }
            found = i + key.length;
        }
        return found;
    }

    /**
     * Loads the checkpoint at {@code path} into {@code net}: parameters, state tensors, optimizer scalars
     * and training progress.
     *
     * @throws CheckpointException when the file is not a checkpoint for this model's structure, or is
     *                             truncated or damaged; {@code net} is then unchanged
     */
    public static void restore(TrainableNetwork net, Path path) throws IOException {
        long size = Files.size(path);
        String name = path.toString();
        if (size < 16) {
            throw bad(name, "is " + size + " bytes long, too short for a checkpoint (truncated?)");
        }
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer first = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, first);
            long headerLength = first.flip().getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > size - 8) {
                throw bad(name, "declares a header of " + Long.toUnsignedString(headerLength) + " bytes at offset 0,"
                        + " but the file has " + (size - 8) + " bytes after the length (not a checkpoint, or"
                        + " truncated)");
            }
            if (size > Integer.MAX_VALUE - 8) {
                throw bad(name, "is " + size + " bytes long, larger than this format supports");
            }
            // Allocating the file's real length is safe: the declared sizes are checked against it below.
            ByteBuffer all = ByteBuffer.allocate((int) size);
            ch.position(0);
            readFully(ch, all);
            bytes = all.array();
        }
        decode(net, bytes, name);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new java.io.EOFException("file ended early");
            }
        }
    }

    static void decode(TrainableNetwork net, byte[] bytes, String name) throws CheckpointException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buf.getLong(0);
        int dataStart = 8 + headerLength;
        String headerText;
        try {
            headerText = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 8, headerLength)).toString();
        } catch (CharacterCodingException e) {
            throw bad(name, "has a header that is not UTF-8 text (not a checkpoint, or damaged)");
        }
        Object parsed;
        try {
            parsed = Json.parse(headerText);
        } catch (IllegalArgumentException e) {
            throw bad(name, "has a header that is not valid JSON: " + e.getMessage() + " (offset " + 8 + ")");
        }
        if (!(parsed instanceof Map<?, ?> header)) {
            throw bad(name, "has a header that is not a JSON object");
        }
        if (!(header.get("__metadata__") instanceof Map<?, ?> rawMeta)) {
            throw bad(name, "is a safetensors file without metadata, not a Kiln checkpoint");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : rawMeta.entrySet()) {
            if (!(e.getValue() instanceof String v)) {
                throw bad(name, "has a non-text metadata value for " + e.getKey());
            }
            meta.put((String) e.getKey(), v);
        }
        if (!FORMAT.equals(meta.get("format"))) {
            throw bad(name, "is not a Kiln checkpoint (its metadata format is " + meta.get("format") + ")");
        }
        if (!Integer.toString(VERSION).equals(meta.get("format_version"))) {
            throw bad(name, "has format version " + meta.get("format_version") + ", but this runtime reads version "
                    + VERSION + "; load it with the Kiln version that wrote it");
        }
        // The checksum first: any damage below is then reported as damage, not as a confusing mismatch.
        int at = checksumPosition(bytes, 8, dataStart);
        if (at < 0) {
            throw bad(name, "has no single checksum in its header (damaged)");
        }
        String stored = new String(bytes, at, 8, StandardCharsets.US_ASCII);
        byte[] zeroed = bytes.clone();
        for (int i = 0; i < 8; i++) {
            zeroed[at + i] = '0';
        }
        String actual = String.format("%08x", crc(zeroed));
        if (!actual.equals(stored)) {
            throw bad(name, "fails its checksum (stored " + stored + ", computed " + actual + "): the file is damaged");
        }
        String fingerprint = fingerprint(net.structure());
        if (!fingerprint.equals(meta.get("fingerprint")) || !net.structure().equals(meta.get("structure"))) {
            throw bad(name, "was saved by a model of another structure (" + meta.get("model") + ": "
                    + meta.get("structure") + "), but this model (" + net.getClass().getName() + ") is: "
                    + net.structure() + ". Load it into the model class that saved it");
        }
        // Every tensor the model has must be there with its shape; nothing else may be.
        Map<String, Entry> expected = new LinkedHashMap<>();
        for (Entry e : entries(net, null)) {
            expected.put(e.name(), e);
        }
        List<long[]> spans = new ArrayList<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        int[] order = null;
        long dataLength = bytes.length - (long) dataStart;
        for (Map.Entry<?, ?> raw : header.entrySet()) {
            String key = (String) raw.getKey();
            if (key.equals("__metadata__")) {
                continue;
            }
            if (!(raw.getValue() instanceof Map<?, ?> info)) {
                throw bad(name, "has a malformed entry for tensor " + key);
            }
            boolean isOrder = key.equals(ORDER);
            Entry want = expected.get(key);
            if (want == null && !isOrder) {
                throw bad(name, "holds tensor " + key + ", which this model does not have");
            }
            String dtype = isOrder ? "I32" : "F32";
            if (!dtype.equals(info.get("dtype"))) {
                throw bad(name, "stores " + key + " as " + info.get("dtype") + ", expected " + dtype);
            }
            long[] shape = longs(info.get("shape"), name, key, "shape");
            long[] span = longs(info.get("data_offsets"), name, key, "data_offsets");
            if (span.length != 2 || span[0] < 0 || span[1] < span[0] || span[1] > dataLength) {
                throw bad(name, "gives " + key + " data offsets outside the file's " + dataLength + " data bytes"
                        + " (truncated?)");
            }
            long elements = span[1] - span[0];
            if (isOrder) {
                if (shape.length != 1 || shape[0] > Integer.MAX_VALUE / 4 || shape[0] * 4 != elements) {
                    throw bad(name, "gives " + ORDER + " an inconsistent shape");
                }
                order = new int[(int) shape[0]];
                buf.position(dataStart + (int) span[0]);
                buf.slice().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(order);
            } else {
                if (shape.length != 2 || shape[0] != want.rows() || shape[1] != want.cols()
                        || elements != want.bytes()) {
                    throw bad(name, "gives " + key + " shape " + java.util.Arrays.toString(shape) + ", but this model's"
                            + " is [" + want.rows() + ", " + want.cols() + "]");
                }
                float[] v = new float[want.rows() * want.cols()];
                buf.position(dataStart + (int) span[0]);
                buf.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                for (int i = 0; i < v.length; i++) {
                    if (!Float.isFinite(v[i])) {
                        throw bad(name, "holds " + v[i] + " in " + key + " at element " + i);
                    }
                }
                values.put(key, v);
            }
            spans.add(span);
        }
        for (String key : expected.keySet()) {
            if (!values.containsKey(key)) {
                throw bad(name, "lacks tensor " + key);
            }
        }
        spans.sort((a, b) -> Long.compare(a[0], b[0]));
        long end = 0;
        for (long[] s : spans) {
            if (s[0] != end) {
                throw bad(name, "has overlapping or gapped tensor data at data offset " + s[0]);
            }
            end = s[1];
        }
        if (end != dataLength) {
            throw bad(name, "has " + (dataLength - end) + " bytes after its last tensor");
        }
        TrainingProgress progress = new TrainingProgress();
        try {
            progress.restore(Integer.parseInt(meta.getOrDefault("progress.epochs", "")),
                    Long.parseLong(meta.getOrDefault("progress.steps", "")),
                    Long.parseLong(meta.getOrDefault("progress.seed", "")),
                    meta.get("progress.shuffle_rng"), meta.get("progress.augment_rng"), order,
                    Double.parseDouble(meta.getOrDefault("progress.rate_factor", "")));
            if (progress.shuffleState() != null) {
                new dev.kiln.runtime.Rng(0).restoreState(progress.shuffleState());
                new dev.kiln.runtime.Rng(0).restoreState(progress.augmentState());
            }
            // Last check, and the first change: the generated model parses every scalar before it assigns any.
            net.loadScalars(meta);
        } catch (IllegalArgumentException e) {
            throw bad(name, "has inconsistent training state: " + e.getMessage());
        }
        for (Entry e : entries(net, null)) {
            System.arraycopy(values.get(e.name()), 0, e.values(), e.offset(), e.rows() * e.cols());
        }
        net.progress().restore(progress.epochsDone(), progress.steps(), progress.seed(), progress.shuffleState(),
                progress.augmentState(), progress.order(), progress.rateFactor());
    }

    private static long[] longs(Object value, String name, String key, String field) throws CheckpointException {
        if (!(value instanceof List<?> list) || list.size() > 8) {
            throw bad(name, "has a malformed " + field + " for tensor " + key);
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l) || l < 0) {
                throw bad(name, "has a malformed " + field + " for tensor " + key);
            }
            out[i] = l;
        }
        return out;
    }

    /** A long scalar from checkpoint metadata, for generated {@code loadScalars}. */
    public static long longValue(Map<String, String> meta, String key) {
        try {
            return Long.parseLong(required(meta, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not an integer: " + meta.get(key));
        }
    }

    /** A finite double scalar from checkpoint metadata, for generated {@code loadScalars}. */
    public static double doubleValue(Map<String, String> meta, String key) {
        try {
            double d = Double.parseDouble(required(meta, key));
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a finite number: " + meta.get(key));
        }
    }

    /** A text scalar from checkpoint metadata, for generated {@code loadScalars}. */
    public static String required(Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null) {
            throw new IllegalArgumentException("metadata lacks " + key);
        }
        return v;
    }

    private static CheckpointException bad(String name, String what) {
        return new CheckpointException("Checkpoint " + name + " " + what + ". The model in memory is unchanged.");
    }
}
