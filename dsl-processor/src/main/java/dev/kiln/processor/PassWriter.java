package dev.kiln.processor;

import static dev.kiln.processor.RuntimeTypes.ACTIVATION;
import static dev.kiln.processor.RuntimeTypes.EPILOGUE;
import static dev.kiln.processor.RuntimeTypes.LOSSES;
import static dev.kiln.processor.RuntimeTypes.PASS;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.annotations.Activation;
import dev.kiln.processor.NetworkPlan.Stage;
import dev.kiln.processor.NetworkPlan.Step;
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
    static final String TRAINING = "pass == Pass.TRAIN";

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
                .addJavadoc(Code.doc("Forward pass over the first {@code n} rows of {@code input}. Dropout is on"
                        + " only in"
                        + " {@code TRAIN}; batch normalisation uses batch statistics except in {@code INFERENCE}.\n"))
                .addParameter(int.class, "n").addParameter(PASS, "pass");
        for (Stage s : plan.stages()) {
            if (s.previous() != null) {
                m.addCode("\n");
            }
            m.addComment("$L: $L", s.name(), s.dense().describe(plan));
            if (s == plan.output() && plan.outputFusedWithLoss()) {
                m.addComment("$L is computed together with the loss, so this pass leaves logits",
                        s.dense().activation().name().toLowerCase(Locale.ROOT));
            }
            // A folded step replaces the steps up to it at inference: they run in the else branch.
            Step fold = plan.fold(s);
            int closeBefore = fold == null ? -1 : s.steps().indexOf(fold) + 1;
            if (fold != null) {
                fold.layer().openFold(m, s, fold);
            }
            for (int i = 0; i < s.steps().size(); i++) {
                if (i == closeBefore) {
                    m.endControlFlow();
                }
                Step step = s.steps().get(i);
                step.layer().forward(m, plan, s, step);
            }
            if (closeBefore == s.steps().size()) {
                m.endControlFlow();
            }
            if (s == plan.output() && plan.outputNeedsSoftmaxPass()) {
                Code.statement(m, "$T.softmax($N, n, OUTPUTS)", LOSSES, s.out());
            }
        }
        return m.build();
    }

    // ---------------------------------------------------------------- loss

    private MethodSpec outputLoss() {
        Stage out = plan.output();
        MethodSpec.Builder m = MethodSpec.methodBuilder("outputLoss").addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addJavadoc(Code.doc("Loss summed over the batch; with {@code withGradient}, also writes the"
                        + " gradient of the"
                        + " batch-mean loss with respect to the output layer's pre-activation into {@code $L}.\n"),
                        out.delta())
                .addParameter(int.class, "n").addParameter(boolean.class, "withGradient")
                .addStatement("float[] grad = withGradient ? $N : null", out.delta());
        switch (plan.model().loss()) {
            case SOFTMAX_CROSS_ENTROPY -> {
                m.addComment("softmax and cross-entropy fused: gradient softmax(z) - $L",
                        plan.model().labelSmoothing() > 0 ? "the smoothed one-hot target" : "onehot(y)");
                if (plan.model().labelSmoothing() > 0) {
                    m.addStatement(Code.wrap("double loss = $T.softmaxCrossEntropy($N, labels, n, OUTPUTS, grad,"
                            + " 1f / n, withGradient ? classWeights : null, LABEL_SMOOTHING)"), LOSSES, out.out());
                } else {
                    m.addStatement(Code.wrap("double loss = $T.softmaxCrossEntropy($N, labels, n, OUTPUTS, grad,"
                            + " 1f / n, withGradient ? classWeights : null)"), LOSSES, out.out());
                }
            }
            case BINARY_CROSS_ENTROPY -> m.addComment("sigmoid and binary cross-entropy fused: gradient sigmoid(z) - t;"
                            + " averaged over outputs and rows")
                    .addStatement(Code.wrap("double loss = $T.binaryCrossEntropy($N, targets, n * OUTPUTS, grad,"
                            + " 1f / (n * OUTPUTS), withGradient ? classWeights : null) / OUTPUTS"), LOSSES, out.out());
            case MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR, HUBER -> {
                switch (plan.model().loss()) {
                    case MEAN_ABSOLUTE_ERROR -> Code.statement(m,
                            "double loss = $T.meanAbsoluteError($N, targets, n, OUTPUTS, grad, 1f / n)", LOSSES,
                            out.out());
                    case HUBER -> Code.statement(m,
                            "double loss = $T.huber($N, targets, n, OUTPUTS, grad, 1f / n, HUBER_DELTA)", LOSSES,
                            out.out());
                    default -> Code.statement(m,
                            "double loss = $T.meanSquaredError($N, targets, n, OUTPUTS, grad, 1f / n)", LOSSES,
                            out.out());
                }
                Activation a = out.dense().activation();
                if (a == Activation.SOFTMAX) {
                    m.beginControlFlow("if (withGradient)")
                            .addStatement(Code.wrap("$T.softmaxBackward($N, grad, n, OUTPUTS)"), LOSSES, out.out())
                            .endControlFlow();
                } else if (a != Activation.LINEAR) {
                    m.beginControlFlow("if (withGradient)")
                            .addStatement(Code.wrap("$T.backward($T.$L, $L, grad, $L, $N, null, n * OUTPUTS)"),
                                    EPILOGUE, ACTIVATION, ActivationFacts.of(a).kernel(), out.alpha(),
                                    plan.keepsPre(out) ? out.product() : "null", out.out())
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
                terms.add(s.dense().penaltyTerm(s));
            }
        }
        return MethodSpec.methodBuilder("penalty").addModifiers(Modifier.PRIVATE).returns(double.class)
                .addJavadoc(Code.doc("The layers' L1 and L2 penalty terms.\n"))
                .addStatement("return $L", CodeBlock.join(terms, "\n        + ")).build();
    }

    // ---------------------------------------------------------------- backward

    private MethodSpec backward() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("backward").addModifiers(Modifier.PRIVATE)
                .addJavadoc(Code.doc("Backward pass from the output layer's δ. Per stage, in reverse: back through its"
                        + " element-wise layers to the product, the weight and bias gradients, then the δ of the stage"
                        + " before it.\n"))
                .addParameter(int.class, "n").addParameter(PASS, "pass");
        List<Stage> stages = plan.stages();
        for (int i = stages.size() - 1; i >= 0; i--) {
            Stage s = stages.get(i);
            if (i < stages.size() - 1) {
                m.addCode("\n");
                List<Step> steps = s.steps();
                for (int k = steps.size() - 1; k >= 0; k--) {
                    steps.get(k).layer().backward(m, plan, s, steps.get(k));
                }
            }
            s.dense().backwardProduct(m, s);
            if (s.previous() != null) {
                for (LayerKind layer : plan.model().layers()) {
                    layer.afterDelta(m, plan, s.previous());
                }
            }
        }
        return m.build();
    }
}
