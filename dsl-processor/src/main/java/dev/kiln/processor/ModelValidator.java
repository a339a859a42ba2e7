package dev.kiln.processor;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Loss;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;

/**
 * The rules a model must satisfy to train, each a small method adding to the report. Works on the
 * description only, so that every rule is independent of how the class was read.
 */
final class ModelValidator {

    void validate(ModelDescription model, ValidationReport report) {
        checkModel(model, report);
        checkLayers(model, report);
        checkOutput(model, report);
        checkLossAttributes(model, report);
        checkOptimizer(model.optimizer(), report);
        checkSizes(model, report);
        if (model.schedule() != null) {
            // A missing @Optimizer is stood in for on @Model's site; its rate is no default to compare with.
            boolean standIn = model.optimizer().site().annotation() == model.site().annotation();
            checkSchedule(model.schedule(), standIn ? Double.NaN : model.optimizer().learningRate(), report);
        }
    }

    private static void checkModel(ModelDescription model, ValidationReport report) {
        if (model.inputs() < 1) {
            report.error(model.site(), "inputs", Messages.inputsNotPositive(model.inputs()));
        }
        if (model.maxBatchSize() < 1) {
            report.error(model.site(), "maxBatchSize", Messages.maxBatchNotPositive(model.maxBatchSize()));
        }
        if (model.epochs() < 1) {
            report.error(model.site(), "epochs", Messages.atLeastOne("@Model epochs", model.epochs()));
        }
        if (model.batchSize() < 1) {
            report.error(model.site(), "batchSize", Messages.atLeastOne("@Model batchSize", model.batchSize()));
        } else if (Annotations.isExplicit(model.site().annotation(), "batchSize") && model.maxBatchSize() >= 1
                && model.batchSize() > model.maxBatchSize()) {
            report.error(model.site(), "batchSize", Messages.batchAboveMax(model.batchSize(), model.maxBatchSize()));
        }
        if (model.denseLayers().isEmpty()) {
            report.error(model.site(), null, Messages.noDenseLayer(model.className()));
        }
    }

