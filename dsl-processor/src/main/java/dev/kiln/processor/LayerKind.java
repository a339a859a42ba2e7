package dev.kiln.processor;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.kiln.annotations.Activation;
import dev.kiln.processor.NetworkPlan.ParamGroup;
import dev.kiln.processor.NetworkPlan.Stage;
import dev.kiln.processor.NetworkPlan.Step;
import java.util.List;

/**
 * One kind of layer, in one place: a record read from its annotation that supplies everything else the
 * processor needs from it, namely its rules, its description, its constants and arrays, its initialisation,
 * its steps in the forward and backward passes, its learnable groups, its view and its checkpoint tensors.
 * The writers walk the plan and ask each layer. Sealing lists every kind here, so that a switch over kinds
 * must handle a new one; {@code RandomModelsTest} checks that each is registered in {@link LayerKinds}.
 *
 * <p>Layers form blocks: a {@link DenseKind} and the element-wise layers after it. Every other kind is a step
 * inside a block that reads the previous step's output buffer and writes its own.
 */
sealed interface LayerKind permits DenseKind, ActivateKind, BatchNormKind, LayerNormKind, DropoutKind,
        ResidualKind {

    /** The field's name. */
    String name();

    /** Where it was declared. */
    Site site();

    /** The annotation as messages name it, e.g. {@code @BatchNorm}. */
    String annotation();

    /** The activation this layer applies, or null. */
    default Activation activation() {
        return null;
    }

    /** Whether a dropout directly after this layer is applied in this layer's own pass. */
    default boolean fusesDropout() {
        return false;
    }

    /** The field holding a rate {@code fit} may override ({@code setDropoutRate}), or null. */
    default String rateField() {
        return null;
    }

    /** Whether inference folds this layer into the weights of its block's dense layer. */
    default boolean foldsInto(NetworkPlan plan, Stage s) {
        return false;
    }

    /**
     * Opens the inference branch that replaces the block's product and this layer by the folded product; the
     * writer closes it after this layer's step. Called only when {@link #foldsInto} holds.
     */
    default void openFold(MethodSpec.Builder m, Stage s, Step step) {
        throw new UnsupportedOperationException(annotation() + " does not fold");
    }

    /** The rules of this layer's own attributes and of its place in its block. */
    void validate(Block block, ValidationReport report);

    /** Kind and settings in one line, for comments, Javadoc and the layer views. */
    String describe(NetworkPlan plan);

    /** This layer in the structure a checkpoint must match: what decides its tensors, nothing tunable. */
    String structure(int width);

    /** Its private constants. */
    default void constants(NetworkPlan plan, Stage s, Declarations d) {}

    /**
     * Its arrays and fields; {@code step} is its own step in {@code s}, or for a dropout applied in the pass of
     * the layer before it, that layer's step.
     */
    default void declare(NetworkPlan plan, Stage s, Step step, Declarations d) {}

    /** Its learnable arrays, in order. */
    default void groups(Stage s, List<ParamGroup> out) {}

    /** Constructor statements that give its arrays their initial values, after the weights' draw. */
    default void initialise(MethodSpec.Builder m, Stage s) {}

    /** Its part of {@code forward}. */
    void forward(MethodSpec.Builder m, NetworkPlan plan, Stage s, Step step);

    /** Its part of {@code backward}, in place on the stage's δ. Layers of the output block have none. */
    void backward(MethodSpec.Builder m, NetworkPlan plan, Stage s, Step step);

    /** Statements after {@code backward} has written the δ of {@code stage}: where a skip adds its gradient. */
    default void afterDelta(MethodSpec.Builder m, NetworkPlan plan, Stage stage) {}

    /** The expression building its view. */
    CodeBlock view(NetworkPlan plan, Stage s);

    /** Its checkpoint tensors beyond learnable groups and optimizer state. */
    default void stateTensors(Stage s, List<CodeBlock> out) {}

    /** Statements of {@code prepareInference}, which runs before each {@code evaluate} or {@code predict}. */
    default void prepareInference(MethodSpec.Builder m, NetworkPlan plan, Stage s) {}

    /**
     * What the rules know about the block a layer stands in when they reach it: the layers before it in the
     * same block. A kind's {@code validate} reads it, and records itself when it is one of the things a block
     * may have only once.
     */
    final class Block {
        /** Every layer before the one being checked, in order. */
        List<LayerKind> before = List.of();
        /** The names of the layers after it. */
        List<String> later = List.of();
        /** The block's dense layer, or null before the first one. */
        DenseKind dense;
        /** Whether this is the output block. */
        boolean output;
        /** The layer that activated the block, or null. */
        LayerKind activator;
        /** The block's normalisation, or null. */
        LayerKind normalization;
        /** The block's dropout, or null. */
        DropoutKind dropout;

        /**
         * The placement rules of a layer that works element-wise inside a block: after a dense layer, before the
         * output layer, before the block's dropout.
         */
        void placeElementWise(LayerKind layer, ValidationReport report) {
            if (dense == null) {
                report.error(layer.site(), null, Messages.mustFollowDense(layer.annotation(), layer.name()));
            } else if (output) {
                report.error(layer.site(), null, Messages.afterOutput(layer.annotation(), layer.name()));
            } else if (dropout != null) {
                report.error(layer.site(), null, Messages.afterDropout(layer.annotation(), layer.name(),
                        dropout.name()));
            }
        }
    }

    /** Where a kind declares the arrays and fields of the generated class. */
    interface Declarations {

        /** How a predictor's view treats a batch-independent array. */
        enum Use {
            /** Only training reads or writes it: a view holds an empty array. */
            TRAINING,
            /** Inference reads it: a snapshot copies it, a view shares the snapshot's. */
            SHARED,
            /** Inference writes it: every view has its own. */
            SCRATCH
        }

        /** A private constant. */
        void constant(Class<?> type, String name, String value);

        /** A batch-independent float array of {@code size} (a constant expression). */
        default void fixed(String name, String size, String doc, Use use) {
            fixed(name, size, doc, use, null);
        }

        /** As above; a view allocates a {@code SCRATCH} array only when {@code viewCondition} holds. */
        void fixed(String name, String size, String doc, Use use, String viewCondition);

        /** A float array of {@code width} per batch row; {@code training} when inference never touches it. */
        void rows(String name, String width, String doc, boolean training);

        /** Any other field, declared after the arrays. */
        void field(FieldSpec field);
    }
}
