package dev.kiln.processor;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shape of the generated code, derived from a valid model, and the name of every buffer, so the
 * writers read as templates of the passes.
 *
 * <p>The layers are cut into {@link Stage}s: a dense layer and the layers after it up to the next dense layer
 * (normalisation, activation, residuals, dropout last). Within a stage each layer, the dense one first, is a
 * {@link Step} that reads the previous step's output buffer and writes its own. A dropout is applied in the
 * pass of the layer before it when that layer {@linkplain LayerKind#fusesDropout() allows} and the dropout
 * {@linkplain DropoutKind#fusable() can}; otherwise it is a pass of its own. Learnable arrays are
 * {@link ParamGroup}s, which the optimizer update, clipping and weight decay walk.
 */
final class NetworkPlan {

    /**
     * One layer of a stage.
     *
     * @param layer the layer
     * @param in    buffer it reads
     * @param out   buffer it writes
     * @param fused a dropout applied in this step's pass, or null
     */
    record Step(LayerKind layer, String in, String out, DropoutKind fused) {}

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
    record Stage(DenseKind dense, List<Step> steps, DropoutKind dropout, String inWidth,
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
            return ActivationFacts.of(denseActivation()).needsInput() ? dense.name() + "Pre" : out();
        }

        /** The activation the dense step applies: softmax is the loss's. */
        Activation denseActivation() {
            return dense.activation() == Activation.SOFTMAX ? Activation.LINEAR : dense.activation();
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
                if (steps.get(i).layer() != dropout) {
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
            return previous == null ? "input" : previous.output(training);
        }

        /** Expression of what the next stage reads from this one; {@code training} as for {@link #input}. */
        String output(String training) {
            return dropout == null ? inferenceOut() : training + " ? " + trainingOut() + " : " + inferenceOut();
        }
    }

    private final ModelDescription model;
    private final List<Stage> stages;
    private final List<ParamGroup> groups;

    NetworkPlan(ModelDescription model) {
        this.model = model;
        List<Stage> list = new ArrayList<>();
        List<LayerKind> layers = model.layers();
        Stage previous = null;
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof DenseKind d)) {
                continue;
            }
            int end = i + 1;
            while (end < layers.size() && !(layers.get(end) instanceof DenseKind)) {
                end++;
            }
            List<Step> steps = new ArrayList<>();
            DropoutKind dropout = null;
            for (LayerKind layer : layers.subList(i, end)) {
                if (layer instanceof DropoutKind drop) {
                    // a block's dropout is its last layer (the rules see to it)
                    dropout = drop;
                    Step before = steps.get(steps.size() - 1);
                    if (before.layer().fusesDropout() && drop.fusable()) {
                        steps.set(steps.size() - 1, new Step(before.layer(), before.in(), before.out(), drop));
                    } else {
                        steps.add(new Step(drop, before.out(), out(drop), null));
                    }
                    continue;
                }
                String in = steps.isEmpty() ? (previous == null ? "input" : null) : steps.get(steps.size() - 1).out();
                steps.add(new Step(layer, in, out(layer), null));
            }
            String inWidth = previous == null ? "INPUTS" : previous.units();
            Stage s = new Stage(d, List.copyOf(steps), dropout, inWidth, previous);
            list.add(s);
            previous = s;
        }
        this.stages = List.copyOf(list);
        List<ParamGroup> groups = new ArrayList<>();
        for (Stage s : stages) {
            for (Step step : s.steps()) {
                step.layer().groups(s, groups);
            }
        }
        this.groups = List.copyOf(groups);
    }

    /** The buffer a layer writes. */
    static String out(LayerKind layer) {
        return layer.name() + "Out";
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

    /** The width a stage's dense layer reads: the model's inputs, or the units of the stage before. */
    int inputUnits(Stage s) {
        return s.previous() == null ? model.inputs() : s.previous().dense().units();
    }

    /** The width a layer reads: its stage's input width for the dense layer, else the stage's units. */
    int widthAt(LayerKind layer) {
        Stage s = stageOf(layer);
        return layer == s.dense() ? inputUnits(s) : s.dense().units();
    }

    /** The stage a layer belongs to. */
    Stage stageOf(LayerKind layer) {
        for (Stage s : stages) {
            if (s.steps().stream().anyMatch(st -> st.layer() == layer || st.fused() == layer)) {
                return s;
            }
        }
        throw new IllegalStateException("layer " + layer.name() + " belongs to no stage");
    }

    /** Whether the output layer's activation is computed together with the loss (so forward leaves logits). */
    boolean outputFusedWithLoss() {
        return !model.regression();
    }

    /** Whether forward leaves probabilities that need a separate softmax pass (softmax output, unfused loss). */
    boolean outputNeedsSoftmaxPass() {
        return !outputFusedWithLoss() && output().dense().activation() == Activation.SOFTMAX;
    }

    /** The step of stage {@code s} that inference folds into its weights, or null. */
    Step fold(Stage s) {
        for (Step step : s.steps()) {
            if (step.layer().foldsInto(this, s)) {
                return step;
            }
        }
        return null;
    }

    /** The activation a stage's dense step applies: none for an output computed with its loss. */
    Activation epilogueActivation(Stage s) {
        return s == output() && outputFusedWithLoss() ? Activation.LINEAR : s.denseActivation();
    }

    /** Whether the dense step of a stage writes a separate pre-activation buffer. */
    boolean keepsPre(Stage s) {
        return ActivationFacts.of(epilogueActivation(s)).needsInput();
    }

    /** Whether any layer adds a penalty term to the loss. */
    boolean penalized() {
        return stages.stream().anyMatch(s -> s.dense().penalized());
    }

    /** {@code hidden1} → {@code HIDDEN1}, {@code outLayer} → {@code OUT_LAYER}. */
    static String constant(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
}
