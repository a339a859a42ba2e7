package dev.kiln.processor;

import static dev.kiln.processor.RuntimeTypes.ACTIVATION;
import static dev.kiln.processor.RuntimeTypes.BATCH_NORM;
import static dev.kiln.processor.RuntimeTypes.EPILOGUE;
import static dev.kiln.processor.RuntimeTypes.GEMM;
import static dev.kiln.processor.RuntimeTypes.LOSSES;
import static dev.kiln.processor.RuntimeTypes.MASKS;
import static dev.kiln.processor.RuntimeTypes.PARAMETRIC;
import static dev.kiln.processor.RuntimeTypes.PASS;
import static dev.kiln.processor.RuntimeTypes.PENALTIES;
import static dev.kiln.processor.RuntimeTypes.REDUCTIONS;
import static dev.kiln.processor.RuntimeTypes.TRANSPOSE;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.annotations.Activation;
import dev.kiln.processor.NetworkPlan.Stage;
import dev.kiln.processor.NetworkPlan.Step;
import dev.kiln.processor.model.ActivateDescription;
import dev.kiln.processor.model.BatchNormDescription;
import dev.kiln.processor.model.DenseDescription;
import dev.kiln.processor.model.DropoutDescription;
import dev.kiln.processor.model.LayerDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * Writes the passes: {@code forward}, {@code outputLoss} (with {@code penalty}) and {@code backward}, each
 * one method that walks the stages in order (backward in reverse) with a comment naming each layer.
 */
final class PassWriter {

    /** Condition under which dropout is on, as generated code. */
    private static final String TRAINING = "pass == Pass.TRAIN";

    private final NetworkPlan plan;

    PassWriter(NetworkPlan plan) {
        this.plan = plan;
    }

    void addTo(TypeSpec.Builder type) {
        type.addMethod(forward());
        type.addMethod(outputLoss());
        if (plan.penalized()) {
            type.addMethod(penalty());
        }
        type.addMethod(backward());
    }

    // ---------------------------------------------------------------- forward

