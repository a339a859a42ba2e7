package dev.kiln.processor;

import static dev.kiln.processor.RuntimeTypes.RESIDUALS;
import static dev.kiln.processor.RuntimeTypes.RESIDUAL_LAYER;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.kiln.processor.NetworkPlan.Stage;
import dev.kiln.processor.NetworkPlan.Step;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;

/**
 * A {@code @Residual} field: adds the output of an earlier block ({@code from}) to the value at this step. Its
 * backward pass leaves the stage's δ as it is and keeps a copy, which it adds to {@code from}'s δ once the
 * backward pass has computed that.
 *
 * @param name field name
 * @param site declaration
 * @param from the name of the layer whose output is added
 */
record ResidualKind(String name, Site site, String from) implements LayerKind {

    static ResidualKind read(String name, Site site, Annotations a, AnnotationMirror m) {
        return new ResidualKind(name, site, a.stringValue(m, "from"));
    }

    @Override
    public String annotation() {
        return "@Residual";
    }

    @Override
    public void validate(Block block, ValidationReport report) {
        block.placeElementWise(this, report);
        if (block.dense == null) {
            return;
        }
        List<LayerKind> before = block.before;
        int index = -1;
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i).name().equals(from)) {
                index = i;
            }
        }
        if (from.equals(name)) {
            report.error(site, "from", Messages.residualFromItself(name));
            return;
        }
        if (index < 0) {
            List<String> earlier = before.stream().map(LayerKind::name).toList();
            report.error(site, "from", Messages.residualFromUnknown(name, from, earlier, block.later.contains(from)));
            return;
        }
        if (index >= before.indexOf(block.dense)) {
            report.error(site, "from", Messages.residualFromOwnBlock(name, from, block.dense.name()));
            return;
        }
        boolean endsBlock = index + 1 < before.size() && before.get(index + 1) instanceof DenseKind;
        if (!endsBlock) {
            // the source is in this block, or is followed by more layers of its own block
            report.error(site, "from", Messages.residualFromNotBlockEnd(name, from, lastOfBlock(before, index)));
            return;
        }
        DenseKind sourceDense = denseBefore(before, index);
        if (sourceDense == null) {
            // the source stands before any dense layer, which its own placement rule reports
            report.error(site, "from", Messages.residualFromNoBlock(name, from));
            return;
        }
        if (sourceDense.units() != block.dense.units()) {
            report.error(site, "from", Messages.residualWidths(name, from, sourceDense.units(),
                    block.dense.name(), block.dense.units()));
        }
    }

    /** The dense layer of the block holding {@code before[index]}, or null when it stands before any. */
    private static DenseKind denseBefore(List<LayerKind> before, int index) {
        for (int i = index; i >= 0; i--) {
            if (before.get(i) instanceof DenseKind d) {
                return d;
            }
        }
        return null;
    }

    /** The last layer of the block holding {@code before[index]}, among the layers before this one. */
    private static String lastOfBlock(List<LayerKind> before, int index) {
        int i = index;
        while (i + 1 < before.size() && !(before.get(i + 1) instanceof DenseKind)) {
            i++;
        }
        return before.get(i).name();
    }

    @Override
    public String describe(NetworkPlan plan) {
        return "Residual(+ " + from + ")";
    }

    @Override
    public String structure(int width) {
        return "Residual(" + width + ", from " + from + ")";
    }

    /** The copy of the δ that flows back to {@code from}. */
    private String skipDelta() {
        return name + "Delta";
    }

    private Stage source(NetworkPlan plan) {
        for (LayerKind layer : plan.model().layers()) {
            if (layer.name().equals(from)) {
                return plan.stageOf(layer);
            }
        }
        throw new IllegalStateException("the rules see that " + from + " exists");
    }

    @Override
    public void declare(NetworkPlan plan, Stage s, Step step, Declarations d) {
        d.rows(step.out(), s.units(), name + "'s output: its input plus " + from + "'s output", false);
        d.rows(skipDelta(), s.units(), "the gradient " + name + " passes back to " + from, true);
    }

    @Override
    public void forward(MethodSpec.Builder m, NetworkPlan plan, Stage s, Step step) {
        m.addComment("$L: $L", name, describe(plan));
        Code.statement(m, "$T.add($N, $L, $N, n * $L)", RESIDUALS, step.in(), source(plan).output(PassWriter.TRAINING),
                step.out(), s.units());
    }

    @Override
    public void backward(MethodSpec.Builder m, NetworkPlan plan, Stage s, Step step) {
        m.addComment("$L: δ passes on unchanged, and a copy goes back to $L", name, from);
        Code.statement(m, "$T.arraycopy($N, 0, $N, 0, n * $L)", System.class, s.delta(), skipDelta(), s.units());
    }

    @Override
    public void afterDelta(MethodSpec.Builder m, NetworkPlan plan, Stage stage) {
        if (stage == source(plan)) {
            m.addComment("$L: the skip's gradient joins $L's", name, from);
            Code.statement(m, "$T.addInto($N, $N, n * $L)", RESIDUALS, stage.delta(), skipDelta(), stage.units());
        }
    }

    @Override
    public CodeBlock view(NetworkPlan plan, Stage s) {
        return CodeBlock.of(Code.wrap("new $T($S, $S, $L, $S)"), RESIDUAL_LAYER, name, describe(plan), s.units(), from);
    }
}
