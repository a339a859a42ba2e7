package dev.kiln.processor;

import static dev.kiln.processor.RuntimeTypes.DENSE_LAYER;
import static dev.kiln.processor.RuntimeTypes.EPILOGUE;
import static dev.kiln.processor.RuntimeTypes.GEMM;
import static dev.kiln.processor.RuntimeTypes.INITIALIZERS;
import static dev.kiln.processor.RuntimeTypes.MASKS;
import static dev.kiln.processor.RuntimeTypes.PENALTIES;
import static dev.kiln.processor.RuntimeTypes.REDUCTIONS;
import static dev.kiln.processor.RuntimeTypes.floatLiteral;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Initializer;
import dev.kiln.processor.LayerKind.Declarations.Use;
import dev.kiln.processor.NetworkPlan.ParamGroup;
import dev.kiln.processor.NetworkPlan.Stage;
import dev.kiln.processor.NetworkPlan.Step;
import dev.kiln.processor.NetworkPlan.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.AnnotationMirror;

/**
 * A {@code @Dense} field: the product {@code x·W + b} and its activation, which starts a block.
 *
 * @param name        field name
 * @param site        declaration
 * @param units       output units
 * @param activation  activation
 * @param initializer weight initialiser as declared (may be DEFAULT)
 * @param bias        whether it has a bias
 * @param alpha       the activation's parameter as written, or NaN
 * @param l1          L1 penalty
 * @param l2          L2 penalty
 * @param penalizeBias whether penalties cover the bias
 * @param maxNorm     max-norm constraint, or NaN
 * @param dropConnect DropConnect probability, 0 for none
 */
