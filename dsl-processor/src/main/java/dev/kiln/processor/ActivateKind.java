package dev.kiln.processor;

import static dev.kiln.processor.RuntimeTypes.ACTIVATION_LAYER;
import static dev.kiln.processor.RuntimeTypes.floatLiteral;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.kiln.annotations.Activation;
import dev.kiln.processor.NetworkPlan.ParamGroup;
import dev.kiln.processor.NetworkPlan.Stage;
import dev.kiln.processor.NetworkPlan.Step;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.AnnotationMirror;

/**
 * An {@code @Activate} field: an activation of its own, for a block whose dense layer is linear (typically
 * with a batch normalisation between them).
 *
 * @param name       field name
 * @param site       declaration
 * @param activation the activation
 * @param alpha      its parameter as written, or NaN
 */
record ActivateKind(String name, Site site, Activation activation, double alpha) implements LayerKind {

    static ActivateKind read(String name, Site site, Annotations a, AnnotationMirror m) {
        return new ActivateKind(name, site, a.enumValue(m, "value", Activation.class), a.doubleValue(m, "alpha"));
    }

    @Override
    public String annotation() {
        return "@Activate";
    }

    @Override
    public boolean fusesDropout() {
        return true;
    }

    /** Whether the activation takes {@link #alpha()}. */
    boolean takesAlpha() {
        return ActivationFacts.of(activation).takesAlpha();
    }

    /** The parameter with its default, or 0. */
    double effectiveAlpha() {
        return ActivationFacts.effectiveAlpha(activation, alpha);
    }

    private String alphaConstant() {
        return Activations.alpha(this, activation);
    }

    @Override
    public void validate(Block block, ValidationReport report) {
        block.placeElementWise(this, report);
        ModelValidator.checkAlpha(site, "@Activate", activation, alpha, report);
        if (ActivationFacts.of(activation).outputOnly()) {
            report.error(site, "value", Messages.softmaxActivate(name));
        } else if (block.activator != null && block.dense != null) {
            LayerKind a = block.activator;
            report.error(site, "value", Messages.twoActivations(name, a.annotation() + " " + a.name(),
                    a.activation().name(), block.dense.name()));
        }
        block.activator = this;
    }

    @Override
    public String describe(NetworkPlan plan) {
        return "Activate(" + activation.name().toLowerCase(Locale.ROOT) + (takesAlpha() ? " " + effectiveAlpha() : "")
                + ")";
    }

    @Override
    public String structure(int width) {
        return describe(null);
    }

    @Override
    public void constants(NetworkPlan plan, Stage s, Declarations d) {
        if (takesAlpha()) {
            d.constant(float.class, alphaConstant(), floatLiteral(effectiveAlpha()));
        }
    }

    @Override
    public void declare(NetworkPlan plan, Stage s, Step step, Declarations d) {
        d.rows(step.out(), s.units(), name + "'s output", false);
        Activations.declare(this, activation, s, d);
    }

    @Override
    public void groups(Stage s, List<ParamGroup> out) {
        Activations.groups(this, name, activation, s, out);
    }

    @Override
    public void initialise(MethodSpec.Builder m, Stage s) {
        Activations.initialise(name, activation, m);
    }

    @Override
    public void forward(MethodSpec.Builder m, NetworkPlan plan, Stage s, Step step) {
        m.addComment("$L: $L", name, describe(plan));
        Activations.forward(m, s, this, name, activation, alphaConstant(), step.in(), CodeBlock.of("null, 0"),
                step.out(), step.fused());
    }

    @Override
    public void backward(MethodSpec.Builder m, NetworkPlan plan, Stage s, Step step) {
        m.addComment("$L: $L", name, describe(plan));
        Activations.backward(m, s, this, name, activation, alphaConstant(), step.in(), step.out(), step.fused());
    }

    @Override
    public CodeBlock view(NetworkPlan plan, Stage s) {
        return CodeBlock.of(Code.wrap("new $T($S, $S, $L, $S, $L)"), ACTIVATION_LAYER, name, describe(plan), s.units(),
                activation.name(), alphaConstant());
    }
}
