package dev.kiln.processor;

import static dev.kiln.processor.RuntimeTypes.ACTIVATION;
import static dev.kiln.processor.RuntimeTypes.DROPOUT_LAYER;
import static dev.kiln.processor.RuntimeTypes.EPILOGUE;
import static dev.kiln.processor.RuntimeTypes.MASKS;
import static dev.kiln.processor.RuntimeTypes.floatLiteral;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.DropoutType;
import dev.kiln.processor.NetworkPlan.Stage;
import dev.kiln.processor.NetworkPlan.Step;
import java.util.Locale;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Modifier;

/**
 * A {@code @Dropout} field, the last layer of its block. Its mask is applied in the pass of the layer before
 * it when that layer {@linkplain LayerKind#fusesDropout() allows}, else in a pass of its own.
 *
 * @param name field name
 * @param site declaration
 * @param rate drop probability
 * @param type kind of dropout
 */
record DropoutKind(String name, Site site, double rate, DropoutType type) implements LayerKind {

    static DropoutKind read(String name, Site site, Annotations a, AnnotationMirror m) {
        return new DropoutKind(name, site, a.doubleValue(m, "rate"), a.enumValue(m, "type", DropoutType.class));
    }

    @Override
    public String annotation() {
        return "@Dropout";
    }

    /** Whether it can share the pass of the layer before it: alpha dropout adds a shift of its own. */
    boolean fusable() {
        return type != DropoutType.ALPHA;
    }

    @Override
    public void validate(Block block, ValidationReport report) {
        if (!ModelValidator.asFloat(site, "rate", "@Dropout rate", rate, report)) {
            // reported
        } else if (!(rate >= 0 && rate < 1)) {
            report.error(site, "rate", Messages.dropoutRate(rate));
        } else if ((float) rate >= 1) {
            report.error(site, "rate", Messages.oneAsFloat("@Dropout rate", rate));
        }
        if (block.dense == null) {
            report.error(site, null, Messages.dropoutFirst(name));
        } else if (block.dropout != null) {
            report.error(site, null, Messages.dropoutAfterDropout(name, block.dropout.name()));
        } else if (block.output) {
            report.error(site, null, Messages.dropoutOnOutput(name));
        }
        if (block.activator != null && block.activator.activation() == Activation.SELU
                && type != DropoutType.ALPHA) {
            report.warning(site, "rate", Messages.seluDropout(name));
        }
        block.dropout = this;
    }

    @Override
    public String describe(NetworkPlan plan) {
        return "Dropout(" + rate + (type == DropoutType.STANDARD ? "" : ", " + type.name().toLowerCase(Locale.ROOT))
                + ")";
    }

    @Override
    public String structure(int width) {
        return "Dropout(" + type.name().toLowerCase(Locale.ROOT) + ")";
    }

    /** Its mask of the current training step. */
    String mask() {
        return name + "Mask";
    }

    /** The field holding its current rate, which {@code fit} may override. */
    @Override
    public String rateField() {
        return name + "Rate";
    }

    @Override
    public void constants(NetworkPlan plan, Stage s, Declarations d) {
        d.constant(float.class, NetworkPlan.constant(name) + "_RATE", floatLiteral(rate));
    }

    @Override
    public void declare(NetworkPlan plan, Stage s, Step step, Declarations d) {
        d.rows(mask(), s.units(), name + "'s mask: 0 or 1/(1-rate)", true);
        d.rows(NetworkPlan.out(this), s.units(), name + "'s output in training", true);
        d.field(FieldSpec.builder(float.class, rateField(), Modifier.PRIVATE)
                .addJavadoc(Code.doc("$L's drop probability; starts at the annotation's, {@code fit} may override"
                        + " it.\n"), name)
                .initializer("$L_RATE", NetworkPlan.constant(name)).build());
    }

    /** The statement that draws this step's mask. */
    CodeBlock fillMask(String units) {
        String method = switch (type) {
            case STANDARD -> "fill";
            case GAUSSIAN -> "fillGaussian";
            case ALPHA -> "fillAlpha";
        };
        return CodeBlock.of(Code.wrap("$T.$L(dropoutRng, $N, n * $L, $N)"), MASKS, method, mask(), units, rateField());
    }

    @Override
    public void forward(MethodSpec.Builder m, NetworkPlan plan, Stage s, Step step) {
        m.addComment("$L: $L, a pass of its own", name, describe(plan));
        m.beginControlFlow("if ($L)", PassWriter.TRAINING).addStatement(fillMask(s.units()));
        if (type == DropoutType.ALPHA) {
            Code.statement(m, "$T.applyAlpha($N, $N, $N, n * $L, $N)", MASKS, step.in(), mask(), step.out(), s.units(),
                    rateField());
        } else {
            Code.statement(m, "$T.forward($T.LINEAR, 0f, $N, n, $L, null, 0, $N, $N, $N)", EPILOGUE, ACTIVATION,
                    step.in(), s.units(), step.in(), mask(), step.out());
        }
        m.endControlFlow();
    }

    @Override
    public void backward(MethodSpec.Builder m, NetworkPlan plan, Stage s, Step step) {
        m.beginControlFlow("if ($L)", PassWriter.TRAINING)
                .addStatement(Code.wrap("$T.applyMask($N, $N, $L)"), EPILOGUE, s.delta(), mask(), "n * " + s.units())
                .endControlFlow();
    }

    @Override
    public CodeBlock view(NetworkPlan plan, Stage s) {
        return CodeBlock.of(Code.wrap("new $T($S, $S, $L, $L_RATE)"), DROPOUT_LAYER, name, describe(plan), s.units(),
                NetworkPlan.constant(name));
    }
}
