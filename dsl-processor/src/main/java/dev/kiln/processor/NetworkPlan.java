package dev.kiln.processor;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.DropoutType;
import dev.kiln.annotations.Loss;
import dev.kiln.processor.model.ActivateDescription;
import dev.kiln.processor.model.BatchNormDescription;
import dev.kiln.processor.model.DenseDescription;
import dev.kiln.processor.model.DropoutDescription;
import dev.kiln.processor.model.LayerDescription;
import dev.kiln.processor.model.ModelDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shape of the generated code, derived from a valid model, and the name of every buffer, so the
 * writers read as templates of the passes.
 *
 * <p>The layers are cut into {@link Stage}s: a dense layer and the element-wise layers after it (batch
 * normalisation, an activation, dropout last). Within a stage each layer is a {@link Step} that reads the
 * previous step's output buffer and writes its own. A dropout that directly follows a dense or activation
 * step is fused into that step's pass; only a dropout after batch normalisation is a pass of its own.
 * Learnable arrays are {@link ParamGroup}s, which the optimizer update, clipping and weight decay walk.
 */
final class NetworkPlan {

    /**
     * One element-wise layer of a stage.
     *
     * @param layer the layer
     * @param in    buffer it reads
     * @param out   buffer it writes
     * @param fused a dropout applied in this step's pass, or null
     */
    record Step(LayerDescription layer, String in, String out, DropoutDescription fused) {}

    /**
     * A learnable array with its gradient and optimizer state.
     *
     * @param name     prefix of the arrays' names (the layer's name)
     * @param size     element count as a constant expression
     * @param decayEnd end of the range decoupled weight decay applies to ("0" for none)
     * @param tensors  the tensors inside it, for per-tensor clipping: name, offset, length
     */
    record ParamGroup(String name, String size, String decayEnd, List<Tensor> tensors) {

        String params() {
            return name + "Params";
        }

        String grads() {
            return name + "Grads";
        }
    }

    /**
     * A tensor inside a parameter group.
     *
     * @param name   e.g. {@code hidden1.weights}
     * @param rows   rows as a constant expression
     * @param cols   columns as a constant expression
     * @param offset offset in the group's array
     */
    record Tensor(String name, String rows, String cols, String offset) {}

    /**
     * A dense layer and the element-wise layers after it.
     *
     * @param dense    the dense layer
     * @param steps    dense step first, then the following layers' steps
     * @param dropout  the stage's dropout (always last), or null
     * @param inWidth  constant name of the input width
     * @param previous the stage feeding this one, or null for the first
     */
    record Stage(DenseDescription dense, List<Step> steps, DropoutDescription dropout, String inWidth,
                 Stage previous) {

        String name() {
            return dense.name();
        }

        String units() {
            return constant(dense.name()) + "_UNITS";
        }

        String params() {
            return dense.name() + "Params";
        }

        String grads() {
            return dense.name() + "Grads";
        }

        /** The dense layer's output: its activation, or the pre-activation for a linear layer. */
        String out() {
            return NetworkPlan.out(dense);
        }

        /** Buffer the product writes: a separate pre-activation only when the activation's derivative needs it. */
        String product() {
            return keepsPre(denseActivation()) ? dense.name() + "Pre" : out();
        }

        /** The activation the dense step applies. */
        String denseActivation() {
            return dense.activation() == Activation.SOFTMAX ? "LINEAR" : dense.activation().name();
        }

        String alpha() {
            return dense.takesAlpha() ? constant(dense.name()) + "_ALPHA" : "0f";
        }

        /** Gradient of the loss with respect to the stage's output in backward (then, in place, its product). */
        String delta() {
            return dense.name() + "Delta";
        }

        String weightsT() {
            return dense.name() + "WeightsT";
        }

        String norms() {
            return dense.name() + "Norms";
        }

        String connectMask() {
            return dense.name() + "ConnectMask";
        }

        String maskedWeights() {
            return dense.name() + "MaskedWeights";
        }

        /** The weights the product uses: DropConnect's masked copy in training. */
        String weights(String training) {
            return dense.dropConnect() > 0 ? training + " ? " + maskedWeights() + " : " + params() : params();
        }

        /** The weight count as a constant expression, which is also the bias offset. */
        String weightCount() {
            return inWidth + " * " + units();
        }

        /** End of the range the L1/L2 penalties cover: the weights, or with the bias the whole array. */
        String penaltyEnd() {
            return dense.penalizeBias() && dense.bias() ? params() + ".length" : weightCount();
        }

        /** The output of the stage's last step that is not dropout. */
        String inferenceOut() {
            for (int i = steps.size() - 1; i >= 0; i--) {
                if (!(steps.get(i).layer() instanceof DropoutDescription)) {
                    return steps.get(i).out();
                }
            }
            throw new IllegalStateException("a stage starts with its dense step");
        }

        /** The stage's output in training: its dropout's, else the last step's. */
        String trainingOut() {
            return dropout == null ? inferenceOut() : NetworkPlan.out(dropout);
        }

        /** Expression of the input this stage reads; {@code training} names the condition for dropout. */
        String input(String training) {
            if (previous == null) {
                return "input";
            }
            return previous.dropout == null ? previous.inferenceOut()
                    : training + " ? " + previous.trainingOut() + " : " + previous.inferenceOut();
        }
    }

