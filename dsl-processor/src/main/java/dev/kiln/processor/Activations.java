package dev.kiln.processor;

import static dev.kiln.processor.RuntimeTypes.ACTIVATION;
import static dev.kiln.processor.RuntimeTypes.EPILOGUE;
import static dev.kiln.processor.RuntimeTypes.MASKS;
import static dev.kiln.processor.RuntimeTypes.PARAMETRIC;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.kiln.annotations.Activation;
import dev.kiln.processor.LayerKind.Declarations;
import dev.kiln.processor.NetworkPlan.ParamGroup;
import dev.kiln.processor.NetworkPlan.Stage;
import dev.kiln.processor.NetworkPlan.Tensor;
import java.util.List;

/**
 * The code of an activation, for the two kinds that apply one: a dense layer (on its product, adding the bias
 * in the same pass) and an {@code @Activate} layer. PReLU and RReLU have kernels and arrays of their own.
 */
final class Activations {

    private Activations() {}

    /** The arrays an activation adds: RReLU's per-element slopes of the current step. */
    static void declare(LayerKind owner, Activation a, Stage s, Declarations d) {
        if (a == Activation.RRELU) {
            d.rows(rreluSlopes(owner), s.units(), owner.name() + "'s RReLU slopes of the current training step",
                    true);
        }
    }

    /** PReLU's learned slopes, one per unit, as a group of their own: no weight decay or penalty. */
    static void groups(LayerKind owner, String slopes, Activation a, Stage s, List<ParamGroup> out) {
        if (a == Activation.PRELU) {
            out.add(new ParamGroup(slopes, s.units(), "0",
                    List.of(new Tensor(owner.name() + ".slope", "1", s.units(), "0"))));
        }
    }

    /** PReLU's slopes start where PyTorch's do. */
    static void initialise(String slopes, Activation a, MethodSpec.Builder m) {
        if (a == Activation.PRELU) {
            Code.statement(m, "$T.fill($N, $T.PRELU_INITIAL_SLOPE)", java.util.Arrays.class,
                    slopes + "Params", PARAMETRIC);
        }
    }

    /** Per-element slopes RReLU draws each training step. */
    static String rreluSlopes(LayerKind owner) {
        return owner.name() + "RreluSlopes";
    }

    /** The alpha constant of a layer whose activation takes one, else {@code 0f}. */
    static String alpha(LayerKind owner, Activation a) {
        return ActivationFacts.of(a).takesAlpha() ? NetworkPlan.constant(owner.name()) + "_ALPHA" : "0f";
    }

    /**
     * The pass that applies {@code a} to {@code z} (adding the bias first), writing {@code out}; with a fused
     * dropout, also its mask and output when training.
     */
    static void forward(MethodSpec.Builder m, Stage s, LayerKind owner, String slopes, Activation a, String alpha,
                        String z, CodeBlock bias, String out, DropoutKind fused) {
        CodeBlock plain = switch (a) {
            case PRELU -> CodeBlock.of(Code.wrap("$T.preluForward($N, n, $L, $L, $N, 0, $N"), PARAMETRIC, z,
                    s.units(), bias, slopes + "Params", out);
            case RRELU -> CodeBlock.of(Code.wrap("$T.forward($T.LEAKY_RELU, $T.RRELU_MEAN, $N, n, $L, $L, $N"),
                    EPILOGUE, ACTIVATION, PARAMETRIC, z, s.units(), bias, out);
            default -> CodeBlock.of(Code.wrap("$T.forward($T.$L, $L, $N, n, $L, $L, $N"), EPILOGUE, ACTIVATION,
                    ActivationFacts.of(a).kernel(), alpha, z, s.units(), bias, out);
        };
        if (fused != null) {
            m.addComment("$L: $L, its mask applied in the same pass", fused.name(), fused.describe(null));
            m.beginControlFlow("if ($L)", PassWriter.TRAINING).addStatement(fused.fillMask(s.units())).endControlFlow();
        }
        if (a != Activation.RRELU) {
            CodeBlock dropout = fused == null ? CodeBlock.of("null, null")
                    : CodeBlock.of("$L ? $N : null,$W$L ? $N : null", PassWriter.TRAINING, fused.mask(),
                            PassWriter.TRAINING, NetworkPlan.out(fused));
            m.addStatement("$L,$W$L)", plain, dropout);
            return;
        }
        // RReLU draws its slopes in training, with a kernel of its own; inference uses the mean slope
        CodeBlock dropout = fused == null ? CodeBlock.of("null, null")
                : CodeBlock.of("$N,$W$N", fused.mask(), NetworkPlan.out(fused));
        m.beginControlFlow("if ($L)", PassWriter.TRAINING)
                .addComment("a random slope between RRELU_LOWER and RRELU_UPPER for every element")
                .addStatement(Code.wrap("$T.fillUniform(dropoutRng, $N, n * $L, $T.RRELU_LOWER, $T.RRELU_UPPER)"),
                        MASKS, rreluSlopes(owner), s.units(), PARAMETRIC, PARAMETRIC)
                .addStatement(Code.wrap("$T.rreluForward($N, n, $L, $L, $N, $N, $L)"), PARAMETRIC, z, s.units(),
                        bias, rreluSlopes(owner), out, dropout)
                .nextControlFlow("else")
                .addStatement("$L,$Wnull, null)", plain)
                .endControlFlow();
    }

    /** Back through {@code a} (and the dropout fused after it), in place on the stage's δ. */
    static void backward(MethodSpec.Builder m, Stage s, LayerKind owner, String slopes, Activation a, String alpha,
                         String z, String out, DropoutKind fused) {
        String count = "n * " + s.units();
        String mask = fused == null ? "null" : PassWriter.TRAINING + " ? " + fused.mask() + " : null";
        switch (a) {
            case PRELU -> {
                Code.statement(m, "$T.preluBackward($N, $N, n, $L, $N, 0, $N, 0, $L)", PARAMETRIC, s.delta(), z,
                        s.units(), slopes + "Params", slopes + "Grads", mask);
            }
            case RRELU -> m.beginControlFlow("if ($L)", PassWriter.TRAINING)
                    .addStatement(Code.wrap("$T.rreluBackward($N, $N, $N, $L, $L)"), PARAMETRIC, s.delta(), out,
                            rreluSlopes(owner), fused == null ? "null" : fused.mask(), count)
                    .nextControlFlow("else")
                    .addStatement(Code.wrap("$T.backward($T.LEAKY_RELU, $T.RRELU_MEAN, $N, null, $N, null, $L)"),
                            EPILOGUE,
                            ACTIVATION, PARAMETRIC, s.delta(), out, count)
                    .endControlFlow();
            default -> Code.statement(m, "$T.backward($T.$L, $L, $N, $L, $N, $L, $L)", EPILOGUE, ACTIVATION,
                    ActivationFacts.of(a).kernel(), alpha, s.delta(), ActivationFacts.of(a).needsInput() ? z : "null",
                    out, mask, count);
        }
    }
}
