package dev.kiln.runtime.metrics;

import java.util.Locale;

/**
 * The metrics people report for a regression model, from the targets and the model's predictions: mean
 * absolute error, mean squared error, root mean squared error, R² and explained variance, each per output and
 * as the plain mean over the outputs (scikit-learn's default {@code multioutput='uniform_average'}). Computed
 * in double as scikit-learn 1.2 computes them; in particular the averaged RMSE is the mean of the outputs'
 * RMSEs, not the root of the averaged MSE.
 *
 * <p>Degenerate cases follow scikit-learn 1.2 ({@code force_finite=True}, its default):
 * <ul>
 *   <li>an output whose target is constant has no variance to explain: its R² and explained variance are 1.0
 *       when the predictions leave nothing unexplained (for R², every prediction equals its target; for
 *       explained variance, every residual is the same) and 0.0 otherwise, where the formula would give −∞;</li>
 *   <li>R² of a single row is NaN, as scikit-learn returns it (with a warning) because it is not defined for
 *       fewer than two samples; explained variance then follows the rule above, and is 1.0.</li>
 * </ul>
 *
 * <p>All values are computed when the metrics are made; the object holds no reference to the arrays it was
 * given, is immutable, and may be shared between threads.
 */
public final class RegressionMetrics {

    private final int samples;
    private final int outputs;
    private final double[] mae;
    private final double[] mse;
    private final double[] rmse;
    private final double[] r2;
    private final double[] explainedVariance;

    /** A value of the targets or predictions by row and output, over whichever shape was given. */
    private interface Values {
        double at(int row, int output);
    }

    /**
     * Metrics of a model with one output.
     *
     * @param targets     the true value of each row
     * @param predictions the predicted value of each row
     * @return the metrics
     * @throws IllegalArgumentException when an array is null or empty, the lengths differ, or a value is NaN or
     *                                  infinite
     */
    public static RegressionMetrics of(float[] targets, float[] predictions) {
        checkArrays(targets, predictions);
        int n = checkRows(targets.length, predictions.length);
        for (int i = 0; i < n; i++) {
            checkFinite(targets[i], "targets", i, -1);
            checkFinite(predictions[i], "predictions", i, -1);
        }
        return new RegressionMetrics(n, 1, (i, j) -> targets[i], (i, j) -> predictions[i]);
    }

    /**
     * Metrics of a model with one or more outputs: rows × outputs, as a Kiln model's {@code predict} returns
     * them.
     *
     * @param targets     the true values, rows × outputs
     * @param predictions the predicted values, rows × outputs
     * @return the metrics
     * @throws IllegalArgumentException when an array or a row is null, there are no rows or no outputs, the
     *                                  shapes differ, or a value is NaN or infinite
     */
    public static RegressionMetrics of(float[][] targets, float[][] predictions) {
        checkArrays(targets, predictions);
        int n = checkRows(targets.length, predictions.length);
        if (targets[0] == null || targets[0].length == 0) {
            throw new IllegalArgumentException("RegressionMetrics: row 0 of the targets is "
                    + (targets[0] == null ? "null" : "empty") + "; give one value per output in every row.");
        }
        int width = targets[0].length;
        for (int i = 0; i < n; i++) {
            checkRow(targets[i], "targets", i, width);
            checkRow(predictions[i], "predictions", i, width);
        }
        return new RegressionMetrics(n, width, (i, j) -> targets[i][j], (i, j) -> predictions[i][j]);
    }

    private static void checkArrays(Object targets, Object predictions) {
        if (targets == null || predictions == null) {
            throw new IllegalArgumentException("RegressionMetrics needs the targets and the predictions, but the "
                    + (targets == null ? "targets are" : "predictions are") + " null.");
        }
    }

    private static int checkRows(int targets, int predictions) {
        if (targets != predictions) {
            throw new IllegalArgumentException("RegressionMetrics got " + targets + " rows of targets but "
                    + predictions + " of predictions; give one prediction per target row.");
        }
        if (targets == 0) {
            throw new IllegalArgumentException("RegressionMetrics needs at least one row, but got none; evaluate on"
                    + " a non-empty data set.");
        }
        return targets;
    }

    private static void checkRow(float[] row, String what, int i, int width) {
        if (row == null) {
            throw new IllegalArgumentException("RegressionMetrics: row " + i + " of the " + what + " is null; give"
                    + " one array per row.");
        }
        if (row.length != width) {
            throw new IllegalArgumentException("RegressionMetrics: row " + i + " of the " + what + " holds "
                    + row.length + " values but row 0 of the targets holds " + width + "; every row needs one per"
                    + " output.");
        }
        for (int j = 0; j < width; j++) {
            checkFinite(row[j], what, i, width > 1 ? j : -1);
        }
    }

