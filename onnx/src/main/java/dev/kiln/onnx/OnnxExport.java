package dev.kiln.onnx;

import ai.onnx.proto.OnnxMl;
import dev.kiln.runtime.ActivationLayer;
import dev.kiln.runtime.BatchNormLayer;
import dev.kiln.runtime.DenseLayer;
import dev.kiln.runtime.DropoutLayer;
import dev.kiln.runtime.Layer;
import dev.kiln.runtime.LayerNormLayer;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.ResidualLayer;
import dev.kiln.runtime.kernels.ActivationFunction;
import dev.kiln.runtime.kernels.ParametricActivations;
import dev.kiln.runtime.train.KilnModel;
import dev.kiln.runtime.train.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained Kiln model as an ONNX file, for teams that serve with ONNX Runtime.
 *
 * <p>The graph takes {@code input}, a float tensor of shape {@code [batch, inputs]}, and gives {@code output},
 * {@code [batch, outputs]}: what the model's {@code predict} returns, so class probabilities (softmax) for
 * softmax cross-entropy, probabilities (sigmoid) for binary cross-entropy, and the output layer's values for
 * mean squared error. Opset 13 and IR version 7, which ONNX 1.8 and later read (Debian's {@code python3-onnx}
 * 1.12 among them).
 *
 * <p>What maps to what: a dense layer is a {@code Gemm} (a {@code MatMul} without bias) with Kiln's
 * {@code [inputs, units]} weights as its B; batch normalisation is a {@code BatchNormalization} node with the
 * running statistics (γ = 1 and β = 0 when scaling or centring is off); layer normalisation is spelled out in
 * opset 13's operators, as Kiln computes it ({@code ReduceMean} over the last axis, {@code Sub}, {@code Mul},
 * {@code ReduceMean}, {@code Add} ε, {@code Sqrt}, {@code Reciprocal}, {@code Mul}, then {@code Mul} γ and
 * {@code Add} β when learned), since {@code LayerNormalization} only came in opset 17; a residual connection is
 * an {@code Add} of its input and the value its source layer gave; dropout is left out, as at inference.
 * Activations: {@code Relu}, {@code LeakyRelu}, {@code Elu}, {@code Selu} (Kiln's λ and α), {@code Sigmoid},
 * {@code Tanh}, {@code Softplus}, {@code PRelu} with the learned slopes, RReLU as {@code LeakyRelu} with its
 * inference slope (the mean of its training range, 11/48), GELU as {@code 0.5·x·(1 + Erf(x/√2))} (opset 13 has
 * no Gelu), SiLU as {@code x·Sigmoid(x)}.
 */
public final class OnnxExport {

    /** The ONNX operator set the graph uses. */
    public static final int OPSET = 13;
    /** The ONNX IR version written. */
    public static final long IR_VERSION = 7;
    /** Name of the graph's input. */
    public static final String INPUT = "input";
    /** Name of the graph's output. */
    public static final String OUTPUT = "output";

    private OnnxExport() {}

    /**
     * Writes {@code model} to {@code file} (through a temporary file beside it, so a failed write leaves an
     * existing file as it was).
     *
     * @param model a generated model
     * @param file  where to write the {@code .onnx} file
     * @throws IOException when the file cannot be written
     */
    public static void write(KilnModel model, Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("The ONNX file's path is null.");
        }
        byte[] bytes = toBytes(model);
        Path folder = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(folder, ".kiln-onnx-", ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The model as the bytes of an ONNX file.
     *
     * @param model a generated model
     * @return the serialised {@code ModelProto}
     */
    public static byte[] toBytes(KilnModel model) {
        if (model == null) {
            throw new IllegalArgumentException("The model is null.");
        }
        return new Builder(model).model().toByteArray();
    }

    /** Builds the graph node by node; every intermediate value gets a fresh name. */
    private static final class Builder {

        private final KilnModel model;
        private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("kiln");
        private final Map<String, Parameter> parameters = new HashMap<>();
        /**
         * The value each layer gave, by layer name, for residuals to add. Recorded after the layer's nodes, so a
         * dropout layer, which adds none, names the value before it: what the next dense layer reads at inference.
         */
        private final Map<String, String> outputs = new HashMap<>();
        private int counter;

        Builder(KilnModel model) {
            this.model = model;
            for (Parameter p : model.parameters()) {
                parameters.put(p.name(), p);
            }
        }

        OnnxMl.ModelProto model() {
            String x = INPUT;
            List<Layer> layers = model.layers();
            int lastDense = -1;
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) instanceof DenseLayer) {
                    lastDense = i;
                }
            }
            boolean outputFused = model.task() != Task.REGRESSION;
            for (int i = 0; i < layers.size(); i++) {
                Layer layer = layers.get(i);
                switch (layer) {
                    case DenseLayer d -> {
                        String w = constant(d.name() + ".weights", values(d.weights()), d.inputWidth(),
                                d.outputWidth());
                        x = d.bias() == null ? node("MatMul", d.name(), x, w)
                                : node("Gemm", d.name(), x, w, constant(d.name() + ".bias", values(d.bias()),
                                        d.outputWidth()));
                        if (!(i == lastDense && outputFused)) {
                            x = activation(x, d.name(), d.activation(), d.alpha(), d.outputWidth());
                        }
                    }
                    case BatchNormLayer b -> {
                        int n = b.outputWidth();
                        float[] scale = b.gamma() == null ? filled(n, 1f) : values(b.gamma());
                        float[] shift = b.beta() == null ? new float[n] : values(b.beta());
                        x = node("BatchNormalization", b.name(), x, constant(b.name() + ".gamma", scale, n),
                                constant(b.name() + ".beta", shift, n),
                                constant(b.name() + ".running_mean", b.runningMean().clone(), n),
                                constant(b.name() + ".running_var", b.runningVar().clone(), n));
                        last().addAttribute(attribute("epsilon", b.epsilon()));
                    }
                    case LayerNormLayer n -> x = layerNorm(x, n);
                    case ResidualLayer r -> {
                        String from = outputs.get(r.from());
                        if (from == null) {
                            throw new IllegalStateException("residual " + r.name() + " adds the output of "
                                    + r.from() + ", which is not an earlier layer");
                        }
                        x = node("Add", r.name(), x, from);
                    }
                    case ActivationLayer a -> x = activation(x, a.name(), a.activation(), a.alpha(), a.outputWidth());
                    case DropoutLayer d -> { } // the identity at inference
                    default -> throw new IllegalStateException("no ONNX form for layer " + layer.name());
                }
                outputs.put(layer.name(), x);
            }
            switch (model.task()) {
                case CLASSIFICATION -> {
                    x = node("Softmax", "output", x);
                    last().addAttribute(attribute("axis", 1L));
                }
                case BINARY -> x = node("Sigmoid", "output", x);
                case REGRESSION -> { }
            }
            x = node("Identity", "output", x);
            last().setOutput(0, OUTPUT);
            graph.addInput(value(INPUT, model.inputs()));
            graph.addOutput(value(OUTPUT, model.outputs()));
            return OnnxMl.ModelProto.newBuilder()
                    .setIrVersion(IR_VERSION)
                    .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                    .setProducerName("kiln")
                    .setProducerVersion("0.1.0")
                    .setGraph(graph)
                    .build();
        }

        /**
         * The nodes of layer normalisation applied to {@code x}; returns the name of its result. The steps are
         * those of Kiln's kernel: the deviations from the row's mean, their mean square, and
         * {@code x̂ = (x − μ)·(1/sqrt(σ² + ε))}, a product with the reciprocal rather than a quotient because
         * that is how the kernel rounds. (The kernel sums the mean from the row's first value; a plain
         * {@code ReduceMean} differs from that by rounding only.)
         */
        private String layerNorm(String x, LayerNormLayer n) {
            String layer = n.name();
            String mean = node("ReduceMean", layer, x);
            last().addAttribute(axes(-1L)).addAttribute(attribute("keepdims", 1L));
            String centred = node("Sub", layer, x, mean);
            String squares = node("Mul", layer, centred, centred);
            String variance = node("ReduceMean", layer, squares);
            last().addAttribute(axes(-1L)).addAttribute(attribute("keepdims", 1L));
            String padded = node("Add", layer, variance, constant(layer + ".epsilon", new float[] {n.epsilon()}));
            String invStd = node("Reciprocal", layer, node("Sqrt", layer, padded));
            String y = node("Mul", layer, centred, invStd);
            if (n.gamma() != null) {
                y = node("Mul", layer, y, constant(layer + ".gamma", values(n.gamma()), n.outputWidth()));
            }
            if (n.beta() != null) {
                y = node("Add", layer, y, constant(layer + ".beta", values(n.beta()), n.outputWidth()));
            }
            return y;
        }

        /** The nodes of an activation applied to {@code x}; returns the name of its result. */
        private String activation(String x, String layer, String activation, float alpha, int units) {
            switch (activation) {
                case "LINEAR":
                    return x;
                case "RELU":
                    return node("Relu", layer, x);
                case "LEAKY_RELU":
                    String leaky = node("LeakyRelu", layer, x);
                    last().addAttribute(attribute("alpha", alpha));
                    return leaky;
                case "ELU":
                    String elu = node("Elu", layer, x);
                    last().addAttribute(attribute("alpha", alpha));
                    return elu;
                case "SELU":
                    String selu = node("Selu", layer, x);
                    last().addAttribute(attribute("alpha", (float) ActivationFunction.SELU_ALPHA));
                    last().addAttribute(attribute("gamma", (float) ActivationFunction.SELU_LAMBDA));
                    return selu;
                case "SIGMOID":
                    return node("Sigmoid", layer, x);
                case "TANH":
                    return node("Tanh", layer, x);
                case "SOFTPLUS":
                    return node("Softplus", layer, x);
                case "GELU":
                    String scaled = node("Div", layer, x,
                            constant(layer + ".sqrt2", new float[] {(float) Math.sqrt(2)}));
                    String erf = node("Erf", layer, scaled);
                    String onePlus = node("Add", layer, erf, constant(layer + ".one", new float[] {1f}));
                    String times = node("Mul", layer, x, onePlus);
                    return node("Mul", layer, times, constant(layer + ".half", new float[] {0.5f}));
                case "SILU":
                    return node("Mul", layer, x, node("Sigmoid", layer, x));
                case "SOFTMAX": // an output under mean squared error; under the other losses it is fused
                    String softmax = node("Softmax", layer, x);
                    last().addAttribute(attribute("axis", 1L));
                    return softmax;
                case "PRELU":
                    Parameter slope = parameters.get(layer + ".slope");
                    return node("PRelu", layer, x, constant(layer + ".slope", values(slope), units));
                case "RRELU":
                    String rrelu = node("LeakyRelu", layer, x);
                    last().addAttribute(attribute("alpha", ParametricActivations.RRELU_MEAN));
                    return rrelu;
                default:
                    throw new IllegalArgumentException("Layer " + layer + " uses " + activation + ", which has no"
                            + " ONNX form here.");
            }
        }

        private String node(String op, String layer, String... inputs) {
            String out = layer + "." + op.toLowerCase(java.util.Locale.ROOT) + "." + counter++;
            OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(out).addOutput(out);
            for (String in : inputs) {
                n.addInput(in);
            }
            graph.addNode(n);
            return out;
        }

        private OnnxMl.NodeProto.Builder last() {
            return graph.getNodeBuilder(graph.getNodeCount() - 1);
        }

        /** A float initializer of the given dims; returns its name. */
        private String constant(String name, float[] values, int... dims) {
            OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                    .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
            for (int d : dims) {
                t.addDims(d);
            }
            for (float v : values) {
                t.addFloatData(v);
            }
            graph.addInitializer(t);
            return name;
        }

        private static OnnxMl.ValueInfoProto value(String name, int width) {
            OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                    .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                    .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width)).build();
            return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                    .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                            .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                    .build();
        }

        private static OnnxMl.AttributeProto attribute(String name, float value) {
            return OnnxMl.AttributeProto.newBuilder().setName(name)
                    .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(value).build();
        }

        private static OnnxMl.AttributeProto attribute(String name, long value) {
            return OnnxMl.AttributeProto.newBuilder().setName(name)
                    .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build();
        }

        private static OnnxMl.AttributeProto axes(long... axes) {
            OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName("axes")
                    .setType(OnnxMl.AttributeProto.AttributeType.INTS);
            for (long axis : axes) {
                a.addInts(axis);
            }
            return a.build();
        }

        /** A parameter's values, in row-major order. */
        private static float[] values(Parameter p) {
            float[] v = new float[p.size()];
            System.arraycopy(p.values(), p.offset(), v, 0, v.length);
            return v;
        }

        private static float[] filled(int n, float value) {
            float[] v = new float[n];
            java.util.Arrays.fill(v, value);
            return v;
        }
    }
}
