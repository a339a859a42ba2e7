package dev.kiln.processor;

import static dev.kiln.processor.RuntimeTypes.CLIPPING;
import static dev.kiln.processor.RuntimeTypes.FLOATS;
import static dev.kiln.processor.RuntimeTypes.UPDATES;
import static dev.kiln.processor.RuntimeTypes.doubleLiteral;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.processor.NetworkPlan.ParamGroup;
import dev.kiln.processor.NetworkPlan.Stage;
import dev.kiln.processor.NetworkPlan.Tensor;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code update}: gradient clipping, decoupled weight decay, the optimizer's step (one pass per
 * parameter array) and the max-norm constraint.
 */
final class UpdateWriter {

    private final NetworkPlan plan;
    private final OptimizerDescription optimizer;

    UpdateWriter(NetworkPlan plan) {
        this.plan = plan;
        this.optimizer = plan.model().optimizer();
    }

    void addTo(TypeSpec.Builder type) {
        type.addMethod(update());
        if (!Double.isNaN(optimizer.clipNorm())) {
            type.addMethod(clipNormHelper());
        }
    }

    /** The optimizer in words, e.g. {@code ADAM(lr=0.001, beta1=0.9, ...)}. */
    static String describe(OptimizerDescription o) {
        StringBuilder sb = new StringBuilder(o.type().name()).append("(lr=").append(o.learningRate());
        var used = OptimizerCatalog.attributes(o.type());
        if (used.contains("momentum")) {
            sb.append(", momentum=").append(o.momentum());
        }
        if (used.contains("beta1")) {
            sb.append(", beta1=").append(o.beta1()).append(", beta2=").append(o.beta2());
        }
        if (used.contains("rho")) {
            sb.append(", rho=").append(o.rho());
        }
        if (used.contains("epsilon")) {
            sb.append(", epsilon=").append(o.epsilon());
        }
        if (o.weightDecay() > 0) {
            sb.append(", weightDecay=").append(o.weightDecay());
        }
        return sb.append(')').toString();
    }