    private static void checkFinite(float v, String what, int i, int output) {
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException("RegressionMetrics: row " + i + " of the " + what + " holds " + v
                    + (output >= 0 ? " in output " + output : "") + "; every value must be finite (a model that"
                    + " predicts NaN or infinity has diverged, and a target that is one is missing data to drop or"
                    + " fill first).");
        }
    }

    private RegressionMetrics(int n, int outputs, Values targets, Values predictions) {
        this.samples = n;
        this.outputs = outputs;
        mae = new double[outputs];
        mse = new double[outputs];
        rmse = new double[outputs];
        r2 = new double[outputs];
        explainedVariance = new double[outputs];
        for (int j = 0; j < outputs; j++) {
            double absolute = 0;
            double squared = 0;
            double targetSum = 0;
            double residualSum = 0;
            for (int i = 0; i < n; i++) {
                double t = targets.at(i, j);
                double d = t - predictions.at(i, j);
                absolute += Math.abs(d);
                squared += d * d;
                targetSum += t;
                residualSum += d;
            }
            double targetMean = targetSum / n;
            double residualMean = residualSum / n;
            // Second passes around the means, so that a spread small beside the values' size is not lost.
            double spread = 0;
            double residualSpread = 0;
            for (int i = 0; i < n; i++) {
                double t = targets.at(i, j);
                double e = t - targetMean;
                double r = (t - predictions.at(i, j)) - residualMean;
                spread += e * e;
                residualSpread += r * r;
            }
            mae[j] = absolute / n;
            mse[j] = squared / n;
            rmse[j] = Math.sqrt(mse[j]);
            r2[j] = n < 2 ? Double.NaN : score(squared, spread);
            explainedVariance[j] = score(residualSpread / n, spread / n);
        }
    }

    /** 1 − unexplained/total, with scikit-learn's finite answers where the total is 0. */
    private static double score(double unexplained, double total) {
        if (unexplained == 0) {
            return 1;
        }
        return total == 0 ? 0 : 1 - unexplained / total;
    }

    /**
     * Number of rows measured.
     *
     * @return the row count
     */
    public int samples() {
        return samples;
    }

    /**
     * Number of outputs per row.
     *
     * @return the output count
     */
    public int outputs() {
        return outputs;
    }

    /**
     * Mean absolute error, averaged over the outputs.
     *
     * @return MAE, at least 0
     */
    public double mae() {
        return mean(mae);
    }

    /**
     * Mean absolute error of one output.
     *
     * @param output the output index
     * @return MAE, at least 0
     * @throws IllegalArgumentException when {@code output} is not an output index
     */
    public double mae(int output) {
        return mae[checkOutput(output)];
    }

    /**
     * Mean squared error, averaged over the outputs.
     *
     * @return MSE, at least 0
     */
    public double mse() {
        return mean(mse);
    }

    /**
     * Mean squared error of one output.
     *
     * @param output the output index
     * @return MSE, at least 0
     * @throws IllegalArgumentException when {@code output} is not an output index
     */
    public double mse(int output) {
        return mse[checkOutput(output)];
    }

    /**
     * Root mean squared error: the mean over the outputs of each output's RMSE.
     *
     * @return RMSE, at least 0
     */
    public double rmse() {
        return mean(rmse);
    }

    /**
     * Root mean squared error of one output.
     *
     * @param output the output index
     * @return RMSE, at least 0
     * @throws IllegalArgumentException when {@code output} is not an output index
     */
    public double rmse(int output) {
        return rmse[checkOutput(output)];
    }

    /**
     * Coefficient of determination R², averaged over the outputs: 1 for perfect predictions, 0 for predicting
     * the mean, negative for worse. NaN for a single row.
     *
     * @return R², at most 1
     */
    public double r2() {
        return mean(r2);
    }

    /**
     * R² of one output; see the class description for a constant target.
     *
     * @param output the output index
     * @return R², at most 1
     * @throws IllegalArgumentException when {@code output} is not an output index
     */
    public double r2(int output) {
        return r2[checkOutput(output)];
    }

    /**
     * Explained variance score, averaged over the outputs: as R², but a constant offset between predictions and
     * targets costs nothing.
     *
     * @return explained variance, at most 1
     */
    public double explainedVariance() {
        return mean(explainedVariance);
    }

    /**
     * Explained variance score of one output; see the class description for a constant target.
     *
     * @param output the output index
     * @return explained variance, at most 1
     * @throws IllegalArgumentException when {@code output} is not an output index
     */
    public double explainedVariance(int output) {
        return explainedVariance[checkOutput(output)];
    }

    /**
     * A table of the metrics, one line per output and their mean when there are several.
     *
     * @return the report, several lines
     */
    public String report() {
        StringBuilder sb = new StringBuilder();
        String header = "%-10s %12s %12s %12s %12s %12s%n";
        String row = "%-10s %12.5g %12.5g %12.5g %12.5g %12.5g%n";
        sb.append(String.format(Locale.ROOT, header, "output", "MAE", "MSE", "RMSE", "R²", "expl. var."));
        if (outputs > 1) {
            for (int j = 0; j < outputs; j++) {
                sb.append(String.format(Locale.ROOT, row, Integer.toString(j), mae[j], mse[j], rmse[j], r2[j],
                        explainedVariance[j]));
            }
        }
        sb.append(String.format(Locale.ROOT, row, outputs > 1 ? "mean" : "0", mae(), mse(), rmse(), r2(),
                explainedVariance()));
        sb.append(String.format(Locale.ROOT, "(%d samples)%n", samples));
        return sb.toString();
    }

    /**
     * One line: MAE, RMSE and R² averaged over the outputs, with the row and output counts.
     *
     * @return the summary
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "mae %.4g  rmse %.4g  r2 %.4f  (%d samples, %d outputs)", mae(), rmse(),
                r2(), samples, outputs);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private int checkOutput(int output) {
        if (output < 0 || output >= outputs) {
            throw new IllegalArgumentException("Output " + output + " is not one of these metrics' outputs, 0 to "
                    + (outputs - 1) + ".");
        }
        return output;
    }
}
