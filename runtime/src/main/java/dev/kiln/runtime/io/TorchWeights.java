package dev.kiln.runtime.io;

import dev.kiln.runtime.BatchNormLayer;
import dev.kiln.runtime.DenseLayer;
import dev.kiln.runtime.Layer;
import dev.kiln.runtime.LayerNormLayer;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.Tensor;
import dev.kiln.runtime.train.KilnModel;
import dev.kiln.runtime.train.TrainableNetwork;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads weights trained elsewhere into a Kiln model: a safetensors file whose tensors follow PyTorch's naming
 * and layout for an {@code nn.Sequential}, as {@code safetensors.torch.save_file(model.state_dict(), path)}
 * writes it.
 *
 * <p>What maps to what, by default: the file's modules that hold tensors, in the order of their names
 * ({@code 0}, {@code 1}, ... {@code 10}, numbers compared as numbers), are paired with the model's layers that
 * hold tensors, in declaration order:
 * <ul>
 *   <li>{@code nn.Linear} ({@code i.weight} of shape {@code [out, in]}, {@code i.bias} {@code [out]}) with a
 *       {@code @Dense} layer: the weight is transposed into Kiln's {@code [in, out]};</li>
 *   <li>{@code nn.BatchNorm1d} ({@code weight}, {@code bias}, {@code running_mean}, {@code running_var}; its
 *       {@code num_batches_tracked} is ignored) with a {@code @BatchNorm} layer's γ, β and running statistics.
 *       PyTorch's ε is not in the file: give {@code @BatchNorm(epsilon = 1e-5)}, PyTorch's default;</li>
 *   <li>{@code nn.LayerNorm(units)} ({@code weight} and {@code bias}, each {@code [units]}) with a
 *       {@code @LayerNorm} layer's γ and β; ε is not in the file either, and {@code @LayerNorm}'s default is
 *       PyTorch's 1e-5. With {@code elementwise_affine=False} it holds no tensors, and neither does
 *       {@code @LayerNorm(scale = false, center = false)}: both take no part;</li>
 *   <li>{@code nn.PReLU(num_parameters = units)} ({@code weight} {@code [units]}) with a PReLU's slopes.</li>
 * </ul>
 * Modules without tensors (activations, dropout) take no part, nor do residual layers: a PyTorch network adds
 * its skips in {@code forward}, which the state dict does not record, so the Kiln model must declare the same
 * {@code @Residual}s. When the model's layers and the file's modules do not pair up that way,
 * {@link #load(KilnModel, Path, Map)} takes the name of the file's tensor for each of the model's tensors
 * ({@code hidden1.weights}, {@code hidden1.bias}, {@code norm1.gamma}, {@code norm1.beta},
 * {@code norm1.running_mean}, {@code norm1.running_var}, {@code act.slope}).
 *
 * <p>F32, F16 and BF16 tensors are read (F16 and BF16 are widened to float exactly). A tensor whose shape does
 * not fit is refused with both shapes; every check is made before the model is changed, and a refused file
 * leaves the model as it was. The optimizer's state and the training progress are not touched.
 */
public final class TorchWeights {

    private TorchWeights() {}

    /** One tensor of the model: where its values go, its shape in PyTorch's layout, and how to copy. */
    private record Target(String name, float[] values, int offset, int rows, int cols, boolean transpose) {

        String torchShape() {
            return transpose ? "[" + cols + ", " + rows + "]" : "[" + rows * cols + "]";
        }
    }

    /** One tensor of the file. */
    private record Stored(String dtype, long[] shape, int begin, int end) {}

    /**
     * Loads the file's tensors into {@code model}, pairing modules and layers in order (see the class comment).
     *
     * @param model a generated model
     * @param file  a safetensors file of a PyTorch {@code nn.Sequential}'s {@code state_dict}
     * @throws IOException when the file cannot be read, or does not fit the model; the model is then unchanged
     */
    public static void load(KilnModel model, Path file) throws IOException {
        load(model, file, null);
    }

    /**
     * Loads the file's tensors into {@code model} by the names given.
     *
     * @param model a generated model
     * @param file  a safetensors file
     * @param names for every tensor of the model (its name as in the class comment), the file's tensor to load
     *              into it; null to pair modules and layers in order
     * @throws IOException when the file cannot be read, or does not fit the model; the model is then unchanged
     */
    public static void load(KilnModel model, Path file, Map<String, String> names) throws IOException {
        if (model == null || file == null) {
            throw new IllegalArgumentException((model == null ? "The model" : "The file") + " is null.");
        }
        if (!(model instanceof TrainableNetwork net)) {
            throw new IllegalArgumentException("TorchWeights loads into the model classes Kiln generates.");
        }
        byte[] bytes = Files.readAllBytes(file);
        Map<String, Stored> stored = header(bytes, file);
        Map<String, Target> targets = targets(net);
        Map<String, String> pairs = names != null ? checkedNames(names, targets, stored, file)
                : paired(net, targets, stored, file);
        int dataStart = 8 + (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        Map<Target, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> p : pairs.entrySet()) {
            Target t = targets.get(p.getKey());
            Stored s = stored.get(p.getValue());
            long count = Arrays.stream(s.shape()).reduce(1, (a, b) -> a * b);
            boolean fits = t.transpose() ? s.shape().length == 2 && s.shape()[0] == t.cols() && s.shape()[1] == t.rows()
                    : count == (long) t.rows() * t.cols() && s.shape().length <= 2;
            if (!fits) {
                throw new IOException(file + ": tensor " + p.getValue() + " has shape " + Arrays.toString(s.shape())
                        + ", but the model's " + t.name() + " needs " + t.torchShape() + " in PyTorch's layout. The"
                        + " model is unchanged.");
            }
            float[] v = decode(bytes, dataStart, s, (int) count, p.getValue(), file);
            // The same domains a checkpoint's values must meet: a negative running variance would make every
            // prediction NaN.
            boolean nonNegative = t.name().endsWith(".running_var");
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i]) || (nonNegative && v[i] < 0)) {
                    throw new IOException(file + ": tensor " + p.getValue() + " holds " + v[i] + " at index " + i
                            + ", but the model's " + t.name() + " must be " + (nonNegative
                            ? CheckpointRules.Domain.NON_NEGATIVE.words() : CheckpointRules.Domain.REAL.words())
                            + ". The model is unchanged.");
                }
            }
            values.put(t, v);
        }
        // Every check is done: only now does the model change, while no other call of it runs.
        dev.kiln.runtime.train.Trainer.exclusively(net, () -> write(values));
    }

    private static Void write(Map<Target, float[]> values) {
        for (Map.Entry<Target, float[]> e : values.entrySet()) {
            Target t = e.getKey();
            float[] v = e.getValue();
            if (t.transpose()) {
                for (int r = 0; r < t.rows(); r++) {
                    for (int c = 0; c < t.cols(); c++) {
                        t.values()[t.offset() + r * t.cols() + c] = v[c * t.rows() + r];
                    }
                }
            } else {
                System.arraycopy(v, 0, t.values(), t.offset(), v.length);
            }
        }
        return null;
    }

    /** The model's tensors by name: parameters, then BatchNorm running statistics. */
    private static Map<String, Target> targets(TrainableNetwork net) {
        Map<String, Target> targets = new LinkedHashMap<>();
        for (Parameter p : net.parameters()) {
            boolean weights = p.name().endsWith(".weights");
            targets.put(p.name(), new Target(p.name(), p.values(), p.offset(), p.rows(), p.cols(), weights));
        }
        for (Tensor t : net.stateTensors()) {
            if (t.name().endsWith(".running_mean") || t.name().endsWith(".running_var")) {
                targets.put(t.name(), new Target(t.name(), t.values(), t.offset(), t.rows(), t.cols(), false));
            }
        }
        return targets;
    }

    private static Map<String, String> checkedNames(Map<String, String> names, Map<String, Target> targets,
                                                    Map<String, Stored> stored, Path file) throws IOException {
        List<String> missing = new ArrayList<>();
        for (String t : targets.keySet()) {
            if (!names.containsKey(t)) {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException("The name mapping for " + file + " gives no file tensor for " + missing
                    + "; map every tensor of the model: " + targets.keySet() + ". The model is unchanged.");
        }
        for (Map.Entry<String, String> e : names.entrySet()) {
            if (!targets.containsKey(e.getKey())) {
                throw new IOException("The name mapping names " + e.getKey() + ", which the model does not have; its"
                        + " tensors are " + targets.keySet() + ". The model is unchanged.");
            }
            if (!stored.containsKey(e.getValue())) {
                throw new IOException(file + " has no tensor " + e.getValue() + " (mapped to " + e.getKey()
                        + "); it has " + stored.keySet() + ". The model is unchanged.");
            }
        }
        return names;
    }

    /** Pairs the file's modules with the model's layers in order, by the kind their tensors show. */
    private static Map<String, String> paired(TrainableNetwork net, Map<String, Target> targets,
                                              Map<String, Stored> stored, Path file) throws IOException {
        List<String[]> layers = new ArrayList<>(); // kind, layer name
        for (Layer l : net.layers()) {
            if (l instanceof DenseLayer) {
                layers.add(new String[] {"Linear", l.name()});
            } else if (l instanceof BatchNormLayer) {
                layers.add(new String[] {"BatchNorm1d", l.name()});
            } else if (l instanceof LayerNormLayer n && (n.gamma() != null || n.beta() != null)) {
                layers.add(new String[] {"LayerNorm", l.name()});
            }
            if (targets.containsKey(l.name() + ".slope")) {
                layers.add(new String[] {"PReLU", l.name()});
            }
        }
        Map<String, List<String>> modules = new TreeMap<>(TorchWeights::compareNames);
        for (String name : stored.keySet()) {
            int dot = name.lastIndexOf('.');
            String module = dot < 0 ? "" : name.substring(0, dot);
            modules.computeIfAbsent(module, k -> new ArrayList<>()).add(name.substring(dot + 1));
        }
        // A module's kind is read from the tensors it holds, which do not always tell it. A 1-D weight and bias
        // without running statistics is taken for nn.LayerNorm: nn.BatchNorm1d(track_running_stats=False) looks
        // the same, but a @BatchNorm needs running statistics, so that file could not load as one anyway. A lone
        // weight is nn.PReLU's slopes or the γ of a LayerNorm without bias (PyTorch 2.1's bias=False), which the
        // tensors cannot tell apart: the model's layer at the same place decides, so a LayerNorm there takes it
        // as γ (and is refused below if it also learns β) and anything else pairs it as PReLU. A lone bias is a
        // LayerNorm's β, what @LayerNorm(scale = false) holds; no other module has only a bias.
        List<String[]> found = new ArrayList<>(); // kind, module prefix
        for (Map.Entry<String, List<String>> m : modules.entrySet()) {
            List<String> t = m.getValue();
            boolean weight = t.contains("weight");
            int weightRank = weight ? stored.get(prefixed(m.getKey(), "weight")).shape().length : 0;
            boolean vectorBias = t.contains("bias") && stored.get(prefixed(m.getKey(), "bias")).shape().length == 1;
            String kind = t.contains("running_mean") ? "BatchNorm1d"
                    : weight && weightRank == 2 ? "Linear"
                    : weight && weightRank == 1 && vectorBias && t.size() == 2 ? "LayerNorm"
                    : weight && t.size() == 1 ? (layerNormAt(layers, found.size()) ? "LayerNorm" : "PReLU")
                    : vectorBias && t.size() == 1 ? "LayerNorm"
                    : "unknown (" + String.join(", ", t) + ")";
            found.add(new String[] {kind, m.getKey()});
        }
        if (!kinds(layers).equals(kinds(found))) {
            throw new IOException(file + " holds the modules " + describe(found) + ", but the model's layers with"
                    + " tensors are " + describe(layers) + ", so they do not pair up in order. Give the names to load"
                    + " with TorchWeights.load(model, file, names). The model is unchanged.");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            String layer = layers.get(i)[1];
            String module = found.get(i)[1];
            switch (layers.get(i)[0]) {
                case "Linear" -> {
                    pairs.put(layer + ".weights", prefixed(module, "weight"));
                    if (targets.containsKey(layer + ".bias")) {
                        pairs.put(layer + ".bias", require(stored, prefixed(module, "bias"), layer + ".bias", file));
                    } else if (stored.containsKey(prefixed(module, "bias"))) {
                        throw new IOException(file + " has a bias " + prefixed(module, "bias") + ", but the model's"
                                + " layer " + layer + " has none (@Dense(bias = false)). The model is unchanged.");
                    }
                }
                case "BatchNorm1d" -> {
                    if (targets.containsKey(layer + ".gamma")) {
                        pairs.put(layer + ".gamma", require(stored, prefixed(module, "weight"), layer + ".gamma", file));
                    }
                    if (targets.containsKey(layer + ".beta")) {
                        pairs.put(layer + ".beta", require(stored, prefixed(module, "bias"), layer + ".beta", file));
                    }
                    pairs.put(layer + ".running_mean", prefixed(module, "running_mean"));
                    pairs.put(layer + ".running_var", require(stored, prefixed(module, "running_var"),
                            layer + ".running_var", file));
                }
                case "LayerNorm" -> {
                    pairs.putAll(affine(layer, module, "γ", "gamma", "weight", "scale", targets, stored, file));
                    pairs.putAll(affine(layer, module, "β", "beta", "bias", "center", targets, stored, file));
                }
                default -> pairs.put(layer + ".slope", prefixed(module, "weight"));
            }
        }
        return pairs;
    }

    /** Whether the model's layer with tensors at {@code index} is a LayerNorm. */
    private static boolean layerNormAt(List<String[]> layers, int index) {
        return index < layers.size() && layers.get(index)[0].equals("LayerNorm");
    }

    /**
     * The pair for a LayerNorm's γ or β ({@code tensor}, from the module's {@code torchName}) when the layer
     * learns it; none when it does not and the file has none either.
     */
    private static Map<String, String> affine(String layer, String module, String symbol, String tensor,
                                              String torchName, String setting, Map<String, Target> targets,
                                              Map<String, Stored> stored, Path file) throws IOException {
        String target = layer + "." + tensor;
        String name = prefixed(module, torchName);
        if (targets.containsKey(target)) {
            return Map.of(target, require(stored, name, target, file));
        }
        if (stored.containsKey(name)) {
            throw new IOException(file + " has " + name + ", a " + symbol + ", but the model's layer " + layer
                    + " learns none (@LayerNorm(" + setting + " = false)). The model is unchanged.");
        }
        return Map.of();
    }

    private static String kinds(List<String[]> list) {
        StringBuilder sb = new StringBuilder();
        for (String[] e : list) {
            sb.append(e[0]).append(';');
        }
        return sb.toString();
    }

    private static String describe(List<String[]> list) {
        List<String> parts = new ArrayList<>();
        for (String[] e : list) {
            parts.add(e[0] + " " + (e[1].isEmpty() ? "(top level)" : e[1]));
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static String prefixed(String module, String tensor) {
        return module.isEmpty() ? tensor : module + "." + tensor;
    }

    private static String require(Map<String, Stored> stored, String name, String target, Path file)
            throws IOException {
        if (!stored.containsKey(name)) {
            throw new IOException(file + " has no tensor " + name + " for the model's " + target
                    + ". The model is unchanged.");
        }
        return name;
    }

    /** Module names compared part by part, numbers as numbers: {@code 2} before {@code 10}. */
    private static int compareNames(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean nx = !x[i].isEmpty() && x[i].chars().allMatch(Character::isDigit) && x[i].length() < 10;
            boolean ny = !y[i].isEmpty() && y[i].chars().allMatch(Character::isDigit) && y[i].length() < 10;
            int c = nx && ny ? Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i])) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** The safetensors header: every tensor's dtype, shape and byte range, checked against the file's length. */
    private static Map<String, Stored> header(byte[] bytes, Path file) throws IOException {
        if (bytes.length < 10) {
            throw new IOException(file + " is " + bytes.length + " bytes long, too short for a safetensors file.");
        }
        long length = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (length < 2 || length > bytes.length - 8) {
            throw new IOException(file + " declares a header of " + length + " bytes, but the file holds "
                    + (bytes.length - 8) + " after the header's length: not a safetensors file, or truncated.");
        }
        Object parsed;
        try {
            parsed = Json.parse(new String(bytes, 8, (int) length, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " has a header that is not valid JSON (" + e.getMessage() + ").");
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IOException(file + " has a header that is not a JSON object: not a safetensors file.");
        }
        long data = bytes.length - 8 - length;
        Map<String, Stored> stored = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (name.equals("__metadata__")) {
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> t) || !(t.get("dtype") instanceof String dtype)
                    || !(t.get("shape") instanceof List<?> shape) || !(t.get("data_offsets") instanceof List<?> off)
                    || off.size() != 2 || !(off.get(0) instanceof Long begin) || !(off.get(1) instanceof Long end)) {
                throw new IOException(file + ": tensor " + name + " lacks a dtype, shape or data_offsets.");
            }
            long[] dims = new long[shape.size()];
            long count = 1;
            for (int i = 0; i < dims.length; i++) {
                if (!(shape.get(i) instanceof Long d) || d < 0) {
                    throw new IOException(file + ": tensor " + name + " has a shape that is not whole numbers.");
                }
                dims[i] = d;
                try {
                    count = Math.multiplyExact(count, d);
                } catch (ArithmeticException overflow) {
                    throw new IOException(file + ": tensor " + name + " declares a shape of more values than a"
                            + " file can hold: " + shape + ".");
                }
            }
            // Every tensor's byte range must lie in the data, whatever its type; a type's size checks its length.
            int size = switch (dtype) {
                case "F64", "I64", "U64" -> 8;
                case "F32", "I32", "U32" -> 4;
                case "F16", "BF16", "I16", "U16" -> 2;
                case "I8", "U8", "BOOL" -> 1;
                default -> 0;
            };
            boolean inData = begin >= 0 && begin <= end && end <= data;
            if (!inData || (size > 0 && (count > data || end - begin != count * size))) {
                throw new IOException(file + ": tensor " + name + " claims bytes " + begin + " to " + end + " for "
                        + count + " " + dtype + " values, which do not fit the file's " + data + " bytes of data.");
            }
            stored.put(name, new Stored(dtype, dims, (int) (long) begin, (int) (long) end));
        }
        return stored;
    }

    private static float[] decode(byte[] bytes, int dataStart, Stored s, int count, String name, Path file)
            throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes, dataStart + s.begin(), s.end() - s.begin())
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[count];
        switch (s.dtype()) {
            case "F32" -> buf.asFloatBuffer().get(v);
            case "F16" -> {
                for (int i = 0; i < count; i++) {
                    v[i] = Float.float16ToFloat(buf.getShort());
                }
            }
            case "BF16" -> {
                for (int i = 0; i < count; i++) {
                    v[i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
                }
            }
            default -> throw new IOException(file + ": tensor " + name + " is " + s.dtype() + "; Kiln reads F32, F16"
                    + " and BF16. Convert it with tensor.float() before saving. The model is unchanged.");
        }
        return v;
    }
}
