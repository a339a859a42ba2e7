package dev.kiln.runtime.train;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.metrics.ClassificationMetrics;
import dev.kiln.runtime.metrics.RegressionMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metrics {@link FitOptions#withMetrics} asks for, computed on the validation data after each epoch, named as
 * Keras names validation figures ({@code val_macro_f1}), so that early stopping and the callbacks can monitor
 * them and History keeps them.
 */
final class ValidationMetrics {

    /** What a classifier can report besides loss and accuracy. */
    static final Set<String> CLASSIFICATION = Set.of("balanced_accuracy", "macro_f1", "weighted_f1",
            "macro_precision", "macro_recall", "roc_auc", "average_precision", "log_loss", "mcc");
    /** What a regression model can report besides loss and MAE. */
    static final Set<String> REGRESSION = Set.of("mse", "rmse", "r2", "explained_variance");

    private ValidationMetrics() {}

    /** Whether {@code name} is one of them. */
    static boolean known(String name) {
        return CLASSIFICATION.contains(name) || REGRESSION.contains(name);
    }

    /** Refuses names the model's task cannot report, before the first epoch. */
    static void check(Task task, List<String> names, boolean hasValidation) {
        if (names.isEmpty()) {
            return;
        }
        Set<String> allowed = task == Task.REGRESSION ? REGRESSION : CLASSIFICATION;
        for (String name : names) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("FitOptions.withMetrics asks for " + name + ", which a "
                        + task.name().toLowerCase(java.util.Locale.ROOT) + " model does not report; choose from "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ".");
            }
        }
        if (!hasValidation) {
            throw new IllegalArgumentException("FitOptions.withMetrics computes its metrics on validation data; add"
                    + " FitOptions.withValidation(...) or withValidationSplit(...).");
        }
    }

    /**
     * A classifier's metrics of {@code predictions} for {@code data}: its labels, or for a one-output binary model
     * its targets read at 0.5 and the sigmoid's outputs.
     */
    static ClassificationMetrics classification(Task task, Dataset data, float[][] predictions, String[] names) {
        if (task != Task.BINARY) {
            return ClassificationMetrics.of(data.labels(), predictions, names);
        }
        float[] t = data.targets();
        int[] labels = new int[t.length];
        float[] positive = new float[predictions.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = t[i] >= 0.5f ? 1 : 0;
            positive[i] = predictions[i][0];
        }
        return ClassificationMetrics.binary(labels, positive, names);
    }

    /** A regression model's metrics of {@code predictions} for {@code data}'s targets, row by row. */
    static RegressionMetrics regression(Dataset data, float[][] predictions) {
        float[] flat = data.targets();
        int width = data.targetWidth();
        float[][] targets = new float[data.rows()][];
        for (int r = 0; r < targets.length; r++) {
            targets[r] = java.util.Arrays.copyOfRange(flat, r * width, (r + 1) * width);
        }
        return RegressionMetrics.of(targets, predictions);
    }

    /** The named metrics of the model's predictions on {@code validation}; the model is held by the caller. */
    static Map<String, Double> compute(TrainableNetwork net, Dataset validation, List<String> names) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (names.isEmpty()) {
            return values;
        }
        float[][] predictions = Trainer.predictRows(net, validation.featureRows(), null);
        if (net.task() == Task.REGRESSION) {
            RegressionMetrics m = regression(validation, predictions);
            for (String name : names) {
                values.put("val_" + name, switch (name) {
                    case "mse" -> m.mse();
                    case "rmse" -> m.rmse();
                    case "r2" -> m.r2();
                    default -> m.explainedVariance();
                });
            }
            return values;
        }
        ClassificationMetrics m = classification(net.task(), validation, predictions, null);
        for (String name : names) {
            double v;
            try {
                v = switch (name) {
                    case "balanced_accuracy" -> m.balancedAccuracy();
                    case "macro_f1" -> m.macroF1();
                    case "weighted_f1" -> m.weightedF1();
                    case "macro_precision" -> m.macroPrecision();
                    case "macro_recall" -> m.macroRecall();
                    case "roc_auc" -> m.rocAuc();
                    case "average_precision" -> m.averagePrecision();
                    case "log_loss" -> m.logLoss();
                    default -> m.matthewsCorrelation();
                };
            } catch (IllegalStateException undefined) {
                v = Double.NaN; // a class without validation rows: ROC AUC is undefined, as scikit-learn says
            }
            values.put("val_" + name, v);
        }
        return values;
    }
}