record DenseKind(String name, Site site, int units, Activation activation, Initializer initializer, boolean bias,
                 double alpha, double l1, double l2, boolean penalizeBias, double maxNorm, double dropConnect)
        implements LayerKind {

    static DenseKind read(String name, Site site, Annotations a, AnnotationMirror m) {
        return new DenseKind(name, site, a.intValue(m, "units"), a.enumValue(m, "activation", Activation.class),
                a.enumValue(m, "initializer", Initializer.class), a.booleanValue(m, "bias"),
                a.doubleValue(m, "alpha"), a.doubleValue(m, "l1"), a.doubleValue(m, "l2"),
                a.booleanValue(m, "penalizeBias"), a.doubleValue(m, "maxNorm"), a.doubleValue(m, "dropConnect"));
    }

    @Override
    public String annotation() {
        return "@Dense";
    }

    @Override
    public boolean fusesDropout() {
        return true;
    }

    /** Whether the layer adds an L1 or L2 term to the loss. */
    boolean penalized() {
        return l1 > 0 || l2 > 0;
    }

    /** Whether the activation takes {@link #alpha()}. */
    boolean takesAlpha() {
        return ActivationFacts.of(activation).takesAlpha();
    }

    /** The activation's parameter with its default, or 0 for activations without one. */
    double effectiveAlpha() {
        return ActivationFacts.effectiveAlpha(activation, alpha);
    }

    /** Prefix of the arrays of PReLU slopes this layer learns. */
    private String slopes() {
        return name + "Slope";
    }

    // ---------------------------------------------------------------- rules

    @Override
    public void validate(Block block, ValidationReport report) {
        if (units < 1) {
            report.error(site, "units", Messages.unitsNotPositive(units));
        }
        ModelValidator.checkAlpha(site, "@Dense", activation, alpha, report);
        if (ModelValidator.asFloat(site, "l1", "@Dense l1", l1, report) && !(l1 >= 0)) {
            report.error(site, "l1", Messages.notNegative("@Dense l1", l1));
        }
        if (ModelValidator.asFloat(site, "l2", "@Dense l2", l2, report) && !(l2 >= 0)) {
            report.error(site, "l2", Messages.notNegative("@Dense l2", l2));
        }
        ModelValidator.checkPositive(site, "maxNorm", maxNorm, "@Dense", report);
        if (ModelValidator.checkUnit(site, "dropConnect", "@Dense dropConnect", dropConnect, report)
                && dropConnect > 0 && block.output) {
            report.error(site, "dropConnect", Messages.dropConnectOnOutput(name));
        }
        ActivationFacts facts = ActivationFacts.of(activation);
        if (facts.outputOnly() && !block.output) {
            report.error(site, "activation", Messages.softmaxNotLast(name));
        }
        if (activation == Activation.SELU && initializer != Initializer.DEFAULT
                && initializer != Initializer.LECUN_NORMAL) {
            report.warning(site, "initializer", Messages.seluInitializer(name, initializer.name()));
        }
        if (facts.hiddenOnly() && block.output) {
            report.error(site, "activation", Messages.hiddenOnly(activation.name(), name));
        }
        if (activation != Activation.LINEAR) {
            block.activator = this;
        }
    }

    // ---------------------------------------------------------------- text

    @Override
    public String describe(NetworkPlan plan) {
        return "Dense(" + plan.widthAt(this) + " -> " + units + ", " + activation.name().toLowerCase(Locale.ROOT)
                + (takesAlpha() ? " " + effectiveAlpha() : "") + (bias ? "" : ", no bias")
                + (dropConnect > 0 ? ", dropConnect " + dropConnect : "") + ")";
    }

    @Override
    public String structure(int width) {
        return "Dense(" + width + "->" + units + ", " + activation.name().toLowerCase(Locale.ROOT)
                + (takesAlpha() ? " " + effectiveAlpha() : "") + (bias ? ", bias" : ", no bias")
                + (dropConnect > 0 ? ", dropConnect" : "") + ")";
    }

    // ---------------------------------------------------------------- declarations

    @Override
    public void constants(NetworkPlan plan, Stage s, Declarations d) {
        String prefix = NetworkPlan.constant(name);
        d.constant(int.class, s.units(), s == plan.output() ? "OUTPUTS" : String.valueOf(units));
        if (takesAlpha()) {
            d.constant(float.class, s.alpha(), floatLiteral(effectiveAlpha()));
        }
        if (penalized()) {
            d.constant(float.class, prefix + "_L1", floatLiteral(l1));
            d.constant(float.class, prefix + "_L2", floatLiteral(l2));
        }
        if (!Double.isNaN(maxNorm)) {
            d.constant(float.class, prefix + "_MAX_NORM", floatLiteral(maxNorm));
        }
        if (dropConnect > 0) {
            d.constant(float.class, prefix + "_DROP_CONNECT", floatLiteral(dropConnect));
        }
    }

    @Override
    public void declare(NetworkPlan plan, Stage s, Step step, Declarations d) {
        if (!Double.isNaN(maxNorm)) {
            d.fixed(s.norms(), s.units(), "Scratch for " + name + "'s max-norm constraint: one factor per unit.",
                    Use.TRAINING);
        }
        if (dropConnect > 0) {
            d.fixed(s.connectMask(), s.weightCount(), name + "'s DropConnect mask of this step.", Use.TRAINING);
            d.fixed(s.maskedWeights(), s.weightCount(), name + "'s weights with the DropConnect mask applied.",
                    Use.TRAINING);
        }
        if (s.previous() != null) {
            d.fixed(s.weightsT(), s.weightCount(), name + "'s weights transposed, for the backward product δ·Wᵀ.",
                    Use.TRAINING);
        }
        if (plan.keepsPre(s)) {
            d.rows(s.product(), s.units(), name + "'s pre-activation x·W + b", false);
        }
        d.rows(s.out(), s.units(), name + "'s output", false);
        d.rows(s.delta(), s.units(), "gradient of the loss with respect to " + name
                + "'s stage output, then in place back to its product", true);
        Activations.declare(this, activation, s, d);
    }

    @Override
    public void groups(Stage s, List<ParamGroup> out) {
        String wc = s.weightCount();
        List<Tensor> tensors = new ArrayList<>();
        tensors.add(new Tensor(name + ".weights", s.inWidth(), s.units(), "0"));
        if (bias) {
            tensors.add(new Tensor(name + ".bias", "1", s.units(), wc));
        }
        out.add(new ParamGroup(name, wc + (bias ? " + " + s.units() : ""), wc, List.copyOf(tensors)));
        Activations.groups(this, slopes(), activation, s, out);
    }

    @Override
    public void initialise(MethodSpec.Builder m, Stage s) {
        String method = switch (ActivationFacts.initializer(activation, initializer)) {
            case ZEROS -> null;
            case GLOROT_UNIFORM -> "glorotUniform";
            case GLOROT_NORMAL -> "glorotNormal";
            case HE_UNIFORM -> "heUniform";
            case HE_NORMAL -> "heNormal";
            case LECUN_NORMAL -> "lecunNormal";
            case DEFAULT -> throw new IllegalStateException("DEFAULT is resolved by the activation's facts");
        };
        if (method != null) {
            Code.statement(m, "$T.$L(init, $N, 0, $L, $L, $L)", INITIALIZERS, method, s.params(), s.weightCount(),
                    s.inWidth(), s.units());
        }
        Activations.initialise(slopes(), activation, m);
    }

    // ---------------------------------------------------------------- passes

    @Override
    public void forward(MethodSpec.Builder m, NetworkPlan plan, Stage s, Step step) {
        if (dropConnect > 0) {
            m.addComment("DropConnect: this step's weights, each dropped with probability $L", dropConnect);
            m.beginControlFlow("if ($L)", PassWriter.TRAINING)
                    .addStatement(Code.wrap("$T.fill(dropoutRng, $N, $L, $L_DROP_CONNECT)"), MASKS, s.connectMask(),
                            s.weightCount(), NetworkPlan.constant(name))
                    .addStatement(Code.wrap("$T.maskedCopy($N, $N, $N, $L)"), EPILOGUE, s.params(), s.connectMask(),
                            s.maskedWeights(), s.weightCount())
                    .endControlFlow();
        }
        Code.statement(m, "$T.product(n, $L, $L, $L, $L, $N)", GEMM, s.inWidth(), s.units(),
                s.input(PassWriter.TRAINING), s.weights(PassWriter.TRAINING), s.product());
        Activation act = plan.epilogueActivation(s);
        if (!bias && act == Activation.LINEAR && step.fused() == null) {
            return; // the product is already the output: no bias to add, nothing to apply
        }
        CodeBlock b = bias ? CodeBlock.of(Code.wrap("$N, $L"), s.params(), s.weightCount()) : CodeBlock.of("null, 0");
        Activations.forward(m, s, this, slopes(), act, s.alpha(), s.product(), b, s.out(), step.fused());
    }

    @Override
    public void backward(MethodSpec.Builder m, NetworkPlan plan, Stage s, Step step) {
        Activation act = plan.epilogueActivation(s);
        if (act != Activation.LINEAR || step.fused() != null) {
            m.addComment("$L: $L", name, act.name().toLowerCase(Locale.ROOT)
                    + (step.fused() == null ? "" : " and " + step.fused().name()));
            Activations.backward(m, s, this, slopes(), act, s.alpha(), s.product(), s.out(), step.fused());
        }
    }

    /** The weight and bias gradients from the stage's δ, then the δ of the stage before. */
    void backwardProduct(MethodSpec.Builder m, Stage s) {
        m.addComment("$L: weight gradient Xᵀ·δ", name);
        Code.statement(m, "$T.weightGradient(n, $L, $L, $L, $N, $N)", GEMM, s.inWidth(), s.units(),
                s.input(PassWriter.TRAINING), s.delta(), s.grads());
        if (bias) {
            Code.statement(m, "$T.columnSums($N, n, $L, $N, $L)", REDUCTIONS, s.delta(), s.units(), s.grads(),
                    s.weightCount());
        }
        if (dropConnect > 0) {
            m.beginControlFlow("if ($L)", PassWriter.TRAINING)
                    .addComment("dropped weights took no part, so they get no gradient")
                    .addStatement(Code.wrap("$T.applyMask($N, $N, $L)"), EPILOGUE, s.grads(), s.connectMask(),
                            s.weightCount())
                    .endControlFlow();
        }
        if (penalized()) {
            String prefix = NetworkPlan.constant(name);
            Code.statement(m, "$T.addGradient($N, $N, 0, $L, $L_L1, $L_L2)", PENALTIES, s.params(), s.grads(),
                    s.penaltyEnd(), prefix, prefix);
        }
        Stage p = s.previous();
        if (p != null) {
            m.addComment("gradient with respect to $L's output: δ·Wᵀ", p.name());
            Code.statement(m, "$T.inputGradient(n, $L, $L, $N, $L, $N, $N)", GEMM, s.inWidth(), s.units(),
                    s.delta(), s.weights(PassWriter.TRAINING), s.weightsT(), p.delta());
        }
    }

    /** The L1/L2 term of {@code penalty()}. */
    CodeBlock penaltyTerm(Stage s) {
        String prefix = NetworkPlan.constant(name);
        return CodeBlock.of(Code.wrap("$T.value($N, 0, $L, $L_L1, $L_L2)"), PENALTIES, s.params(), s.penaltyEnd(),
                prefix,
                prefix);
    }

    /** The max-norm constraint after the update. */
    void constrain(MethodSpec.Builder m, Stage s) {
        if (!Double.isNaN(maxNorm)) {
            m.addComment("$L: max-norm constraint on each unit's incoming weights", name);
            Code.statement(m, "$T.maxNorm($N, $L, $L, $L_MAX_NORM, $N)", PENALTIES, s.params(), s.inWidth(), s.units(),
                    NetworkPlan.constant(name), s.norms());
        }
    }

    @Override
    public CodeBlock view(NetworkPlan plan, Stage s) {
        return CodeBlock.of(Code.wrap("new $T($S, $S, $L, $L, $L, $L, $S, $L)"), DENSE_LAYER, name, describe(plan),
                s.inWidth(),
                s.units(), TrainerWriter.local(name + ".weights"), bias ? TrainerWriter.local(name + ".bias") : "null",
                activation.name(), s.alpha());
    }
}