    private MethodSpec forward() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("forward").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Forward pass over the first {@code n} rows of {@code input}. Dropout is on only in"
                        + " {@code TRAIN}; batch normalisation uses batch statistics except in {@code INFERENCE}.\n")
                .addParameter(int.class, "n").addParameter(PASS, "pass");
        for (Stage s : plan.stages()) {
            if (s.previous() != null) {
                m.addCode("\n");
            }
            DenseDescription d = s.dense();
            m.addComment("$L: $L", d.name(), Describe.layer(plan, d));
            if (s == plan.output() && plan.outputFusedWithLoss()) {
                m.addComment("$L is computed together with the loss, so this pass leaves logits",
                        d.activation().name().toLowerCase(Locale.ROOT));
            }
            BatchNormDescription folded = plan.foldableNorm(s);
            int firstUnfolded = 0;
            if (folded != null) {
                Step normStep = s.steps().get(1);
                m.beginControlFlow("if (pass == $T.INFERENCE && $N)", PASS, folded.name() + "Folded")
                        .addComment("$L folded into $L: x·W' + b' with W' = W·diag(s), b' = (b − μ)·s + β,"
                                + " s = γ/√(σ² + ε)", folded.name(), d.name())
                        .addStatement("$T.multiply(n, $L, $L, $L, 0, $L, 1, $N, 0, $L, $N, 0, $L)", GEMM, s.units(),
                                s.inWidth(), s.input(TRAINING), s.inWidth(), folded.name() + "Fold", s.units(),
                                normStep.out(), s.units())
                        .addStatement("$T.forward($T.LINEAR, 0f, $N, n, $L, $N, $L, $N, null, null)", EPILOGUE,
                                ACTIVATION, normStep.out(), s.units(), folded.name() + "Fold", s.weightCount(),
                                normStep.out())
                        .nextControlFlow("else");
                firstUnfolded = 2;
            }
            if (d.dropConnect() > 0) {
                m.addComment("DropConnect: this step's weights, each dropped with probability $L", d.dropConnect());
                m.beginControlFlow("if ($L)", TRAINING)
                        .addStatement("$T.fill(dropoutRng, $N, $L, $L_DROP_CONNECT)", MASKS, s.connectMask(),
                                s.weightCount(), NetworkPlan.constant(d.name()))
                        .addStatement("$T.maskedCopy($N, $N, $N, $L)", EPILOGUE, s.params(), s.connectMask(),
                                s.maskedWeights(), s.weightCount())
                        .endControlFlow();
            }
            m.addStatement("$T.multiply(n, $L, $L, $L, 0, $L, 1, $L, 0, $L, $N, 0, $L)", GEMM, s.units(), s.inWidth(),
                    s.input(TRAINING), s.inWidth(), s.weights(TRAINING), s.units(), s.product(), s.units());
            for (int i = 0; i < s.steps().size(); i++) {
                if (folded != null && i == firstUnfolded) {
                    m.endControlFlow();
                }
                forwardStep(m, s, s.steps().get(i));
            }
            if (folded != null && firstUnfolded == s.steps().size()) {
                m.endControlFlow();
            }
            if (s == plan.output() && plan.outputNeedsSoftmaxPass()) {
                m.addStatement("$T.softmax($N, n, OUTPUTS)", LOSSES, s.out());
            }
        }
        return m.build();
    }

    private void forwardStep(MethodSpec.Builder m, Stage s, Step step) {
        switch (step.layer()) {
            case DenseDescription d -> {
                if (!d.bias() && plan.epilogueActivation(s).equals("LINEAR") && step.fused() == null) {
                    return; // the product is already the output: no bias to add, nothing to apply
                }
                CodeBlock bias = d.bias() ? CodeBlock.of("$N, $L", s.params(), s.weightCount())
                        : CodeBlock.of("null, 0");
                activation(m, s, d, plan.epilogueActivation(s), s.alpha(), s.product(), bias, s.out(), step.fused());
            }
            case ActivateDescription a -> {
                m.addComment("$L: $L", a.name(), Describe.layer(plan, a));
                activation(m, s, a, NetworkPlan.activation(a), NetworkPlan.alpha(a), step.in(),
                        CodeBlock.of("null, 0"), step.out(), step.fused());
            }
            case BatchNormDescription b -> {
                m.addComment("$L: $L", b.name(), Describe.layer(plan, b));
                String c = NetworkPlan.constant(b.name());
                m.beginControlFlow("if (pass == $T.INFERENCE)", PASS)
                        .addStatement("$T.forwardInference($N, n, $L, $L, $L, $L_EPSILON, $N, $N, $N, $N, $N)",
                                BATCH_NORM, step.in(), s.units(), gamma(b), beta(b, s), c, b.name() + "RunningMean",
                                b.name() + "RunningVar", b.name() + "Scale", b.name() + "Shift", step.out())
                        .nextControlFlow("else")
                        .addComment("running statistics move only in training steps")
                        .addStatement("$T.forwardTraining($N, n, $L, $L, $L, $L_EPSILON, $N, $N, $N, $N,\n"
                                        + "$L ? $N : null, $N, $L_MOMENTUM)",
                                BATCH_NORM, step.in(), s.units(), gamma(b), beta(b, s), c, b.name() + "Mean",
                                b.name() + "InvStd", b.name() + "Xhat", step.out(), TRAINING,
                                b.name() + "RunningMean", b.name() + "RunningVar", c)
                        .endControlFlow();
            }
            case DropoutDescription d -> {
                m.addComment("$L: $L, a pass of its own", d.name(), Describe.layer(plan, d));
                m.beginControlFlow("if ($L)", TRAINING).addStatement(fillMask(d, s.units()));
                if (d.type() == dev.kiln.annotations.DropoutType.ALPHA) {
                    m.addStatement("$T.applyAlpha($N, $N, $N, n * $L, $N)", MASKS, step.in(), mask(d), step.out(),
                            s.units(), rate(d));
                } else {
                    m.addStatement("$T.forward($T.LINEAR, 0f, $N, n, $L, null, 0, $N, $N, $N)", EPILOGUE, ACTIVATION,
                            step.in(), s.units(), step.in(), mask(d), step.out());
                }
                m.endControlFlow();
            }
        }
    }

    /**
     * The pass that applies an activation to {@code z} (adding the bias first), writing {@code out}; with a
     * fused dropout, also its mask and output when training. PReLU and RReLU have kernels of their own.
     */
    private static void activation(MethodSpec.Builder m, Stage s, LayerDescription owner, String act, String alpha,
                                   String z, CodeBlock bias, String out, DropoutDescription fused) {
        CodeBlock plain = switch (act) {
            case "PRELU" -> CodeBlock.of("$T.preluForward($N, n, $L, $L, $N, 0, $N", PARAMETRIC, z, s.units(), bias,
                    NetworkPlan.slopeGroup(owner) + "Params", out);
            case "RRELU" -> CodeBlock.of("$T.forward($T.LEAKY_RELU, $T.RRELU_MEAN, $N, n, $L, $L, $N", EPILOGUE,
                    ACTIVATION, PARAMETRIC, z, s.units(), bias, out);
            default -> CodeBlock.of("$T.forward($T.$L, $L, $N, n, $L, $L, $N", EPILOGUE, ACTIVATION, act, alpha, z,
                    s.units(), bias, out);
        };
        boolean random = act.equals("RRELU");
        if (fused == null && !random) {
            m.addStatement("$L, null, null)", plain);
            return;
        }
        if (fused != null) {
            m.addComment("$L: $L, its mask applied in the same pass", fused.name(), Describe.dropout(fused));
        }
        m.beginControlFlow("if ($L)", TRAINING);
        if (fused != null) {
            m.addStatement(fillMask(fused, s.units()));
        }
        CodeBlock dropout = fused == null ? CodeBlock.of("null, null")
                : CodeBlock.of("$N, $N", mask(fused), NetworkPlan.out(fused));
        if (random) {
            m.addComment("a random slope in [1/8, 1/3) for every element")
                    .addStatement("$T.fillUniform(dropoutRng, $N, n * $L, $T.RRELU_LOWER, $T.RRELU_UPPER)", MASKS,
                            NetworkPlan.rreluSlopes(owner), s.units(), PARAMETRIC, PARAMETRIC)
                    .addStatement("$T.rreluForward($N, n, $L, $L, $N, $N, $L)", PARAMETRIC, z, s.units(), bias,
                            NetworkPlan.rreluSlopes(owner), out, dropout);
        } else {
            m.addStatement("$L, $L)", plain, dropout);
        }
        m.nextControlFlow("else")
                .addStatement("$L, null, null)", plain)
                .endControlFlow();
    }

    /** Back through an activation (and the dropout fused after it), in place on the stage's δ. */
    private static void activationBackward(MethodSpec.Builder m, Stage s, LayerDescription owner, String act,
                                           String alpha, String z, String out, DropoutDescription fused) {
        String count = "n * " + s.units();
        String mask = fused == null ? "null" : TRAINING + " ? " + mask(fused) + " : null";
        switch (act) {
            case "PRELU" -> {
                String g = NetworkPlan.slopeGroup(owner);
                m.addStatement("$T.preluBackward($N, $N, n, $L, $N, 0, $N, 0, $L)", PARAMETRIC, s.delta(), z,
                        s.units(), g + "Params", g + "Grads", mask);
            }
            case "RRELU" -> m.beginControlFlow("if ($L)", TRAINING)
                    .addStatement("$T.rreluBackward($N, $N, $N, $L, $L)", PARAMETRIC, s.delta(), out,
                            NetworkPlan.rreluSlopes(owner), fused == null ? "null" : mask(fused), count)
                    .nextControlFlow("else")
                    .addStatement("$T.backward($T.LEAKY_RELU, $T.RRELU_MEAN, $N, null, $N, null, $L)", EPILOGUE,
                            ACTIVATION, PARAMETRIC, s.delta(), out, count)
                    .endControlFlow();
            default -> m.addStatement("$T.backward($T.$L, $L, $N, $L, $N, $L, $L)", EPILOGUE, ACTIVATION, act, alpha,
                    s.delta(), NetworkPlan.keepsPre(act) ? z : "null", out, mask, count);
        }
    }

    /** The statement that draws a dropout layer's mask for this step. */
    private static CodeBlock fillMask(DropoutDescription d, String units) {
        String method = switch (d.type()) {
            case STANDARD -> "fill";
            case GAUSSIAN -> "fillGaussian";
            case ALPHA -> "fillAlpha";
        };
        return CodeBlock.of("$T.$L(dropoutRng, $N, n * $L, $N)", MASKS, method, mask(d), units, rate(d));
    }

    static String mask(DropoutDescription d) {
        return d.name() + "Mask";
    }

    static String rate(DropoutDescription d) {
        return d.name() + "Rate";
    }

    private static String gamma(BatchNormDescription b) {
        return b.scale() ? b.name() + "Params, 0" : "null, 0";
    }

    private static String beta(BatchNormDescription b, Stage s) {
        return b.center() ? b.name() + "Params, " + (b.scale() ? s.units() : "0") : "null, 0";
    }

    // ---------------------------------------------------------------- loss

    private MethodSpec outputLoss() {
        Stage out = plan.output();
        MethodSpec.Builder m = MethodSpec.methodBuilder("outputLoss").addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addJavadoc("Loss summed over the batch; with {@code withGradient}, also writes the gradient of the"
                        + " batch-mean loss with respect to the output layer's pre-activation into {@code $L}.\n",
                        out.delta())
                .addParameter(int.class, "n").addParameter(boolean.class, "withGradient")
                .addStatement("float[] grad = withGradient ? $N : null", out.delta());
        switch (plan.model().loss()) {
            case SOFTMAX_CROSS_ENTROPY -> m.addComment("softmax and cross-entropy fused: gradient softmax(z) - onehot(y)")
                    .addStatement("double loss = $T.softmaxCrossEntropy($N, labels, n, OUTPUTS, grad, 1f / n,"
                            + " withGradient ? classWeights : null)", LOSSES, out.out());
            case BINARY_CROSS_ENTROPY -> m.addComment("sigmoid and binary cross-entropy fused: gradient sigmoid(z) - t;"
                            + " averaged over outputs and rows")
                    .addStatement("double loss = $T.binaryCrossEntropy($N, targets, n * OUTPUTS, grad,"
                            + " 1f / (n * OUTPUTS), withGradient ? classWeights : null) / OUTPUTS", LOSSES, out.out());
            case MEAN_SQUARED_ERROR -> {
                m.addStatement("double loss = $T.meanSquaredError($N, targets, n, OUTPUTS, grad, 1f / n)", LOSSES,
                        out.out());
                Activation a = out.dense().activation();
                if (a == Activation.SOFTMAX) {
                    m.beginControlFlow("if (withGradient)")
                            .addStatement("$T.softmaxBackward($N, grad, n, OUTPUTS)", LOSSES, out.out())
                            .endControlFlow();
                } else if (a != Activation.LINEAR) {
                    m.beginControlFlow("if (withGradient)")
                            .addStatement("$T.backward($T.$L, $L, grad, $L, $N, null, n * OUTPUTS)", EPILOGUE,
                                    ACTIVATION, a.name(), out.alpha(), plan.keepsPre(out) ? out.product() : "null",
                                    out.out())
                            .endControlFlow();
                }
            }
        }
        if (plan.penalized()) {
            m.addComment("the L1/L2 penalties are part of the loss, once per sample of the mean")
                    .addStatement("return loss + n * penalty()");
        } else {
            m.addStatement("return loss");
        }
        return m.build();
    }

    private MethodSpec penalty() {
        List<CodeBlock> terms = new ArrayList<>();
        for (Stage s : plan.stages()) {
            if (s.dense().penalized()) {
                String prefix = NetworkPlan.constant(s.name());
                terms.add(CodeBlock.of("$T.value($N, 0, $L, $L_L1, $L_L2)", PENALTIES, s.params(), s.penaltyEnd(),
                        prefix, prefix));
            }
        }
        return MethodSpec.methodBuilder("penalty").addModifiers(Modifier.PRIVATE).returns(double.class)
                .addJavadoc("The layers' L1 and L2 penalty terms.\n")
                .addStatement("return $L", CodeBlock.join(terms, "\n        + ")).build();
    }

    // ---------------------------------------------------------------- backward

    private MethodSpec backward() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("backward").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Backward pass from the output layer's δ. Per stage, in reverse: back through its"
                        + " element-wise layers to the product, the weight and bias gradients, then the δ of the stage"
                        + " before it.\n")
                .addParameter(int.class, "n").addParameter(PASS, "pass");
        List<Stage> stages = plan.stages();
        for (int i = stages.size() - 1; i >= 0; i--) {
            Stage s = stages.get(i);
            if (i < stages.size() - 1) {
                m.addCode("\n");
                List<Step> steps = s.steps();
                for (int k = steps.size() - 1; k >= 0; k--) {
                    backwardStep(m, s, steps.get(k));
                }
            }
            m.addComment("$L: weight gradient Xᵀ·δ, X read transposed through its strides", s.name());
            m.addStatement("$T.multiply($L, $L, n, $L, 0, 1, $L, $N, 0, $L, $N, 0, $L)", GEMM, s.inWidth(), s.units(),
                    s.input(TRAINING), s.inWidth(), s.delta(), s.units(), s.grads(), s.units());
            if (s.dense().bias()) {
                m.addStatement("$T.columnSums($N, n, $L, $N, $L)", REDUCTIONS, s.delta(), s.units(), s.grads(),
                        s.weightCount());
            }
            if (s.dense().dropConnect() > 0) {
                m.beginControlFlow("if ($L)", TRAINING)
                        .addComment("dropped weights took no part, so they get no gradient")
                        .addStatement("$T.applyMask($N, $N, $L)", EPILOGUE, s.grads(), s.connectMask(), s.weightCount())
                        .endControlFlow();
            }
            if (s.dense().penalized()) {
                String prefix = NetworkPlan.constant(s.name());
                m.addStatement("$T.addGradient($N, $N, 0, $L, $L_L1, $L_L2)", PENALTIES, s.params(), s.grads(),
                        s.penaltyEnd(), prefix, prefix);
            }
            Stage p = s.previous();
            if (p != null) {
                m.addComment("gradient with respect to $L's output: δ·Wᵀ", p.name());
                m.addStatement("$T.transpose($L, 0, $L, $L, $N, 0)", TRANSPOSE, s.weights(TRAINING), s.inWidth(),
                        s.units(), s.weightsT());
                m.addStatement("$T.multiply(n, $L, $L, $N, 0, $L, 1, $N, 0, $L, $N, 0, $L)", GEMM, p.units(),
                        s.units(), s.delta(), s.units(), s.weightsT(), p.units(), p.delta(), p.units());
            }
        }
        return m.build();
    }

    private void backwardStep(MethodSpec.Builder m, Stage s, Step step) {
        String count = "n * " + s.units();
        switch (step.layer()) {
            case DropoutDescription d -> m.beginControlFlow("if ($L)", TRAINING)
                    .addStatement("$T.applyMask($N, $N, $L)", EPILOGUE, s.delta(), mask(d), count)
                    .endControlFlow();
            case ActivateDescription a -> {
                m.addComment("$L: $L", a.name(), Describe.layer(plan, a));
                activationBackward(m, s, a, NetworkPlan.activation(a), NetworkPlan.alpha(a), step.in(), step.out(),
                        step.fused());
            }
            case BatchNormDescription b -> {
                m.addComment("$L: $L", b.name(), Describe.layer(plan, b));
                String gammaGrad = b.scale() ? b.name() + "Grads, 0" : "null, 0";
                String betaGrad = b.center() ? b.name() + "Grads, " + (b.scale() ? s.units() : "0") : "null, 0";
                m.addStatement("$T.backward($N, $N, n, $L, $L, $N, $L, $L, $N, $N)", BATCH_NORM, s.delta(),
                        b.name() + "Xhat", s.units(), gamma(b), b.name() + "InvStd", gammaGrad, betaGrad,
                        b.name() + "SumD", b.name() + "SumDX");
            }
            case DenseDescription d -> {
                String act = plan.epilogueActivation(s);
                if (!act.equals("LINEAR") || step.fused() != null) {
                    m.addComment("$L: $L", d.name(), act.toLowerCase(Locale.ROOT)
                            + (step.fused() == null ? "" : " and " + step.fused().name()));
                    activationBackward(m, s, d, act, s.alpha(), s.product(), s.out(), step.fused());
                }
            }
        }
    }

    /** The layer kinds' one-line descriptions, shared by comments, Javadoc and the layer views. */
    static final class Describe {

        private Describe() {}

        static String dropout(DropoutDescription d) {
            return "Dropout(" + d.rate() + (d.type() == dev.kiln.annotations.DropoutType.STANDARD ? ""
                    : ", " + d.type().name().toLowerCase(Locale.ROOT)) + ")";
        }

        static String layer(NetworkPlan plan, LayerDescription layer) {
            return switch (layer) {
                case DenseDescription d -> {
                    Stage s = plan.stageOf(d);
                    int in = s.previous() == null ? plan.model().inputs() : s.previous().dense().units();
                    yield "Dense(" + in + " -> " + d.units() + ", " + d.activation().name().toLowerCase(Locale.ROOT)
                            + (d.takesAlpha() ? " " + d.effectiveAlpha() : "") + (d.bias() ? "" : ", no bias")
                            + (d.dropConnect() > 0 ? ", dropConnect " + d.dropConnect() : "") + ")";
                }
                case DropoutDescription d -> dropout(d);
                case BatchNormDescription b -> "BatchNorm(momentum=" + b.momentum() + ", epsilon=" + b.epsilon()
                        + (b.scale() ? "" : ", no scale") + (b.center() ? "" : ", no center") + ")";
                case ActivateDescription a -> "Activate(" + a.activation().name().toLowerCase(Locale.ROOT)
                        + (a.takesAlpha() ? " " + a.effectiveAlpha() : "") + ")";
            };
        }
    }
}
