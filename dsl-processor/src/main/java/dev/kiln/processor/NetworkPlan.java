package dev.kiln.processor;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Loss;
import dev.kiln.processor.model.DenseDescription;
import dev.kiln.processor.model.DropoutDescription;
import dev.kiln.processor.model.LayerDescription;
import dev.kiln.processor.model.ModelDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shape of the generated code, derived from a valid model: one {@link Stage} per dense layer with the
 * dropout that is fused into its output pass, and the names of every buffer. Keeping naming here lets the
 * writer read as a template of the passes.
 */
final class NetworkPlan {

    /**
     * A dense layer and the dropout that follows it, if any.
     *
     * @param dense    the layer
     * @param dropout  the following dropout, or null
     * @param index    position among the dense layers
     * @param inWidth  constant name of the input width
     * @param previous the stage feeding this one, or null for the first
     */
    record Stage(DenseDescription dense, DropoutDescription dropout, int index, String inWidth, Stage previous) {

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

        String out() {
            return dense.name() + "Out";
        }

        /** Pre-activation buffer, kept only when the activation's derivative needs its input. */
        String pre() {
            return dense.name() + "Pre";
        }

        String alpha() {
            return dense.takesAlpha() ? constant(dense.name()) + "_ALPHA" : "0f";
        }

        /** End of the range the L1/L2 penalties cover: the weights, or with the bias the whole array. */
        String penaltyEnd() {
            return dense.penalizeBias() && dense.bias() ? params() + ".length" : weightCount();
        }

        String norms() {
            return dense.name() + "Norms";
        }

        String delta() {
            return dense.name() + "Delta";
        }

        String weightsT() {
            return dense.name() + "WeightsT";
        }

        String mask() {
            return dropout.name() + "Mask";
        }

        String dropped() {
            return dropout.name() + "Out";
        }

        String rate() {
            return constant(dropout.name()) + "_RATE";
        }

        String rateField() {
            return dropout.name() + "Rate";
        }

        /** The weight count as a constant expression, which is also the bias offset. */
        String weightCount() {
            return inWidth + " * " + units();
        }

        /** Expression of the input this stage reads in training mode. */
        String trainingInput() {
            if (previous == null) {
                return "input";
            }
            return previous.dropout == null ? previous.out() : previous.dropped();
        }

        /** Expression of the input this stage reads in inference mode. */
        String inferenceInput() {
            return previous == null ? "input" : previous.out();
        }
    }

    private final ModelDescription model;
    private final List<Stage> stages;

    NetworkPlan(ModelDescription model) {
        this.model = model;
        List<Stage> list = new ArrayList<>();
        List<LayerDescription> layers = model.layers();
        Stage previous = null;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof DenseDescription d) {
                DropoutDescription drop = i + 1 < layers.size() && layers.get(i + 1) instanceof DropoutDescription x
                        ? x : null;
                String inWidth = previous == null ? "INPUTS" : previous.units();
                Stage s = new Stage(d, drop, list.size(), inWidth, previous);
                list.add(s);
                previous = s;
            }
        }
        this.stages = List.copyOf(list);
    }

    ModelDescription model() {
        return model;
    }

    List<Stage> stages() {
        return stages;
    }

    Stage output() {
        return stages.get(stages.size() - 1);
    }

    /** Whether the output layer's activation is computed together with the loss (so forward leaves logits). */
    boolean outputFusedWithLoss() {
        return model.loss() != Loss.MEAN_SQUARED_ERROR;
    }

    /** Whether forward leaves probabilities that need a separate softmax pass (softmax output, unfused loss). */
    boolean outputNeedsSoftmaxPass() {
        return !outputFusedWithLoss() && output().dense().activation() == Activation.SOFTMAX;
    }

    /** The runtime kernel's activation for a stage's epilogue: none for an output fused with its loss, or softmax. */
    String epilogueActivation(Stage s) {
        Activation a = s.dense().activation();
        if (s == output() && outputFusedWithLoss() || a == Activation.SOFTMAX) {
            return "LINEAR";
        }
        return a.name();
    }

    /** Whether the stage keeps its pre-activation (GELU and SiLU derivatives need it). */
    boolean keepsPre(Stage s) {
        String a = epilogueActivation(s);
        return a.equals("GELU") || a.equals("SILU");
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