    /**
     * Walks the layers in blocks (a dense layer and the layers after it) and lets each layer check itself
     * against what its block holds before it.
     */
    private static void checkLayers(ModelDescription model, ValidationReport report) {
        List<LayerKind> layers = model.layers();
        int lastDense = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof DenseKind) {
                lastDense = i;
            }
        }
        LayerKind.Block block = new LayerKind.Block();
        for (int i = 0; i < layers.size(); i++) {
            LayerKind layer = layers.get(i);
            if (layer instanceof DenseKind d) {
                block = new LayerKind.Block();
                block.dense = d;
                block.output = i == lastDense;
            }
            block.before = layers.subList(0, i);
            block.later = layers.subList(i + 1, layers.size()).stream().map(LayerKind::name).toList();
            layer.validate(block, report);
        }
    }

    /** The largest number of elements a Java array can hold on common JVMs (some reserve header words). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * The largest layer-field count Kiln generates code for. Every layer adds statements to the constructor and
     * to the forward, backward and update methods, and the class file format limits a method to 64 KB of
     * bytecode; {@code DepthLimitTest} compiles a model of this many of the most expensive layers.
     */
    static final int MAX_LAYERS = 100;

    /**
     * Every array the generated class allocates must fit in a Java array: sizes are computed in {@code long}
     * here, from the same widths the generated constants hold, so that none wraps around in {@code int}.
     */
    private static void checkSizes(ModelDescription model, ValidationReport report) {
        if (model.layers().size() > MAX_LAYERS) {
            report.error(model.site(), null, Messages.tooDeep(model.layers().size(), MAX_LAYERS));
        }
        if (model.inputs() < 1 || model.maxBatchSize() < 1) {
            return;
        }
        long width = model.inputs();
        long widest = width;
        String widestName = "the input batch";
        for (DenseKind d : model.denseLayers()) {
            if (d.units() < 1) {
                return;
            }
            // weights and bias share one array; the inference fold of a batch normalisation has the same size
            long params = width * d.units() + d.units();
            if (params > MAX_ARRAY) {
                report.error(d.site(), "units", Messages.arrayTooLarge("@Dense " + d.name() + " with " + width
                        + " inputs and " + d.units() + " units has weights and bias that", params,
                        "Use fewer units, or fewer inputs to this layer."));
            }
            if (d.units() > widest) {
                widest = d.units();
                widestName = "the batch buffer of " + d.name() + " (" + d.units() + " units per row)";
            }
            width = d.units();
        }
        long rows = (long) model.maxBatchSize() * widest;
        if (rows > MAX_ARRAY) {
            report.error(model.site(), "maxBatchSize", Messages.arrayTooLarge("@Model maxBatchSize "
                    + model.maxBatchSize() + " means that " + widestName, rows, "Use a maxBatchSize of at most "
                    + MAX_ARRAY / widest + "."));
        }
    }

    static void checkAlpha(Site site, String annotation, Activation activation, double alpha,
                           ValidationReport report) {
        boolean takes = ActivationFacts.of(activation).takesAlpha();
        if (!Double.isNaN(alpha) && !takes) {
            report.error(site, "alpha", Messages.alphaNotForActivation(annotation, activation.name()));
        } else if (takes && !Double.isNaN(alpha) && !asFloat(site, "alpha", annotation + " alpha", alpha, report)) {
            // reported
        } else if (takes && !(ActivationFacts.effectiveAlpha(activation, alpha) > 0)) {
            report.error(site, "alpha", Messages.positive(annotation + " alpha", alpha));
        }
    }

    private static void checkOutput(ModelDescription model, ValidationReport report) {
        List<DenseKind> dense = model.denseLayers();
        if (model.multiLabel() && model.loss() != Loss.BINARY_CROSS_ENTROPY) {
            report.error(model.site(), "multiLabel", Messages.multiLabelNeedsBinary(model.loss().name()));
        }
        if (dense.isEmpty()) {
            return;
        }
        DenseKind out = dense.get(dense.size() - 1);
        Loss loss = model.loss();
        switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> {
                if (out.activation() != Activation.SOFTMAX) {
                    report.error(out.site(), "activation", Messages.lossNeedsActivation(loss.name(), "SOFTMAX",
                            out.name(), out.activation().name()));
                } else if (out.units() == 1) {
                    report.error(out.site(), "units", Messages.softmaxNeedsClasses(out.name(), out.units()));
                }
            }
            case BINARY_CROSS_ENTROPY -> {
                if (out.activation() != Activation.SIGMOID) {
                    report.error(out.site(), "activation", Messages.lossNeedsActivation(loss.name(), "SIGMOID",
                            out.name(), out.activation().name()));
                }
                if (out.units() > 1 && !model.multiLabel()) {
                    report.error(out.site(), "units", Messages.multiLabelUndeclared(out.name(), out.units()));
                }
            }
            case MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR, HUBER -> {
                if (out.activation() == Activation.SOFTMAX) {
                    report.warning(out.site(), "activation", Messages.regressionAfterSoftmax(loss.name(), out.name()));
                }
            }
        }
    }

    /** The loss's own attributes: each only with its loss, and a value the generated float code can hold. */
    private static void checkLossAttributes(ModelDescription model, ValidationReport report) {
        Site site = model.site();
        if (Annotations.isExplicit(site.annotation(), "huberDelta") && model.loss() != Loss.HUBER) {
            report.error(site, "huberDelta", Messages.lossAttribute("huberDelta", "HUBER", model.loss().name()));
        } else if (asFloat(site, "huberDelta", "@Model huberDelta", model.huberDelta(), report)
                && !(model.huberDelta() > 0)) {
            report.error(site, "huberDelta", Messages.positive("@Model huberDelta", model.huberDelta()));
        }
        if (Annotations.isExplicit(site.annotation(), "labelSmoothing") && model.loss() != Loss.SOFTMAX_CROSS_ENTROPY) {
            report.error(site, "labelSmoothing", Messages.lossAttribute("labelSmoothing", "SOFTMAX_CROSS_ENTROPY",
                    model.loss().name()));
        } else {
            checkUnit(site, "labelSmoothing", "@Model labelSmoothing", model.labelSmoothing(), report);
        }
    }

    private static void checkOptimizer(OptimizerDescription o, ValidationReport report) {
        if (asFloat(o.site(), "learningRate", "@Optimizer learningRate", o.learningRate(), report)
                && !(o.learningRate() > 0)) {
            report.error(o.site(), "learningRate", Messages.learningRate(o.learningRate()));
        }
        Set<String> used = OptimizerCatalog.attributes(o.type());
        AnnotationMirror mirror = o.site().annotation();
        for (String attribute : OptimizerCatalog.HYPERPARAMETERS) {
            if (Annotations.isExplicit(mirror, attribute) && !used.contains(attribute)) {
                report.error(o.site(), attribute, Messages.attributeNotForOptimizer(attribute, o.type().name()));
            }
        }
        checkUnitInterval(o, used, "momentum", o.momentum(), report);
        checkUnitInterval(o, used, "beta1", o.beta1(), report);
        checkUnitInterval(o, used, "beta2", o.beta2(), report);
        checkUnitInterval(o, used, "rho", o.rho(), report);
        if (used.contains("epsilon") && asFloat(o.site(), "epsilon", "@Optimizer epsilon", o.epsilon(), report)
                && !(o.epsilon() > 0)) {
            report.error(o.site(), "epsilon", Messages.epsilon(o.epsilon()));
        }
        if (asFloat(o.site(), "weightDecay", "@Optimizer weightDecay", o.weightDecay(), report)
                && !(o.weightDecay() >= 0)) {
            report.error(o.site(), "weightDecay", Messages.weightDecay(o.weightDecay()));
        }
        List<String> clips = new java.util.ArrayList<>();
        for (String attribute : List.of("clipValue", "clipNorm", "globalClipNorm")) {
            if (Annotations.isExplicit(mirror, attribute)) {
                clips.add(attribute);
            }
        }
        checkPositive(o.site(), "clipValue", o.clipValue(), "@Optimizer", report);
        checkPositive(o.site(), "clipNorm", o.clipNorm(), "@Optimizer", report);
        checkPositive(o.site(), "globalClipNorm", o.globalClipNorm(), "@Optimizer", report);
        if (clips.size() > 1) {
            report.error(o.site(), clips.get(1), Messages.oneClipping(clips));
        }
    }

    /** A value that is NaN (off) or greater than 0. */
    static void checkPositive(Site site, String attribute, double value, String annotation,
                              ValidationReport report) {
        if (!Double.isNaN(value) && asFloat(site, attribute, annotation + " " + attribute, value, report)
                && !(value > 0)) {
            report.error(site, attribute, Messages.positive(annotation + " " + attribute, value));
        }
    }

    /**
     * Whether the generated code can hold {@code value} as the float it computes with: finite, within float's
     * range, and not a non-zero value that the cast turns into 0. Reports the first problem otherwise.
     */
    static boolean asFloat(Site site, String attribute, String what, double value, ValidationReport report) {
        if (!Double.isFinite(value)) {
            report.error(site, attribute, Messages.notFinite(what, value));
            return false;
        }
        if (Math.abs(value) > Float.MAX_VALUE) {
            report.error(site, attribute, Messages.beyondFloat(what, value));
            return false;
        }
        if (value != 0 && (float) value == 0f) {
            report.error(site, attribute, Messages.zeroAsFloat(what, value));
            return false;
        }
        return true;
    }

    /**
     * A rate or decay in [0, 1) that stays below 1 as a float (1/(1 − rate) and 1 − β must not be 0); whether it
     * is one.
     */
    static boolean checkUnit(Site site, String attribute, String what, double value, ValidationReport report) {
        if (!asFloat(site, attribute, what, value, report)) {
            return false;
        }
        if (!(value >= 0 && value < 1)) {
            report.error(site, attribute, Messages.unitIntervalFor(what, value));
            return false;
        } else if ((float) value >= 1) {
            report.error(site, attribute, Messages.oneAsFloat(what, value));
            return false;
        }
        return true;
    }

    private static void checkSchedule(ScheduleDescription s, double learningRate, ValidationReport report) {
        Set<String> used = switch (s.type()) {
            case CONSTANT -> Set.<String>of();
            case INVERSE, EXPONENTIAL -> Set.of("k", "perStep");
            case STEP -> Set.of("factor", "every");
            case COSINE -> Set.of("period", "minRate", "perStep");
        };
        for (String attribute : List.of("k", "factor", "every", "period", "minRate", "perStep")) {
            if (Annotations.isExplicit(s.site().annotation(), attribute) && !used.contains(attribute)) {
                report.error(s.site(), attribute, Messages.attributeNotForSchedule(attribute, s.type().name()));
            }
        }
        // A required attribute left out reads as its default (NaN or 0): say it is needed, not that it is wrong.
        String type = s.type().name();
        Set<String> given = new java.util.HashSet<>(used);
        for (String[] need : List.of(new String[] {"k", "at least 0", "k = 0.1"},
                new String[] {"factor", "in (0, 1]", "factor = 0.5"}, new String[] {"every", "epochs, at least 1",
                    "every = 10"}, new String[] {"period", "epochs (or steps), at least 1", "period = 50"})) {
            if (used.contains(need[0]) && !Annotations.isExplicit(s.site().annotation(), need[0])) {
                report.error(s.site(), null, Messages.scheduleNeeds(type, need[0], need[1], need[2]));
                given.remove(need[0]);
            }
        }
        used = given;
        if (used.contains("k") && !Double.isFinite(s.k()) && !Double.isNaN(s.k())) {
            report.error(s.site(), "k", Messages.notFinite("@Schedule k", s.k()));
        } else if (used.contains("k") && !(s.k() >= 0)) {
            report.error(s.site(), "k", Messages.scheduleRequires("k", "at least 0", s.k()));
        }
        if (used.contains("factor") && Double.isInfinite(s.factor())) {
            report.error(s.site(), "factor", Messages.notFinite("@Schedule factor", s.factor()));
        } else if (used.contains("factor") && !(s.factor() > 0 && s.factor() <= 1)) {
            report.error(s.site(), "factor", Messages.scheduleRequires("factor", "in (0, 1]", s.factor()));
        }
        if (used.contains("every") && s.every() < 1) {
            report.error(s.site(), "every", Messages.scheduleRequires("every", "at least 1", s.every()));
        }
        if (used.contains("period") && s.period() < 1) {
            report.error(s.site(), "period", Messages.scheduleRequires("period", "at least 1", s.period()));
        }
        if (used.contains("minRate") && Double.isInfinite(s.minRate())) {
            report.error(s.site(), "minRate", Messages.notFinite("@Schedule minRate", s.minRate()));
        } else if (used.contains("minRate") && !(s.minRate() >= 0)) {
            report.error(s.site(), "minRate", Messages.scheduleRequires("minRate", "at least 0", s.minRate()));
        } else if (used.contains("minRate") && learningRate > 0 && s.minRate() > learningRate) {
            report.error(s.site(), "minRate", Messages.minRateAboveLearningRate(s.minRate(), learningRate));
        }
    }

    private static void checkUnitInterval(OptimizerDescription o, Set<String> used, String attribute, double value,
                                          ValidationReport report) {
        if (!used.contains(attribute) || !asFloat(o.site(), attribute, "@Optimizer " + attribute, value, report)) {
            return;
        }
        if (!(value >= 0 && value < 1)) {
            report.error(o.site(), attribute, Messages.unitInterval(attribute, value));
        } else if ((float) value >= 1) {
            report.error(o.site(), attribute, Messages.oneAsFloat("@Optimizer " + attribute, value));
        }
    }
}
