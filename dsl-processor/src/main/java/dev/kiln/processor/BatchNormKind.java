package dev.kiln.processor;

import static dev.kiln.processor.RuntimeTypes.ACTIVATION;
import static dev.kiln.processor.RuntimeTypes.BATCH_NORM;
import static dev.kiln.processor.RuntimeTypes.BATCH_NORM_LAYER;
import static dev.kiln.processor.RuntimeTypes.EPILOGUE;
import static dev.kiln.processor.RuntimeTypes.GEMM;
import static dev.kiln.processor.RuntimeTypes.PASS;
import static dev.kiln.processor.RuntimeTypes.TENSOR;
import static dev.kiln.processor.RuntimeTypes.floatLiteral;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.kiln.processor.LayerKind.Declarations.Use;
import dev.kiln.processor.NetworkPlan.ParamGroup;
import dev.kiln.processor.NetworkPlan.Stage;
import dev.kiln.processor.NetworkPlan.Step;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Modifier;

/**
 * A {@code @BatchNorm} field: batch statistics in training, running statistics at inference, where it is
 * folded into the dense layer before it when that layer is linear.
 *
 * @param name     field name
 * @param site     declaration
 * @param momentum running-statistics momentum (Keras's meaning)
 * @param epsilon  ε
 * @param scale    whether γ is learned
 * @param center   whether β is learned
 */
