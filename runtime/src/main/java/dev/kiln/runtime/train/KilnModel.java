package dev.kiln.runtime.train;

import dev.kiln.runtime.Layer;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.metrics.ClassificationMetrics;
import dev.kiln.runtime.metrics.RegressionMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What every model class Kiln generates offers, whatever its layers: code that works over several models (a
 * hyperparameter search, a registry of models in a service, a trainer on a cluster) holds a {@code KilnModel}
 * and needs no reflection. The generated class adds its sizes as constants ({@code INPUTS}, {@code OUTPUTS})
 * and a static {@code load(Path)}.
 *
 * <p>A model is not thread-safe: it owns one set of buffers, and a second thread calling it while one runs
 * gets an {@link IllegalStateException}.
 */
public interface KilnModel {

    /**
     * Input features per row ({@code @Model(inputs)}).
     *
     * @return the input width
     */
    int inputs();

    /**
     * Output values per row: the output layer's units.
     *
     * @return the output width
     */
    int outputs();

    /**
     * The largest batch the model's buffers hold, as built.
     *
     * @return rows per batch at most
     */
    int maxBatchSize();

    /**
     * What the loss makes of the outputs: classes, independent yes/no labels, or numbers.
     *
     * @return the task
     */
    Task task();

    /**
     * The seed the initial weights were drawn from, which is also {@code fit}'s default shuffling seed.
     *
     * @return the seed given to the constructor, else {@code @Model(seed)}
     */
    long seed();

    /**
     * The layers in order, with live views of their weights.
     *
     * @return the layers
     */
    List<Layer> layers();

    /**
     * Every learnable tensor with its gradient, in order.
     *
     * @return the parameters
     */
    List<Parameter> parameters();

    /**
     * Trains on {@code train}; see {@link FitOptions} for epochs, batch size, shuffling and validation.
     *
     * @param train   training data
     * @param options settings of this run
     * @return per-epoch loss and metrics
     */
    History fit(Dataset train, FitOptions options);

    /**
     * Trains on {@code train} with {@link FitOptions#defaults()}.
     *
     * @param train training data
     * @return per-epoch loss and metrics
     */
    default History fit(Dataset train) {
        return fit(train, FitOptions.defaults());
    }

    /**
     * Mean loss and metric on {@code data}, in inference mode, and every metric people report: see
     * {@link Evaluation#classification()} and {@link Evaluation#regression()}.
     *
     * @param data the data
     * @return loss, metric and the full metrics
     */
    Evaluation evaluate(Dataset data);

    /**
     * As {@link #evaluate(Dataset)}, showing progress on standard output.
     *
     * @param data      the data
     * @param verbosity what to print
     * @return loss, metric and the full metrics
     */
    Evaluation evaluate(Dataset data, Verbosity verbosity);

    /**
     * The network's output for one row of {@link #inputs()} features.
     *
     * @param features one input row
     * @return {@link #outputs()} values
     */
    float[] predict(float[] features);

    /**
     * The network's output for each row.
     *
     * @param rows input rows of {@link #inputs()} features
     * @return one array of {@link #outputs()} values per row
     */
    float[][] predict(float[][] rows);

    /**
     * As {@link #predict(float[][])}, showing progress on standard output.
     *
     * @param rows      input rows
     * @param verbosity what to print
     * @return one array of {@link #outputs()} values per row
     */
    float[][] predict(float[][] rows, Verbosity verbosity);

    /**
     * The predicted class of one row: the most probable class of a softmax classifier, or 1 when a single
     * sigmoid output is above 0.5, else 0 (as accuracy counts it).
     *
     * @param features one input row
     * @return the class index
     * @throws IllegalStateException for a regression model, or one with several independent yes/no outputs
     */
    default int predictClass(float[] features) {
        return Trainer.classOf(task(), predict(features));
    }

    /**
     * The classification metrics people report (accuracy, balanced accuracy, the confusion matrix, per-class and
     * averaged precision, recall and F1, ROC AUC, average precision, log loss, Matthews correlation) of this
     * model's predictions on {@code data}; see {@link ClassificationMetrics}. For a binary model the class of a
     * row is its target at 0.5.
     *
     * @param data       labelled rows (class labels, or 0/1 targets for a binary model)
     * @param classNames names of the classes in label order, for the report, or null for their numbers
     * @return the metrics
     * @throws IllegalArgumentException for a regression model or one with several yes/no outputs, or data of
     *                                  another shape
     */
    default ClassificationMetrics classificationMetrics(Dataset data, String... classNames) {
        Trainer.required(data, "The data");
        String[] names = classNames == null || classNames.length == 0 ? null : classNames;
        switch (task()) {
            case CLASSIFICATION -> {
                if (!data.hasLabels()) {
                    throw new IllegalArgumentException("classificationMetrics needs class labels, but the data has"
                            + " float targets; make it with Dataset.ofClasses.");
                }
                return ValidationMetrics.classification(task(), data, predict(data.featureRows()), names);
            }
            case BINARY -> {
                if (outputs() != 1 || data.hasLabels()) {
                    throw new IllegalArgumentException("classificationMetrics takes a binary model with one output"
                            + " and 0/1 targets; this one has " + outputs() + (outputs() == 1 ? " output" : " outputs")
                            + (data.hasLabels() ? " and the data has class labels."
                                    : "; score each output on its own."));
                }
                return ValidationMetrics.classification(task(), data, predict(data.featureRows()), names);
            }
            default -> throw new IllegalArgumentException("This model is a regression model; use"
                    + " regressionMetrics.");
        }
    }

    /**
     * MAE, MSE, RMSE, R² and explained variance of this model's predictions on {@code data}, per output and
     * averaged; see {@link RegressionMetrics}.
     *
     * @param data rows with float targets
     * @return the metrics
     * @throws IllegalArgumentException for a classification model, or data of another shape
     */
    default RegressionMetrics regressionMetrics(Dataset data) {
        Trainer.required(data, "The data");
        if (task() != Task.REGRESSION || data.hasLabels()) {
            throw new IllegalArgumentException("regressionMetrics takes a regression model and data with float"
                    + " targets; " + (task() != Task.REGRESSION ? "this model is a classifier, use"
                            + " classificationMetrics." : "the data has class labels."));
        }
        return ValidationMetrics.regression(data, predict(data.featureRows()));
    }

    /**
     * A thread-safe snapshot of this model for inference: any number of threads may call it at once, and later
     * training of this model does not change it. See {@link Predictor}.
     *
     * @return the predictor
     * @throws IllegalStateException when this model is training on another thread
     */
    Predictor predictor();

    /**
     * Computes the gradient of the mean loss over {@code batch} at the current weights without updating them
     * (dropout off); read it from {@link #parameters()}.
     *
     * @param batch at most {@link #maxBatchSize()} rows
     * @return the mean loss
     */
    double computeGradients(Dataset batch);

    /**
     * Saves weights, statistics, optimizer state and training progress to {@code path}, atomically.
     *
     * @param path the checkpoint file
     * @throws IOException when the file cannot be written (an existing file is then unchanged)
     */
    void save(Path path) throws IOException;

    /**
     * Replaces this model's state with a checkpoint's.
     *
     * @param path a file written by {@link #save}
     * @throws IOException when the file cannot be read or does not fit; the model is then unchanged
     */
    void restore(Path path) throws IOException;

    /**
     * A table of the layers with their settings, output shapes and parameter counts, then the totals and the
     * memory the model holds for training.
     *
     * @return the table
     */
    String summary();
}
