package dev.kiln.runtime.train;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.metrics.ClassificationMetrics;
import dev.kiln.runtime.metrics.RegressionMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * k-fold cross-validation: a fresh model per fold, trained on the other folds' rows and scored on its own, with
 * each metric's per-fold values and mean ± standard deviation. Folds are stratified for classifiers (each keeps
 * the classes' shares) and drawn from a seed, so a run is reproducible. The metrics are
 * {@link ClassificationMetrics}' accuracy, balanced accuracy, macro F1, log loss and Matthews correlation, and
 * ROC AUC when every fold has every class; or {@link RegressionMetrics}' MAE, RMSE and R² (in the targets' own
 * units as the data holds them).
 *
 * @param folds   the number of folds
 * @param metrics each metric's value per fold, in fold order
 */
public record CrossValidation(int folds, Map<String, double[]> metrics) {

    /** Copies the values, so that the record stays as it was computed. */
    public CrossValidation {
        Map<String, double[]> copy = new LinkedHashMap<>();
        metrics.forEach((name, v) -> copy.put(name, v.clone()));
        metrics = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Runs {@code k}-fold cross-validation.
     *
     * @param factory makes a fresh model for each fold (e.g. {@code () -> new MyModelModel(512, seed)})
     * @param data    the rows to split
     * @param k       the number of folds, at least 2
     * @param seed    the folds' seed
     * @param options how each fold's model is trained (a validation split in them comes out of the fold's
     *                training rows)
     * @param <M>     the model class
     * @return the per-fold metrics
     */
    public static <M extends KilnModel> CrossValidation run(Supplier<M> factory, Dataset data, int k, long seed,
                                                            FitOptions options) {
        Trainer.required(factory, "The model factory");
        Trainer.required(data, "The data");
        Trainer.required(options, "The fit options");
        Map<String, List<Double>> values = new LinkedHashMap<>();
        M first = Trainer.required(factory.get(), "The model the factory made");
        List<Dataset.Split> splits = data.folds(k, seed, first.task() != Task.REGRESSION);
        for (int f = 0; f < k; f++) {
            M model = f == 0 ? first : Trainer.required(factory.get(), "The model the factory made");
            if (f > 0 && model == first) {
                throw new IllegalArgumentException("The model factory gave the same model twice; each fold needs a"
                        + " fresh one, such as () -> new MyModelModel().");
            }
            Dataset.Split fold = splits.get(f);
            model.fit(fold.first(), options);
            Map<String, Double> scored = new LinkedHashMap<>();
            if (model.task() == Task.REGRESSION) {
                RegressionMetrics m = model.regressionMetrics(fold.second());
                scored.put("mae", m.mae());
                scored.put("rmse", m.rmse());
                scored.put("r2", m.r2());
            } else {
                ClassificationMetrics m = model.classificationMetrics(fold.second());
                scored.put("accuracy", m.accuracy());
                scored.put("balanced_accuracy", m.balancedAccuracy());
                scored.put("macro_f1", m.macroF1());
                scored.put("log_loss", m.logLoss());
                scored.put("mcc", m.matthewsCorrelation());
                try {
                    scored.put("roc_auc", m.rocAuc());
                } catch (IllegalStateException absentClass) {
                    scored.put("roc_auc", Double.NaN); // a fold without a class: undefined, as scikit-learn says
                }
            }
            scored.forEach((name, v) -> values.computeIfAbsent(name, x -> new ArrayList<>()).add(v));
        }
        Map<String, double[]> metrics = new LinkedHashMap<>();
        values.forEach((name, v) -> metrics.put(name, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return new CrossValidation(k, metrics);
    }

    /** Each metric's per-fold values (copies). */
    @Override
    public Map<String, double[]> metrics() {
        Map<String, double[]> copy = new LinkedHashMap<>();
        metrics.forEach((name, v) -> copy.put(name, v.clone()));
        return java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * A metric's mean over the folds (NaN when a fold could not compute it).
     *
     * @param metric e.g. {@code "accuracy"}
     * @return the mean
     */
    public double mean(String metric) {
        return mean(values(metric));
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    /**
     * A metric's standard deviation over the folds (the sample deviation, n − 1).
     *
     * @param metric e.g. {@code "accuracy"}
     * @return the deviation
     */
    public double std(String metric) {
        double[] v = values(metric);
        double mean = mean(v);
        double sum = 0;
        for (double x : v) {
            sum += (x - mean) * (x - mean);
        }
        return Math.sqrt(sum / (v.length - 1));
    }

    private double[] values(String metric) {
        double[] v = metrics.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("No metric '" + metric + "'; this run has " + String.join(", ",
                    metrics.keySet()) + ".");
        }
        return v;
    }

    /** One line per metric: its per-fold values, then mean ± standard deviation. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(folds).append("-fold cross-validation\n");
        metrics.forEach((name, v) -> {
            sb.append(String.format(Locale.ROOT, "%-18s", name));
            for (double x : v) {
                sb.append(String.format(Locale.ROOT, " %7.4f", x));
            }
            sb.append(String.format(Locale.ROOT, "   %.4f ± %.4f%n", mean(name), std(name)));
        });
        return sb.toString();
    }
}
