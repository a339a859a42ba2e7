package dev.kiln.processor;

import com.palantir.javapoet.MethodSpec;
import dev.kiln.processor.NetworkPlan.ParamGroup;
import dev.kiln.processor.NetworkPlan.Stage;
import dev.kiln.processor.NetworkPlan.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The learned scale γ and shift β of a normalisation layer, one of each per unit, in one group: γ first. The
 * kinds that normalise ({@link BatchNormKind}, {@link LayerNormKind}) share it, so that their arrays, views and
 * checkpoint names agree.
 *
 * @param layer  the layer's name, the group's prefix
 * @param scale  whether γ is learned
 * @param center whether β is learned
 */
record Affine(String layer, boolean scale, boolean center) {

    /** The group, when either is learned. */
    void groups(Stage s, List<ParamGroup> out) {
        if (!scale && !center) {
            return;
        }
        List<Tensor> tensors = new ArrayList<>();
        if (scale) {
            tensors.add(new Tensor(layer + ".gamma", "1", s.units(), "0"));
        }
        if (center) {
            tensors.add(new Tensor(layer + ".beta", "1", s.units(), scale ? s.units() : "0"));
        }
        out.add(new ParamGroup(layer, (tensors.size() == 2 ? "2 * " : "") + s.units(), "0", List.copyOf(tensors)));
    }

    /** γ starts at 1 (β, like every array, at 0). */
    void initialise(MethodSpec.Builder m, Stage s) {
        if (scale) {
            m.addStatement("$T.fill($N, 0, $L, 1f)", java.util.Arrays.class, layer + "Params", s.units());
        }
    }

    /** Kernel arguments of γ: array and offset, or {@code null, 0}. */
    String gamma() {
        return scale ? layer + "Params, 0" : "null, 0";
    }

    /** Kernel arguments of β. */
    String beta(Stage s) {
        return center ? layer + "Params, " + (scale ? s.units() : "0") : "null, 0";
    }

    /** Kernel arguments of γ's gradient. */
    String gammaGrad() {
        return scale ? layer + "Grads, 0" : "null, 0";
    }

    /** Kernel arguments of β's gradient. */
    String betaGrad(Stage s) {
        return center ? layer + "Grads, " + (scale ? s.units() : "0") : "null, 0";
    }

    /** The view's γ, or null. */
    String gammaView() {
        return scale ? TrainerWriter.local(layer + ".gamma") : "null";
    }

    /** The view's β, or null. */
    String betaView() {
        return center ? TrainerWriter.local(layer + ".beta") : "null";
    }

    /** A block normalises once: records {@code layer} as its normalisation, or reports the second. */
    static void normalizes(LayerKind layer, LayerKind.Block block, ValidationReport report) {
        if (block.normalization != null && block.dense != null) {
            report.error(layer.site(), null, Messages.twoNormalizations(layer.annotation(), layer.name(),
                    block.normalization.name()));
        }
        block.normalization = layer;
    }

    /** ε: a float greater than 0. */
    static void checkEpsilon(LayerKind layer, double epsilon, ValidationReport report) {
        String what = layer.annotation() + " epsilon";
        if (ModelValidator.asFloat(layer.site(), "epsilon", what, epsilon, report) && !(epsilon > 0)) {
            report.error(layer.site(), "epsilon", Messages.positive(what, epsilon));
        }
    }
}
