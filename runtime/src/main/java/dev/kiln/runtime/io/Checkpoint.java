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
 * <p>{@link #save} first checks every value against the same domains that {@link #restore} does, so a model
 * whose training diverged (a NaN or infinite weight) is refused rather than written to a file nothing can load.
 * It writes a temporary file in the same directory, forces it to disk and renames it over the target
 * atomically, so an interrupted save leaves the previous file intact. {@link #restore} checks
 * everything (sizes against the file's length before allocating, structure, shapes, checksum, and every value
 * against its domain in {@link CheckpointRules}: a variance or second moment cannot be negative, the row order
 * must be a permutation) before it changes the model, and refuses a bad file with a {@link CheckpointException}.
 * Every failure of {@link #save} or {@link #restore}, a missing file or directory included, is a
 * {@link CheckpointException} whose message names the path the caller gave.
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
    /** How each kind of refusal ends: the likely cause, then what to do. */
    private static final String DAMAGED = ": damaged, or not written by Kiln. Load an intact copy that a Kiln model"
            + " saved";
    private static final String EDITED = ": not written by Kiln, or edited. Load a checkpoint that a Kiln model saved";
    private static final String NOT_A_CHECKPOINT = ": not a checkpoint, or damaged. Give the path of a file that a"
            + " Kiln model saved";
    private static final String TRUNCATED = ": truncated, or not a checkpoint. Copy it again, or load an earlier"
            + " checkpoint";

    private Checkpoint() {}

    /**
     * SHA-256 of a structure description, in hex: what a checkpoint must match.
     *
     * @throws IllegalArgumentException when {@code structure} is null
     */
    public static String fingerprint(String structure) {
        if (structure == null) {
            throw new IllegalArgumentException("Checkpoint.fingerprint needs a structure, but got null.");
        }
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
     *
     * @throws CheckpointException when the file cannot be written: {@code path} is a directory, its directory
     *                             does not exist or is not writable, the disk is full, ...; or when the model
     *                             holds a value a checkpoint may not (NaN or infinite after training diverged,
     *                             anything outside {@link CheckpointRules}), which {@link #restore} would refuse;
     *                             any previous file at {@code path} is then unchanged
     * @throws IllegalArgumentException when {@code net} or {@code path} is null
     */
    public static void save(TrainableNetwork net, Path path) throws CheckpointException {
        save(net, path, Map.of());
    }

    /** Prefix of the metadata entries that travel with a checkpoint for another module (a table's preprocessing). */
    public static final String ATTACHED = "attached.";

    /**
     * As {@link #save(TrainableNetwork, Path)}, with {@code attachments} stored in the same file's metadata (each
     * key under {@link #ATTACHED}), covered by its checksum, and read back with {@link #attachments}. Loading the
     * model ignores them, so the file stays a checkpoint of the model.
     *
     * @param net         the model
     * @param path        the checkpoint file, replaced atomically
     * @param attachments entries to store with it
     * @throws CheckpointException as {@link #save(TrainableNetwork, Path)} does
     */
    public static void save(TrainableNetwork net, Path path, Map<String, String> attachments)
            throws CheckpointException {
        if (attachments == null) {
            throw new IllegalArgumentException("Checkpoint.save's attachments are null; pass Map.of() for none.");
        }
        for (Map.Entry<String, String> e : attachments.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("A checkpoint attachment has a null key or value (" + e.getKey()
                        + "); attachments are strings.");
            }
        }
        if (net == null) {
            throw new IllegalArgumentException("Checkpoint.save needs a model, but got null.");
        }
        if (path == null) {
            throw new IllegalArgumentException("Checkpoint.save needs a file path, but got null.");
        }
        String name = path.toString();
        if (Files.isDirectory(path)) {
            throw cannotSave(name, "it is a directory. Give a file path, such as "
                    + path.resolve(net.getClass().getSimpleName() + ".safetensors"));
        }
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null || !Files.exists(dir)) {
            throw cannotSave(name, "its directory " + dir + " does not exist. Create it first"
                    + " (Files.createDirectories), or save elsewhere");
        }
        if (!Files.isDirectory(dir)) {
            throw cannotSave(name, dir + " is a file, not a directory. Save elsewhere");
        }
        byte[] bytes;
        try {
            bytes = encode(net, attachments);
        } catch (IllegalStateException e) {
            throw cannotSave(name, e.getMessage());
        } catch (Unsaveable e) {
            throw cannotSave(name, e.getMessage());
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + path.getFileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw cannotSave(name, "its file system cannot rename atomically, so a crash could leave a broken"
                    + " checkpoint. Save to a local disk", e);
        } catch (IOException e) {
            // The message names the temporary file, which the caller never saw; say what happened instead.
            throw cannotSave(name, "writing in " + dir + " failed (" + reason(e) + "). Check that the directory is"
                    + " writable and the disk has room, or save elsewhere; any previous file there is unchanged", e);
        } finally {
            deleteQuietly(tmp);
        }
        syncDirectory(dir);
    }

    /**
     * The bytes {@link #save(TrainableNetwork, Path, Map)} would write, for storage that is not a local file
     * (Hadoop's file systems, an object store, a database); {@link #restore(TrainableNetwork, byte[], String)} reads
     * them back, and written to a file they load with the generated class's {@code load}.
     *
     * @param net         the model
     * @param attachments entries to store with it, as {@code save} takes them
     * @return the checkpoint's bytes
     * @throws CheckpointException when the model holds a value a checkpoint may not, as {@code save} says
     */
    public static byte[] toBytes(TrainableNetwork net, Map<String, String> attachments) throws CheckpointException {
        if (net == null || attachments == null) {
            throw new IllegalArgumentException("Checkpoint.toBytes needs a model and its attachments (Map.of() for"
                    + " none).");
        }
        try {
            return encode(net, attachments);
        } catch (IllegalStateException | Unsaveable e) {
            throw cannotSave(net.getClass().getSimpleName(), e.getMessage());
        }
    }

    /**
     * As {@link #restore(TrainableNetwork, Path)}, from a checkpoint's bytes.
     *
     * @param net   the model to load into
     * @param bytes what {@link #toBytes} gave, or a checkpoint file's contents
     * @param name  where the bytes came from, for messages
     * @throws CheckpointException as {@code restore} does; {@code net} is then unchanged
     */
    public static void restore(TrainableNetwork net, byte[] bytes, String name) throws CheckpointException {
        if (net == null || bytes == null || name == null) {
            throw new IllegalArgumentException("Checkpoint.restore needs a model, the bytes and a name for them.");
        }
        if (bytes.length < 16) {
            throw bad(name, "is only " + bytes.length + " bytes long, but a checkpoint has at least 16 (its header's"
                    + " length and the header)" + TRUNCATED);
        }
        decode(net, bytes, name);
    }

    /**
     * As {@link #attachments(Path)}, from a checkpoint's bytes.
     *
     * @param bytes a checkpoint's bytes
     * @param name  where they came from, for messages
     * @return its attachments, keys without their prefix
     * @throws CheckpointException when the bytes are not an undamaged Kiln checkpoint
     */
    public static Map<String, String> attachments(byte[] bytes, String name) throws CheckpointException {
        if (bytes == null || name == null) {
            throw new IllegalArgumentException("Checkpoint.attachments needs the bytes and a name for them.");
        }
        if (bytes.length < 16) {
            throw bad(name, "is only " + bytes.length + " bytes long, but a checkpoint has at least 16 (its header's"
                    + " length and the header)" + TRUNCATED);
        }
        Map<String, String> found = new LinkedHashMap<>();
        verified(bytes, name).meta().forEach((k, v) -> {
            if (k.startsWith(ATTACHED)) {
                found.put(k.substring(ATTACHED.length()), v);
            }
        });
        return found;
    }

    /** Removes the temporary file after a failed save; a failure here must not hide the first one. */
    private static void deleteQuietly(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // Left behind as a hidden .tmp file next to the target; the save's own failure is what matters.
        }
    }

    /** What an I/O failure was, without the file name that {@link java.nio.file.FileSystemException} adds. */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static CheckpointException cannotSave(String name, String what) {
        return new CheckpointException("Cannot save the checkpoint to " + name + ": " + what + ".");
    }

    private static CheckpointException cannotSave(String name, String what, Throwable cause) {
        return new CheckpointException("Cannot save the checkpoint to " + name + ": " + what + ".", cause);
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

    /** The model holds a value that {@link #restore} would refuse; the message says which and where. */
    static final class Unsaveable extends Exception {
        Unsaveable(String message) {
            super(message);
        }
    }

    /**
     * The file's bytes.
     *
     * @throws Unsaveable when a value is outside its domain ({@link CheckpointRules}): a file that the same
     *                    runtime then refuses to load is worse than no file
     */
    static byte[] encode(TrainableNetwork net) throws Unsaveable {
        return encode(net, Map.of());
    }

    private static byte[] encode(TrainableNetwork net, Map<String, String> attachments) throws Unsaveable {
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
        attachments.forEach((k, v) -> meta.put(ATTACHED + k, v));
        List<Entry> entries = entries(net, progress);
        checkSaveable(entries, meta);
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
        if (head.length > MAX_HEADER) {
            // a loader refuses a longer header, so a file with one would not load back
            throw new Unsaveable("its header would be " + head.length + " bytes, more than the " + MAX_HEADER
                    + " a checkpoint may have; its attachments are too large (a table's vocabularies? bucket rare"
                    + " values with Column.categorical(minCount))");
        }
        long total = 8 + head.length + offset;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("the model's " + total + " bytes are more than the 2 GiB a checkpoint"
                    + " holds");
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

    /** Every value against the domain {@link #restore} checks it against, before anything is written. */
    private static void checkSaveable(List<Entry> entries, Map<String, String> meta) throws Unsaveable {
        String why = null;
        for (int i = 0; i < entries.size() && why == null; i++) {
            Entry e = entries.get(i);
            why = e.ints() != null ? CheckpointRules.checkOrder(e.name(), e.ints())
                    : CheckpointRules.checkTensor(e.name(), e.values(), e.offset(), e.rows() * e.cols());
        }
        for (var it = meta.entrySet().iterator(); it.hasNext() && why == null; ) {
            Map.Entry<String, String> m = it.next();
            why = CheckpointRules.checkMetadata(m.getKey(), m.getValue());
        }
        if (why != null) {
            throw new Unsaveable("the model " + why.replace(" in its metadata", "") + ": training diverged; the file"
                    + " was not written, and any previous file there is unchanged. Load an earlier checkpoint, or"
                    + " train again with a lower learning rate or gradient clipping");
        }
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
     * @throws CheckpointException when the file is missing, a directory or unreadable, is not a checkpoint for
     *                             this model's structure, is truncated or damaged, or holds a value outside its
     *                             domain ({@link CheckpointRules}); {@code net} is then unchanged
     * @throws IllegalArgumentException when {@code net} or {@code path} is null
     */
    public static void restore(TrainableNetwork net, Path path) throws CheckpointException {
        if (net == null) {
            throw new IllegalArgumentException("Checkpoint.restore needs a model to load into, but got null.");
        }
        if (path == null) {
            throw new IllegalArgumentException("Checkpoint.restore needs a file path, but got null.");
        }
        String name = path.toString();
        decode(net, bytesOf(path, name), name);
    }

    private static byte[] read(Path path, String name) throws IOException {
        long size = Files.size(path);
        if (size < 16) {
            throw bad(name, "is only " + size + " bytes long, but a checkpoint has at least 16 (its header's length"
                    + " and the header)" + TRUNCATED);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer first = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, first, name);
            long headerLength = first.flip().getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER) {
                throw bad(name, "declares a header of " + Long.toUnsignedString(headerLength) + " bytes, but a"
                        + " checkpoint's header is 2 to " + MAX_HEADER + " bytes long" + NOT_A_CHECKPOINT);
            }
            if (headerLength > size - 8) {
                throw bad(name, "declares a header of " + headerLength + " bytes, but only " + (size - 8) + " bytes"
                        + " follow its length" + TRUNCATED);
            }
            if (size > Integer.MAX_VALUE - 8) {
                throw bad(name, "is " + size + " bytes long, more than the 2 GiB a checkpoint holds: not a"
                        + " checkpoint");
            }
            // Allocating the file's real length is safe: the declared sizes are checked against it below.
            ByteBuffer all = ByteBuffer.allocate((int) size);
            ch.position(0);
            readFully(ch, all, name);
            return all.array();
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, String name) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw bad(name, "ended while it was being read (did another program write it meanwhile?)");
            }
        }
    }

    /**
     * A checkpoint's header, read and verified: UTF-8 JSON with Kiln's format and version in its metadata, and a
     * checksum that matches the whole file.
     *
     * @param header    the parsed header, tensors and metadata
     * @param meta      the metadata entries
     * @param dataStart where the tensors' bytes begin
     */
    private record Verified(Map<?, ?> header, Map<String, String> meta, int dataStart) {}

    /** A checkpoint file's bytes, or what keeps them from being read, in words. */
    private static byte[] bytesOf(Path path, String name) throws CheckpointException {
        if (Files.isDirectory(path)) {
            throw bad(name, "is a directory, not a checkpoint file. Give the path of the .safetensors file");
        }
        if (!Files.exists(path)) {
            throw bad(name, "does not exist. Check the path" + (path.isAbsolute() ? ""
                    : " (relative to " + Path.of("").toAbsolutePath() + ")") + ", or save a model there first");
        }
        try {
            return read(path, name);
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw bad(name, "cannot be read: " + reason(e) + ". Check its permissions", e);
        }
    }

    /**
     * The attachments a checkpoint was saved with ({@link #save(TrainableNetwork, Path, Map)}), keys without
     * their prefix, after checking that the file is an undamaged Kiln checkpoint; no model is needed.
     *
     * @param path a checkpoint file
     * @return its attachments, empty when it has none
     * @throws CheckpointException when the file is missing, unreadable, not a Kiln checkpoint, or damaged
     */
    public static Map<String, String> attachments(Path path) throws CheckpointException {
        if (path == null) {
            throw new IllegalArgumentException("Checkpoint.attachments needs a file path, but got null.");
        }
        String name = path.toString();
        return attachments(bytesOf(path, name), name);
    }

    private static Verified verified(byte[] bytes, String name) throws CheckpointException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buf.getLong(0);
        int dataStart = 8 + headerLength;
        String headerText;
        try {
            headerText = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 8, headerLength)).toString();
        } catch (CharacterCodingException e) {
            throw bad(name, "has a header that is not UTF-8 text" + NOT_A_CHECKPOINT);
        }
        Object parsed;
        try {
            parsed = Json.parse(headerText);
        } catch (IllegalArgumentException e) {
            // Json counts characters from the header's start, which is byte 8 of the file.
            throw bad(name, "has a header that is not valid JSON (" + e.getMessage() + " of the header, which starts"
                    + " at byte 8)" + NOT_A_CHECKPOINT);
        }
        if (!(parsed instanceof Map<?, ?> header)) {
            throw bad(name, "has a header that is not a JSON object" + NOT_A_CHECKPOINT);
        }
        if (!(header.get("__metadata__") instanceof Map<?, ?> rawMeta)) {
            throw bad(name, "is a safetensors file without __metadata__, so not a Kiln checkpoint; Kiln loads only"
                    + " files that a Kiln model saved");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : rawMeta.entrySet()) {
            if (!(e.getValue() instanceof String v)) {
                throw bad(name, "has metadata entry " + e.getKey() + " that is not a string, but a Kiln checkpoint's"
                        + " metadata values are all strings" + DAMAGED);
            }
            meta.put((String) e.getKey(), v);
        }
        if (!FORMAT.equals(meta.get("format"))) {
            throw bad(name, "is not a Kiln checkpoint: its metadata " + (meta.get("format") == null
                    ? "has no format entry" : "gives format '" + meta.get("format") + "'") + ", not '" + FORMAT
                    + "'; Kiln loads only files that a Kiln model saved");
        }
        if (!Integer.toString(VERSION).equals(meta.get("format_version"))) {
            throw bad(name, (meta.get("format_version") == null ? "has no format_version in its metadata"
                    : "has format version " + meta.get("format_version")) + ", but this runtime reads version "
                    + VERSION + "; load it with the Kiln version that wrote it");
        }
        // The checksum first: any damage below is then reported as damage, not as a confusing mismatch.
        int at = checksumPosition(bytes, 8, dataStart);
        if (at < 0) {
            throw bad(name, "has no kiln.crc32c checksum in its header, or more than one" + DAMAGED);
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
        return new Verified(header, meta, dataStart);
    }

    static void decode(TrainableNetwork net, byte[] bytes, String name) throws CheckpointException {
        Verified verified = verified(bytes, name);
        Map<?, ?> header = verified.header();
        Map<String, String> meta = verified.meta();
        int dataStart = verified.dataStart();
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        String saved = meta.get("structure");
        if (saved == null) {
            throw bad(name, "has no structure in its metadata" + EDITED);
        }
        if (!saved.equals(net.structure())) {
            throw bad(name, otherStructure(meta.get("model"), saved, net));
        }
        if (!fingerprint(saved).equals(meta.get("fingerprint"))) {
            // The structures match, so showing them would show two equal strings; the fingerprint was changed.
            throw bad(name, "has fingerprint " + meta.get("fingerprint") + ", which is not the SHA-256 of its own"
                    + " structure (" + fingerprint(saved) + ")" + EDITED);
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
                throw bad(name, "describes tensor " + key + " with something other than a JSON object" + DAMAGED);
            }
            boolean isOrder = key.equals(ORDER);
            Entry want = expected.get(key);
            if (want == null && !isOrder) {
                throw bad(name, "holds tensor " + key + ", which this model does not have, although the structures"
                        + " match" + EDITED);
            }
            String dtype = isOrder ? "I32" : "F32";
            if (!dtype.equals(info.get("dtype"))) {
                throw bad(name, "stores " + key + " as " + info.get("dtype") + ", but Kiln stores it as " + dtype
                        + EDITED);
            }
            long[] shape = longs(info.get("shape"), name, key, "shape");
            long[] span = longs(info.get("data_offsets"), name, key, "data_offsets");
            if (span.length != 2 || span[0] < 0 || span[1] < span[0] || span[1] > dataLength) {
                throw bad(name, "gives " + key + " data offsets " + java.util.Arrays.toString(span) + ", which are"
                        + " not a range within the file's " + dataLength + " data bytes" + DAMAGED);
            }
            long elements = span[1] - span[0];
            if (isOrder) {
                if (shape.length != 1 || shape[0] > Integer.MAX_VALUE / 4 || shape[0] * 4 != elements) {
                    throw bad(name, "gives " + ORDER + " shape " + java.util.Arrays.toString(shape) + " and "
                            + elements + " data bytes, but the row order is one I32 (4 bytes) per row, shape [rows]"
                            + DAMAGED);
                }
                order = new int[(int) shape[0]];
                buf.position(dataStart + (int) span[0]);
                buf.slice().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(order);
            } else {
                if (shape.length != 2 || shape[0] != want.rows() || shape[1] != want.cols()) {
                    throw bad(name, "gives " + key + " shape " + java.util.Arrays.toString(shape) + ", but this model's"
                            + " is [" + want.rows() + ", " + want.cols() + "]" + EDITED);
                }
                if (elements != want.bytes()) {
                    // The shape fits, so printing both shapes would show two equal ones; the byte count is wrong.
                    throw bad(name, "gives " + key + " shape " + java.util.Arrays.toString(shape) + ", which is "
                            + want.bytes() + " bytes of F32, but data offsets " + java.util.Arrays.toString(span)
                            + " span " + elements + " bytes" + DAMAGED);
                }
                float[] v = new float[want.rows() * want.cols()];
                buf.position(dataStart + (int) span[0]);
                buf.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                values.put(key, v);
            }
            spans.add(span);
        }
        for (String key : expected.keySet()) {
            if (!values.containsKey(key)) {
                throw bad(name, "lacks tensor " + key + ", which this model has" + EDITED);
            }
        }
        spans.sort((a, b) -> Long.compare(a[0], b[0]));
        long end = 0;
        for (long[] s : spans) {
            if (s[0] != end) {
                throw bad(name, "has tensors whose data " + (s[0] < end ? "overlaps" : "leaves a gap") + " at data"
                        + " offset " + Math.min(s[0], end) + DAMAGED);
            }
            end = s[1];
        }
        if (end != dataLength) {
            throw bad(name, "has " + (dataLength - end) + " bytes after its last tensor, which no tensor describes"
                    + DAMAGED);
        }
        checkDomains(name, values, order, meta);
        TrainingProgress progress = new TrainingProgress();
        try {
            progress.restore(Integer.parseInt(meta.get("progress.epochs")), Long.parseLong(meta.get("progress.steps")),
                    Long.parseLong(meta.get("progress.seed")), meta.get("progress.shuffle_rng"),
                    meta.get("progress.augment_rng"), order, Double.parseDouble(meta.get("progress.rate_factor")));
            // Last check, and the first change: the generated model parses every scalar before it assigns any.
            net.loadScalars(meta);
        } catch (IllegalArgumentException e) {
            throw bad(name, "has inconsistent training state (" + e.getMessage() + ")" + EDITED);
        }
        for (Entry e : entries(net, null)) {
            System.arraycopy(values.get(e.name()), 0, e.values(), e.offset(), e.rows() * e.cols());
        }
        net.progress().restore(progress.epochsDone(), progress.steps(), progress.seed(), progress.shuffleState(),
                progress.augmentState(), progress.order(), progress.rateFactor());
    }

    /**
     * Why a file of structure {@code saved} does not fit {@code net}: the first {@code ;}-separated part that
     * differs, both structures whole, and the remedy, which depends on whether the class is the same.
     */
    private static String otherStructure(String savedModel, String saved, TrainableNetwork net) {
        // Split without dropping anything, so that two different strings always differ in some part.
        String[] file = saved.split(";", -1);
        String[] mine = net.structure().split(";", -1);
        int i = 0;
        while (i < file.length && i < mine.length && file[i].equals(mine[i])) {
            i++;
        }
        String difference;
        if (i == file.length) {
            difference = "the file's structure ends where this model's has '" + mine[i].strip() + "'";
        } else if (i == mine.length) {
            difference = "'" + file[i].strip() + "' in the file, where this model's structure ends";
        } else {
            difference = "'" + file[i].strip() + "' in the file, '" + mine[i].strip() + "' in this model";
        }
        String className = net.getClass().getName();
        String both = "; the first difference: " + difference + ". The file's structure: " + saved
                + ". This model's structure: " + net.structure() + ". ";
        if (className.equals(savedModel)) {
            return "was saved by another definition of " + className + both + "The model's definition changed since"
                    + " the file was saved: load it with the definition that saved it, or train afresh";
        }
        return "was saved by another model class, " + (savedModel == null ? "not named in the file" : savedModel)
                + ", with another structure than this model's (" + className + ")" + both + "Load it into the model"
                + " class that saved it";
    }

    /** The metadata entries that Checkpoint itself reads, as opposed to the generated model's. */
    private static final List<String> PROGRESS_KEYS = List.of("progress.epochs", "progress.steps", "progress.seed",
            "progress.rate_factor");

    /**
     * Every value against its domain ({@link CheckpointRules}), after the structure and shapes and before
     * anything changes: a checksum only proves the file is as written, not that what was written makes sense.
     */
    private static void checkDomains(String name, Map<String, float[]> values, int[] order, Map<String, String> meta)
            throws CheckpointException {
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            String why = CheckpointRules.checkTensor(e.getKey(), e.getValue());
            if (why != null) {
                throw bad(name, why + EDITED);
            }
        }
        if (order != null) {
            String why = CheckpointRules.checkOrder(ORDER, order);
            if (why != null) {
                throw bad(name, why + EDITED);
            }
        }
        for (String key : PROGRESS_KEYS) {
            if (!meta.containsKey(key)) {
                throw bad(name, "lacks the metadata entry " + key + EDITED);
            }
        }
        if ((meta.get("progress.shuffle_rng") == null) != (meta.get("progress.augment_rng") == null)) {
            throw bad(name, "has only one of progress.shuffle_rng and progress.augment_rng, but a run saves both"
                    + EDITED);
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey().startsWith(ATTACHED)) {
                continue; // another module's entries, which it checks when it reads them
            }
            String why = CheckpointRules.checkMetadata(e.getKey(), e.getValue());
            if (why != null) {
                throw bad(name, why + EDITED);
            }
        }
    }

    private static long[] longs(Object value, String name, String key, String field) throws CheckpointException {
        if (!(value instanceof List<?> list) || list.size() > 8) {
            throw bad(name, "has a " + field + " for tensor " + key + " that is not a list of up to 8 whole numbers"
                    + " from 0" + DAMAGED);
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l) || l < 0) {
                throw bad(name, "has a " + field + " for tensor " + key + " that is not a list of up to 8 whole numbers"
                    + " from 0" + DAMAGED);
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
        if (meta == null || key == null) {
            throw new IllegalArgumentException("Checkpoint metadata lookup needs " + (meta == null
                    ? "the metadata" : "a key") + ", but got null.");
        }
        String v = meta.get(key);
        if (v == null) {
            throw new IllegalArgumentException("the metadata lacks " + key);
        }
        return v;
    }

    private static CheckpointException bad(String name, String what) {
        return new CheckpointException("Checkpoint " + name + " " + what + ". The model in memory is unchanged.");
    }

    private static CheckpointException bad(String name, String what, Throwable cause) {
        return new CheckpointException("Checkpoint " + name + " " + what + ". The model in memory is unchanged.",
                cause);
    }
}
