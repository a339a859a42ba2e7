package dev.kiln.processor;

import static dev.kiln.processor.RuntimeTypes.LAYER_NORM;
import static dev.kiln.processor.RuntimeTypes.LAYER_NORM_LAYER;
import static dev.kiln.processor.RuntimeTypes.floatLiteral;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.kiln.processor.NetworkPlan.ParamGroup;
import dev.kiln.processor.NetworkPlan.Stage;
import dev.kiln.processor.NetworkPlan.Step;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;

/**
 * A {@code @LayerNorm} field: each row normalised over its units, the same in training and at inference.
 *
 * @param name    field name
 * @param site    declaration
 * @param epsilon ε
 * @param scale   whether γ is learned
 * @param center  whether β is learned
 */
record LayerNormKind(String name, Site site, double epsilon, boolean scale, boolean center) implements LayerKind {

    static LayerNormKind read(String name, Site site, Annotations a, AnnotationMirror m) {
        return new LayerNormKind(name, site, a.doubleValue(m, "epsilon"), a.booleanValue(m, "scale"),
                a.booleanValue(m, "center"));
    }

    @Override
    public String annotation() {
        return "@LayerNorm";
    }

    private Affine affine() {
        return new Affine(name, scale, center);
    }

    @Override
    public void validate(Block block, ValidationReport report) {
        block.placeElementWise(this, report);
        Affine.normalizes(this, block, report);
        Affine.checkEpsilon(this, epsilon, report);
    }

    @Override
    public String describe(NetworkPlan plan) {
        return "LayerNorm(epsilon=" + epsilon + (scale ? "" : ", no scale") + (center ? "" : ", no center") + ")";
    }

    @Override
    public String structure(int width) {
        return "LayerNorm(" + width + (scale ? ", scale" : ", no scale") + (center ? ", center" : ", no center") + ")";
    }

    private String epsilonConstant() {
        return NetworkPlan.constant(name) + "_EPSILON";
    }

    @Override
    public void constants(NetworkPlan plan, Stage s, Declarations d) {
        d.constant(float.class, epsilonConstant(), floatLiteral(epsilon));
    }

    @Override
    public void declare(NetworkPlan plan, Stage s, Step step, Declarations d) {
        // Inference writes these too: the statistics are the row's own.
        d.rows(name + "Xhat", s.units(), name + "'s normalised input x̂", false);
        d.rows(name + "InvStd", "1", name + "'s 1/sqrt(σ² + ε) of the row", false);
        d.rows(step.out(), s.units(), name + "'s output γ·x̂ + β", false);
    }

    @Override
    public void groups(Stage s, List<ParamGroup> out) {
        affine().groups(s, out);
    }

    @Override
    public void initialise(MethodSpec.Builder m, Stage s) {
        affine().initialise(m, s);
    }

    @Override
    public void forward(MethodSpec.Builder m, NetworkPlan plan, Stage s, Step step) {
        m.addComment("$L: $L", name, describe(plan));
        Code.statement(m, "$T.forward($N, n, $L, $L, $L, $L, $N, $N, $N)", LAYER_NORM, step.in(), s.units(),
                affine().gamma(), affine().beta(s), epsilonConstant(), name + "InvStd", name + "Xhat", step.out());
    }

    @Override
    public void backward(MethodSpec.Builder m, NetworkPlan plan, Stage s, Step step) {
        m.addComment("$L: $L", name, describe(plan));
        Code.statement(m, "$T.backward($N, $N, n, $L, $L, $N, $L, $L)", LAYER_NORM, s.delta(), name + "Xhat",
                s.units(), affine().gamma(), name + "InvStd", affine().gammaGrad(), affine().betaGrad(s));
    }

    @Override
    public CodeBlock view(NetworkPlan plan, Stage s) {
        return CodeBlock.of(Code.wrap("new $T($S, $S, $L, $L, $L, $L)"), LAYER_NORM_LAYER, name, describe(plan),
                s.units(),
                affine().gammaView(), affine().betaView(), epsilonConstant());
    }
}