    private final ModelDescription model;
    private final List<Stage> stages;
    private final List<ParamGroup> groups;

    NetworkPlan(ModelDescription model) {
        this.model = model;
        List<Stage> list = new ArrayList<>();
        List<LayerDescription> layers = model.layers();
        Stage previous = null;
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof DenseDescription d)) {
                continue;
            }
            int end = i + 1;
            while (end < layers.size() && !(layers.get(end) instanceof DenseDescription)) {
                end++;
            }
            List<LayerDescription> block = layers.subList(i, end);
            List<Step> steps = new ArrayList<>();
            DropoutDescription dropout = null;
            String current = previous == null ? "input" : null;
            for (int k = 0; k < block.size(); k++) {
                LayerDescription layer = block.get(k);
                if (layer instanceof DropoutDescription drop) {
                    dropout = drop;
                    Step before = steps.get(steps.size() - 1);
                    // Alpha dropout adds a shift, and after normalisation there is no pass to share.
                    if (before.layer() instanceof BatchNormDescription || drop.type() == DropoutType.ALPHA) {
                        steps.add(new Step(drop, before.out(), out(drop), null));
                    } else {
                        steps.set(steps.size() - 1, new Step(before.layer(), before.in(), before.out(), drop));
                    }
                    continue;
                }
                String in = steps.isEmpty() ? current : steps.get(steps.size() - 1).out();
                steps.add(new Step(layer, in, out(layer), null));
            }
            String inWidth = previous == null ? "INPUTS" : previous.units();
            Stage s = new Stage(d, List.copyOf(steps), dropout, inWidth, previous);
            list.add(s);
            previous = s;
        }
        this.stages = List.copyOf(list);
        this.groups = paramGroups();
    }

    /** The buffer a layer writes. */
    static String out(LayerDescription layer) {
        return layer.name() + "Out";
    }

    private List<ParamGroup> paramGroups() {
        List<ParamGroup> list = new ArrayList<>();
        for (Stage s : stages) {
            String wc = s.weightCount();
            List<Tensor> tensors = new ArrayList<>();
            tensors.add(new Tensor(s.name() + ".weights", s.inWidth(), s.units(), "0"));
            if (s.dense().bias()) {
                tensors.add(new Tensor(s.name() + ".bias", "1", s.units(), wc));
            }
            list.add(new ParamGroup(s.name(), wc + (s.dense().bias() ? " + " + s.units() : ""), wc,
                    List.copyOf(tensors)));
            for (Step step : s.steps()) {
                if (activationOf(step.layer()) == Activation.PRELU) {
                    String owner = step.layer().name();
                    list.add(new ParamGroup(slopeGroup(step.layer()), s.units(), "0",
                            List.of(new Tensor(owner + ".slope", "1", s.units(), "0"))));
                }
                if (step.layer() instanceof BatchNormDescription b && (b.scale() || b.center())) {
                    List<Tensor> bn = new ArrayList<>();
                    if (b.scale()) {
                        bn.add(new Tensor(b.name() + ".gamma", "1", s.units(), "0"));
                    }
                    if (b.center()) {
                        bn.add(new Tensor(b.name() + ".beta", "1", s.units(), b.scale() ? s.units() : "0"));
                    }
                    list.add(new ParamGroup(b.name(), (bn.size() == 2 ? "2 * " : "") + s.units(), "0",
                            List.copyOf(bn)));
                }
            }
        }
        return List.copyOf(list);
    }

    ModelDescription model() {
        return model;
    }

    List<Stage> stages() {
        return stages;
    }

    List<ParamGroup> groups() {
        return groups;
    }

    Stage output() {
        return stages.get(stages.size() - 1);
    }

    /** The stage a layer belongs to. */
    Stage stageOf(LayerDescription layer) {
        for (Stage s : stages) {
            if (s.dense() == layer || s.steps().stream().anyMatch(st -> st.layer() == layer || st.fused() == layer)) {
                return s;
            }
        }
        throw new IllegalStateException("layer " + layer.name() + " belongs to no stage");
    }

    /** Whether the output layer's activation is computed together with the loss (so forward leaves logits). */
    boolean outputFusedWithLoss() {
        return model.loss() != Loss.MEAN_SQUARED_ERROR;
    }

    /** Whether forward leaves probabilities that need a separate softmax pass (softmax output, unfused loss). */
    boolean outputNeedsSoftmaxPass() {
        return !outputFusedWithLoss() && output().dense().activation() == Activation.SOFTMAX;
    }

    /** The runtime kernel's activation for a stage's dense step: none for an output fused with its loss. */
    /**
     * The batch normalisation that inference can fold into stage {@code s}'s weights, or null: one that
     * directly follows a dense layer with a linear activation (the slides' placement, before the activation),
     * where {@code (x·W + b − μ)·s + β} is again an affine map of {@code x}.
     */
    BatchNormDescription foldableNorm(Stage s) {
        if (s == output() || s.dense().activation() != dev.kiln.annotations.Activation.LINEAR
                || s.steps().size() < 2 || s.steps().get(0).fused() != null) {
            return null;
        }
        return s.steps().get(1).layer() instanceof BatchNormDescription b ? b : null;
    }

    String epilogueActivation(Stage s) {
        return s == output() && outputFusedWithLoss() ? "LINEAR" : s.denseActivation();
    }

    /** Whether an activation's derivative needs its input (GELU, SiLU, PReLU), so the input must be kept. */
    static boolean keepsPre(String activation) {
        return activation.equals("GELU") || activation.equals("SILU") || activation.equals("PRELU");
    }

    /** Prefix of the arrays holding PReLU slopes learned by the layer that owns the activation. */
    static String slopeGroup(LayerDescription owner) {
        return owner instanceof DenseDescription ? owner.name() + "Slope" : owner.name();
    }

    /** Per-element slopes RReLU draws each training step. */
    static String rreluSlopes(LayerDescription owner) {
        return owner.name() + "RreluSlopes";
    }

    /** The activation a step applies, or null for steps that apply none. */
    static Activation activationOf(LayerDescription layer) {
        return switch (layer) {
            case DenseDescription d -> d.activation();
            case ActivateDescription a -> a.activation();
            default -> null;
        };
    }

    /** Whether the dense step of a stage writes a separate pre-activation buffer. */
    boolean keepsPre(Stage s) {
        return keepsPre(epilogueActivation(s));
    }

    /** Whether any layer adds a penalty term to the loss. */
    boolean penalized() {
        return stages.stream().anyMatch(s -> s.dense().penalized());
    }

    /** The dropout layers, in order. */
    List<DropoutDescription> dropouts() {
        return model.layers().stream().filter(DropoutDescription.class::isInstance)
                .map(DropoutDescription.class::cast).toList();
    }

    /** The activation name of an {@code @Activate} step for the runtime kernel. */
    static String activation(ActivateDescription a) {
        return a.activation().name();
    }

    /** Constant holding a layer's alpha, or {@code 0f}. */
    static String alpha(ActivateDescription a) {
        return a.takesAlpha() ? constant(a.name()) + "_ALPHA" : "0f";
    }

    /** {@code hidden1} → {@code HIDDEN1}, {@code outLayer} → {@code OUT_LAYER}. */
    static String constant(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
}