    private MethodSpec update() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("update").addModifiers(Modifier.PRIVATE)
                .addJavadoc(Code.doc("The optimizer's update of every parameter array, one pass over each:\n$L.\n"),
                        describe(optimizer))
                .addStatement("step++");
        addClipping(m);
        if (optimizer.weightDecay() > 0) {
            m.addComment("decoupled weight decay w ← w(1 - ηλ), on weights only, before the step (AdamW)")
                    .addStatement("float decay = (float) (1 - learningRate * WEIGHT_DECAY)");
            for (ParamGroup g : plan.groups()) {
                if (!g.decayEnd().equals("0")) {
                    Code.statement(m, "$T.scale($N, 0, $L, decay)", UPDATES, g.params(), g.decayEnd());
                }
            }
        }
        OptimizerType type = optimizer.type();
        switch (type) {
            case ADAM, AMSGRAD, ADAMW -> m.addComment("bias corrections of step t, in double as PyTorch computes them")
                    .addStatement("float stepSize = (float) (learningRate / (1 - Math.pow(BETA1, step)))")
                    .addStatement("float sqrtBc2 = (float) Math.sqrt(1 - Math.pow(BETA2, step))");
            case ADAMAX -> m.addComment("bias correction of step t")
                    .addStatement("float stepSize = (float) (learningRate / (1 - Math.pow(BETA1, step)))");
            case NADAM -> m.addComment("momentum schedule μ_t = β1(1 - ½·0.96^(0.004·t)) and its running product")
                    .addStatement("double mu = BETA1 * (1 - 0.5 * Math.pow(0.96, step * 0.004))")
                    .addStatement("double muNext = BETA1 * (1 - 0.5 * Math.pow(0.96, (step + 1) * 0.004))")
                    .addStatement("muProduct *= mu")
                    .addStatement("float gradCoef = (float) (-learningRate * (1 - mu) / (1 - muProduct))")
                    .addStatement("float momentumCoef = (float) (-learningRate * muNext / (1 - muProduct * muNext))")
                    .addStatement("float sqrtBc2 = (float) Math.sqrt(1 - Math.pow(BETA2, step))");
            default -> { }
        }
        for (ParamGroup g : plan.groups()) {
            m.addComment("$L", g.name());
            m.addStatement(step(type, g));
        }
        for (Stage s : plan.stages()) {
            s.dense().constrain(m, s);
        }
        return m.build();
    }

    private static CodeBlock step(OptimizerType type, ParamGroup g) {
        String p = g.params();
        String gr = g.grads();
        String n = g.name();
        return switch (type) {
            case SGD -> CodeBlock.of(Code.wrap("$T.sgd($N, $N, $N.length, (float) learningRate)"), UPDATES, p, gr, p);
            case MOMENTUM, NESTEROV -> CodeBlock.of(Code.wrap("$T.momentum($N, $N, $N, $N.length, (float) learningRate,"
                    + " MOMENTUM, $L)"), UPDATES, p, gr, n + "Velocity", p, type == OptimizerType.NESTEROV);
            case ADAGRAD -> CodeBlock.of(Code.wrap("$T.adagrad($N, $N, $N, $N.length, (float) learningRate, EPSILON)"),
                    UPDATES, p, gr, n + "SquareAvg", p);
            case RMSPROP -> CodeBlock.of(Code.wrap("$T.rmsprop($N, $N, $N, $N.length, (float) learningRate, RHO,"
                    + " EPSILON)"),
                    UPDATES, p, gr, n + "SquareAvg", p);
            case ADADELTA -> CodeBlock.of(Code.wrap("$T.adadelta($N, $N, $N, $N, $N.length, (float) learningRate, RHO,"
                    + " EPSILON)"), UPDATES, p, gr, n + "SquareAvg", n + "DeltaAvg", p);
            case ADAM, ADAMW -> CodeBlock.of(Code.wrap("$T.adam($N, $N, $N, $N, null, $N.length, stepSize, sqrtBc2,"
                    + " (float) BETA1, (float) BETA2, EPSILON)"), UPDATES, p, gr, n + "M", n + "V", p);
            case AMSGRAD -> CodeBlock.of(Code.wrap("$T.adam($N, $N, $N, $N, $N, $N.length, stepSize, sqrtBc2,"
                    + " (float) BETA1, (float) BETA2, EPSILON)"), UPDATES, p, gr, n + "M", n + "V", n + "VMax", p);
            case ADAMAX -> CodeBlock.of(Code.wrap("$T.adamax($N, $N, $N, $N, $N.length, stepSize, (float) BETA1,"
                    + " (float) BETA2, EPSILON)"), UPDATES, p, gr, n + "M", n + "U", p);
            case NADAM -> CodeBlock.of(Code.wrap("$T.nadam($N, $N, $N, $N, $N.length, gradCoef, momentumCoef, sqrtBc2,"
                    + " (float) BETA1, (float) BETA2, EPSILON)"), UPDATES, p, gr, n + "M", n + "V", p);
        };
    }

    private void addClipping(MethodSpec.Builder m) {
        if (!Double.isNaN(optimizer.clipValue())) {
            m.addComment("clip every gradient value to ±$L", optimizer.clipValue());
            for (ParamGroup g : plan.groups()) {
                Code.statement(m, "$T.clampValues($N, $N.length, $Lf)", CLIPPING, g.grads(), g.grads(),
                        (float) optimizer.clipValue());
            }
        } else if (!Double.isNaN(optimizer.clipNorm())) {
            m.addComment("clip each tensor's gradient to L2 norm $L", optimizer.clipNorm());
            for (ParamGroup g : plan.groups()) {
                for (Tensor t : g.tensors()) {
                    m.addStatement("clipNorm($N, $L, $L + $L * $L)", g.grads(), t.offset(), t.offset(), t.rows(),
                            t.cols());
                }
            }
        } else if (!Double.isNaN(optimizer.globalClipNorm())) {
            m.addComment("clip all gradients together to global L2 norm $L", optimizer.globalClipNorm());
            List<CodeBlock> terms = new ArrayList<>();
            for (ParamGroup g : plan.groups()) {
                terms.add(CodeBlock.of(Code.wrap("$T.sumOfSquares($N, 0, $N.length)"), CLIPPING, g.grads(), g.grads()));
            }
            m.addStatement("double norm = Math.sqrt($L)", CodeBlock.join(terms, "\n        + "));
            m.beginControlFlow("if (norm > $L)", doubleLiteral(optimizer.globalClipNorm()));
            m.addStatement("float factor = (float) ($L / norm)", doubleLiteral(optimizer.globalClipNorm()));
            for (ParamGroup g : plan.groups()) {
                Code.statement(m, "$T.scale($N, 0, $N.length, factor)", UPDATES, g.grads(), g.grads());
            }
            m.endControlFlow();
        }
    }

    /** The per-tensor clipping helper, generated only when {@code clipNorm} is set. */
    private MethodSpec clipNormHelper() {
        return MethodSpec.methodBuilder("clipNorm").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addJavadoc(Code.doc("Rescales {@code g[from, to)} to L2 norm $L when it is larger.\n"),
                        optimizer.clipNorm())
                .addParameter(FLOATS, "g").addParameter(int.class, "from").addParameter(int.class, "to")
                .addStatement("double norm = Math.sqrt($T.sumOfSquares(g, from, to))", CLIPPING)
                .beginControlFlow("if (norm > $L)", doubleLiteral(optimizer.clipNorm()))
                .addStatement(Code.wrap("$T.scale(g, from, to, (float) ($L / norm))"), UPDATES,
                        doubleLiteral(optimizer.clipNorm()))
                .endControlFlow()
                .build();
    }
}