record BatchNormKind(String name, Site site, double momentum, double epsilon, boolean scale, boolean center)
        implements LayerKind {

    static BatchNormKind read(String name, Site site, Annotations a, AnnotationMirror m) {
        return new BatchNormKind(name, site, a.doubleValue(m, "momentum"), a.doubleValue(m, "epsilon"),
                a.booleanValue(m, "scale"), a.booleanValue(m, "center"));
    }

    @Override
    public String annotation() {
        return "@BatchNorm";
    }

    private Affine affine() {
        return new Affine(name, scale, center);
    }

    @Override
    public void validate(Block block, ValidationReport report) {
        block.placeElementWise(this, report);
        Affine.normalizes(this, block, report);
        ModelValidator.checkUnit(site, "momentum", "@BatchNorm momentum", momentum, report);
        Affine.checkEpsilon(this, epsilon, report);
    }

    @Override
    public String describe(NetworkPlan plan) {
        return "BatchNorm(momentum=" + momentum + ", epsilon=" + epsilon + (scale ? "" : ", no scale")
                + (center ? "" : ", no center") + ")";
    }

    @Override
    public String structure(int width) {
        return "BatchNorm(" + width + (scale ? ", scale" : ", no scale") + (center ? ", center" : ", no center") + ")";
    }

    private String constant() {
        return NetworkPlan.constant(name);
    }

    @Override
    public void constants(NetworkPlan plan, Stage s, Declarations d) {
        d.constant(float.class, constant() + "_MOMENTUM", floatLiteral(momentum));
        d.constant(float.class, constant() + "_EPSILON", floatLiteral(epsilon));
    }

    @Override
    public void declare(NetworkPlan plan, Stage s, Step step, Declarations d) {
        String n = name;
        d.fixed(n + "Mean", s.units(), n + ": batch mean of the last training pass.", Use.TRAINING);
        d.fixed(n + "InvStd", s.units(), n + ": 1/sqrt(batch variance + ε).", Use.TRAINING);
        d.fixed(n + "RunningMean", s.units(), n + ": running mean, used at inference.", Use.SHARED);
        d.fixed(n + "RunningVar", s.units(), n + ": running variance, used at inference.", Use.SHARED);
        d.fixed(n + "Scale", s.units(), n + ": inference scale γ/sqrt(σ²_run + ε).", Use.SCRATCH);
        d.fixed(n + "Shift", s.units(), n + ": inference shift β − μ_run·scale.", Use.SCRATCH);
        d.fixed(n + "SumD", s.units(), n + ": backward scratch Σδ.", Use.TRAINING);
        d.fixed(n + "SumDX", s.units(), n + ": backward scratch Σδ·x̂.", Use.TRAINING);
        if (foldsInto(plan, s)) {
            // folding pays from as many rows as the layer has inputs; a smaller view never folds
            d.fixed(n + "Fold", s.weightCount() + " + " + s.units(), n + " folded into " + s.name()
                    + " for inference: W·diag(s), then (b − μ)·s + β.", Use.SCRATCH,
                    "maxBatchSize >= " + s.inWidth());
            d.field(FieldSpec.builder(boolean.class, n + "Folded", Modifier.PRIVATE)
                    .addJavadoc(Code.doc("Whether inference uses $L, as set by {@link #prepareInference}.\n"),
                            n + "Fold")
                    .build());
        }
        d.rows(n + "Xhat", s.units(), n + "'s normalised input x̂", true);
        d.rows(step.out(), s.units(), n + "'s output γ·x̂ + β", false);
    }

    @Override
    public void groups(Stage s, List<ParamGroup> out) {
        affine().groups(s, out);
    }

    @Override
    public void initialise(MethodSpec.Builder m, Stage s) {
        affine().initialise(m, s);
        Code.statement(m, "$T.fill($N, 1f)", java.util.Arrays.class, name + "RunningVar");
    }

    private String gamma() {
        return affine().gamma();
    }

    private String beta(Stage s) {
        return affine().beta(s);
    }

    @Override
    public void forward(MethodSpec.Builder m, NetworkPlan plan, Stage s, Step step) {
        m.addComment("$L: $L", name, describe(plan));
        String c = constant();
        m.beginControlFlow("if (pass == $T.INFERENCE)", PASS)
                .addStatement(Code.wrap("$T.forwardInference($N, n, $L, $L, $L, $L_EPSILON, $N, $N, $N, $N, $N)"),
                        BATCH_NORM, step.in(), s.units(), gamma(), beta(s), c, name + "RunningMean",
                        name + "RunningVar", name + "Scale", name + "Shift", step.out())
                .nextControlFlow("else")
                .addComment("running statistics move only in training steps")
                .addStatement(Code.wrap("$T.forwardTraining($N, n, $L, $L, $L, $L_EPSILON, $N, $N, $N, $N, "
                                + "$L ? $N : null, $N, $L_MOMENTUM)"),
                        BATCH_NORM, step.in(), s.units(), gamma(), beta(s), c, name + "Mean",
                        name + "InvStd", name + "Xhat", step.out(), PassWriter.TRAINING,
                        name + "RunningMean", name + "RunningVar", c)
                .endControlFlow();
    }

    @Override
    public void backward(MethodSpec.Builder m, NetworkPlan plan, Stage s, Step step) {
        m.addComment("$L: $L", name, describe(plan));
        Code.statement(m, "$T.backward($N, $N, n, $L, $L, $N, $L, $L, $N, $N)", BATCH_NORM, s.delta(),
                name + "Xhat", s.units(), gamma(), name + "InvStd", affine().gammaGrad(), affine().betaGrad(s),
                name + "SumD", name + "SumDX");
    }

    /**
     * Whether inference folds this normalisation into its block's weights: when it directly follows a dense
     * layer with a linear activation (the slides' placement, before the activation), where
     * {@code (x·W + b − μ)·s + β} is again an affine map of {@code x}.
     */
    @Override
    public boolean foldsInto(NetworkPlan plan, Stage s) {
        return s != plan.output() && s.dense().activation() == dev.kiln.annotations.Activation.LINEAR
                && s.steps().size() >= 2 && s.steps().get(0).fused() == null && s.steps().get(1).layer() == this;
    }

    @Override
    public void openFold(MethodSpec.Builder m, Stage s, Step step) {
        m.beginControlFlow("if (pass == $T.INFERENCE && $N)", PASS, name + "Folded")
                .addComment("$L folded into $L: x·W' + b'", name, s.name())
                .addComment("with W' = W·diag(s), b' = (b − μ)·s + β, s = γ/√(σ² + ε)")
                .addStatement(Code.wrap("$T.product(n, $L, $L, $L, $N, $N)"), GEMM, s.inWidth(), s.units(),
                        s.input(PassWriter.TRAINING), name + "Fold", step.out())
                .addStatement(Code.wrap("$T.forward($T.LINEAR, 0f, $N, n, $L, $N, $L, $N, null, null)"), EPILOGUE,
                        ACTIVATION, step.out(), s.units(), name + "Fold", s.weightCount(), step.out())
                .nextControlFlow("else");
    }

    @Override
    public void prepareInference(MethodSpec.Builder m, NetworkPlan plan, Stage s) {
        if (!foldsInto(plan, s)) {
            return;
        }
        String n = name;
        m.addComment("folding costs $L × $L multiplications and saves $L per row:", s.inWidth(), s.units(),
                        s.units())
                .addComment("worth it from $L rows", s.inWidth())
                .addStatement("$N = rows >= $L", n + "Folded", s.inWidth())
                .beginControlFlow("if ($N)", n + "Folded")
                .addStatement(Code.wrap("$T.fold($N, $L, $L, $L, $L, $L, $L_EPSILON, $N, $N, $N, $N, $N)"), BATCH_NORM,
                        s.params(), s.dense().bias() ? s.weightCount() : "-1", s.inWidth(), s.units(), gamma(),
                        beta(s), constant(), n + "RunningMean", n + "RunningVar", n + "Scale", n + "Shift",
                        n + "Fold")
                .endControlFlow();
    }

    @Override
    public void stateTensors(Stage s, List<CodeBlock> out) {
        out.add(CodeBlock.of(Code.wrap("new $T($S, 1, $L, $N, 0)"), TENSOR, name + ".running_mean", s.units(),
                name + "RunningMean"));
        out.add(CodeBlock.of(Code.wrap("new $T($S, 1, $L, $N, 0)"), TENSOR, name + ".running_var", s.units(),
                name + "RunningVar"));
    }

    @Override
    public CodeBlock view(NetworkPlan plan, Stage s) {
        return CodeBlock.of(Code.wrap("new $T($S, $S, $L, $L, $L, $N, $N, $L_EPSILON)"), BATCH_NORM_LAYER, name,
                describe(plan),
                s.units(), affine().gammaView(), affine().betaView(), name + "RunningMean", name + "RunningVar",
                constant());
    }
}
