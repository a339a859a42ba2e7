package dev.kiln.runtime.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The metrics people report for a classifier, from the true class of each row and the probabilities the model
 * gave each class: accuracy, balanced accuracy, the confusion matrix, per-class precision, recall, F1 and
 * support with their macro and weighted averages, ROC AUC, average precision, log loss and the Matthews
 * correlation. Each is computed in double as scikit-learn 1.2 computes it, and {@link #report()} prints them.
 *
 * <p>The predicted class of a row is its most probable class, the lowest index among equal largest
 * probabilities; for a single sigmoid output it is 1 when the probability is above 0.5 and 0 otherwise (0.5
 * itself is 0). That is how Kiln's accuracy counts.
 *
 * <p>Where a metric divides by zero it follows scikit-learn:
 * <ul>
 *   <li>a class never predicted has precision 0 (0/0), and a class with no rows among the labels recall 0; F1
 *       is 0 when precision and recall are both 0. scikit-learn warns and returns these same zeros;</li>
 *   <li>the macro averages are plain means over the classes that occur among the labels or the predictions
 *       (scikit-learn's default, {@code labels=None}): a class in neither, which {@link #precision(int)} and
 *       the report show as zeros, is left out rather than counted as 0. The weighted averages weigh each class
 *       by its support, so such a class has no weight anyway;</li>
 *   <li>balanced accuracy is the mean recall over the classes with rows among the labels;</li>
 *   <li>the Matthews correlation is 0 when the labels or the predictions hold a single class;</li>
 *   <li>ROC AUC counts a tie between a positive's and a negative's score as one half. It is undefined for a
 *       class with no rows among the labels, or with every row: {@link #rocAuc(int)} then throws
 *       {@link IllegalStateException}, and so does {@link #rocAuc()} when any class's is undefined (scikit-learn
 *       raises a {@code ValueError});</li>
 *   <li>average precision sums the precision at each distinct score, weighted by the recall it adds; rows with
 *       equal scores enter together. A class with no rows among the labels scores 0 (scikit-learn warns and
 *       returns 0), and that 0 is part of the multi-class macro average.</li>
 * </ul>
 *
 * <p>Log loss clips each probability to [ε, 1 − ε] with ε = 2⁻⁵² ≈ 2.2e-16 (double's machine epsilon) and
 * divides each row by its clipped sum, as scikit-learn 1.2's {@code log_loss} does for float64 input, so a
 * probability of 0 for the true class costs about 36 rather than infinity. (Given float32 arrays, scikit-learn
 * clips at float32's epsilon, 1.2e-7, instead.)
 *
 * <p>Each row of probabilities must sum to 1 within 1e-3: loose enough for float softmax outputs over many
 * classes, tight enough to catch logits or unnormalised scores passed by mistake. scikit-learn's multi-class
 * {@code roc_auc_score} is stricter (about 1e-5) and refuses rows it finds off; here such rows are ranked as
 * given.
 *
 * <p>All values are computed when the metrics are made; the object holds no reference to the arrays it was
 * given, is immutable, and may be shared between threads.
 */
public final class ClassificationMetrics {

    /** How far a row of probabilities may sum from 1: far above float softmax rounding, far below logits. */
    static final double ROW_SUM_TOLERANCE = 1e-3;

    private static final double EPSILON = Math.ulp(1.0);

    private final int classes;
    private final int samples;
    private final String[] names;
    private final int[] predicted;
    private final long[][] confusion;
    private final long[] support;
    private final long[] predictedCount;
    private final double[] precision;
    private final double[] recall;
    private final double[] f1;
    private final double[] rocAuc;
    private final double[] averagePrecision;
    private final double accuracy;
    private final double balancedAccuracy;
    private final int averaged;
    private final double macroPrecision;
    private final double macroRecall;
    private final double macroF1;
    private final double weightedPrecision;
    private final double weightedRecall;
    private final double weightedF1;
    private final double logLoss;
    private final double matthews;

    /** A row's probability of a class, as a double. */
    private interface Scores {
        double at(int row, int c);
    }

    /**
     * Metrics of a classifier whose rows of probabilities have one column per class (a softmax output, as a
     * Kiln model's {@code predict} returns it). A single column is read as one sigmoid output, the probability
     * of class 1, as {@link #binary(int[], float[])} reads it. Classes are named by their index.
     *
     * @param labels        the true class of each row, from 0
     * @param probabilities each row's probabilities, rows × classes, each row summing to 1 (within 1e-3)
     * @return the metrics
     * @throws IllegalArgumentException when an array is null or empty, the lengths do not agree, a label is not
     *                                  a class index, or a probability is NaN, outside [0, 1], or a row's do not
     *                                  sum to 1
     */
    public static ClassificationMetrics of(int[] labels, float[][] probabilities) {
        return of(labels, probabilities, null);
    }

    /**
     * As {@link #of(int[], float[][])}, with names for the classes in {@link #report()}.
     *
     * @param labels        the true class of each row, from 0
     * @param probabilities each row's probabilities, rows × classes
     * @param classNames    one name per class (two for a single column), or null to name them by index
     * @return the metrics
     * @throws IllegalArgumentException as {@link #of(int[], float[][])}, or when a name is null or there are
     *                                  not as many names as classes
     */
    public static ClassificationMetrics of(int[] labels, float[][] probabilities, String[] classNames) {
        if (probabilities == null) {
            throw new IllegalArgumentException("ClassificationMetrics needs each row's class probabilities, but got"
                    + " null; pass what the model's predict returned for the rows.");
        }
        int rows = checkLabels(labels, probabilities.length);
        for (int i = 0; i < rows; i++) {
            if (probabilities[i] == null) {
                throw new IllegalArgumentException("ClassificationMetrics: the probabilities of row " + i
                        + " are null; give one array per row.");
            }
        }
        int columns = probabilities[0].length;
        if (columns == 0) {
            throw new IllegalArgumentException("ClassificationMetrics: row 0 holds no probabilities; give one per"
                    + " class, or one for a single sigmoid output.");
        }
        for (int i = 0; i < rows; i++) {
            if (probabilities[i].length != columns) {
                throw new IllegalArgumentException("ClassificationMetrics: row " + i + " holds "
                        + probabilities[i].length + " probabilities but row 0 holds " + columns
                        + "; every row needs one per class.");
            }
        }
        if (columns == 1) {
            float[] positive = new float[rows];
            for (int i = 0; i < rows; i++) {
                positive[i] = probabilities[i][0];
            }
            return binary(labels, positive, classNames);
        }
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int c = 0; c < columns; c++) {
                checkProbability(probabilities[i][c], i, c);
                sum += probabilities[i][c];
            }
            if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
                throw new IllegalArgumentException("ClassificationMetrics: the probabilities of row " + i + " sum to "
                        + format("%.6f", sum) + ", not 1; give softmax outputs (probabilities), not logits or unnormalised scores.");
            }
        }
        checkLabelRange(labels, columns);
        return new ClassificationMetrics(labels, columns, false, names(classNames, columns),
                (row, c) -> probabilities[row][c] + 0.0);
    }

    /**
     * Metrics of a yes/no classifier with one sigmoid output: the probability of class 1 for each row. Class 1 is
     * predicted when it is above 0.5. Classes are named 0 and 1.
     *
     * @param labels        the true class of each row, 0 or 1
     * @param probabilities each row's probability of class 1
     * @return the metrics
     * @throws IllegalArgumentException when an array is null or empty, the lengths do not agree, a label is
     *                                  not 0 or 1, or a probability is NaN or outside [0, 1]
     */
    public static ClassificationMetrics binary(int[] labels, float[] probabilities) {
        return binary(labels, probabilities, null);
    }

    /**
     * As {@link #binary(int[], float[])}, with names for the two classes in {@link #report()}.
     *
     * @param labels        the true class of each row, 0 or 1
     * @param probabilities each row's probability of class 1
     * @param classNames    the names of class 0 and class 1, or null for "0" and "1"
     * @return the metrics
     * @throws IllegalArgumentException as {@link #binary(int[], float[])}, or when {@code classNames} does not
     *                                  hold two non-null names
     */
    public static ClassificationMetrics binary(int[] labels, float[] probabilities, String[] classNames) {
        if (probabilities == null) {
            throw new IllegalArgumentException("ClassificationMetrics.binary needs each row's probability of class"
                    + " 1, but got null; pass the sigmoid outputs the model predicted for the rows.");
        }
        int rows = checkLabels(labels, probabilities.length);
        for (int i = 0; i < rows; i++) {
            checkProbability(probabilities[i], i, 1);
        }
        checkLabelRange(labels, 2);
        // Class 0's score is 1 − p, so that its one-vs-rest figures read as those of a two-column softmax.
        return new ClassificationMetrics(labels, 2, true, names(classNames, 2),
                (row, c) -> c == 1 ? probabilities[row] + 0.0 : 1.0 - probabilities[row]);
    }

    private ClassificationMetrics(int[] labels, int classes, boolean binary, String[] names, Scores scores) {
        this.classes = classes;
        this.samples = labels.length;
        this.names = names;
        int n = samples;

        predicted = new int[n];
        for (int i = 0; i < n; i++) {
            predicted[i] = binary ? (scores.at(i, 1) > 0.5 ? 1 : 0) : argmax(scores, i, classes);
        }
        confusion = new long[classes][classes];
        support = new long[classes];
        predictedCount = new long[classes];
        long correct = 0;
        for (int i = 0; i < n; i++) {
            confusion[labels[i]][predicted[i]]++;
            support[labels[i]]++;
            predictedCount[predicted[i]]++;
            if (labels[i] == predicted[i]) {
                correct++;
            }
        }
        accuracy = (double) correct / n;

        precision = new double[classes];
        recall = new double[classes];
        f1 = new double[classes];
        double recallSum = 0;
        int withRows = 0;
        double[] macro = new double[3];
        double[] weighted = new double[3];
        int inUse = 0;
        for (int c = 0; c < classes; c++) {
            long tp = confusion[c][c];
            precision[c] = predictedCount[c] == 0 ? 0 : (double) tp / predictedCount[c];
            recall[c] = support[c] == 0 ? 0 : (double) tp / support[c];
            double sum = precision[c] + recall[c];
            f1[c] = sum == 0 ? 0 : 2 * precision[c] * recall[c] / sum;
            if (support[c] > 0) {
                recallSum += recall[c];
                withRows++;
            }
            if (support[c] > 0 || predictedCount[c] > 0) {
                macro[0] += precision[c];
                macro[1] += recall[c];
                macro[2] += f1[c];
                inUse++;
            }
            weighted[0] += precision[c] * support[c];
            weighted[1] += recall[c] * support[c];
            weighted[2] += f1[c] * support[c];
        }
        balancedAccuracy = recallSum / withRows;
        averaged = inUse;
        macroPrecision = macro[0] / inUse;
        macroRecall = macro[1] / inUse;
        macroF1 = macro[2] / inUse;
        weightedPrecision = weighted[0] / n;
        weightedRecall = weighted[1] / n;
        weightedF1 = weighted[2] / n;
        matthews = matthews(confusion, n);
        logLoss = logLoss(labels, scores, classes, binary);

        rocAuc = new double[classes];
        averagePrecision = new double[classes];
        for (int c = 0; c < classes; c++) {
            double[] positives = new double[(int) support[c]];
            double[] negatives = new double[n - positives.length];
            int p = 0;
            int q = 0;
            for (int i = 0; i < n; i++) {
                if (labels[i] == c) {
                    positives[p++] = scores.at(i, c);
                } else {
                    negatives[q++] = scores.at(i, c);
                }
            }
            Arrays.sort(positives);
            Arrays.sort(negatives);
            rocAuc[c] = p == 0 || q == 0 ? Double.NaN : Ranking.rocAuc(positives, negatives);
            averagePrecision[c] = Ranking.averagePrecision(positives, negatives);
        }
    }

    private static int argmax(Scores scores, int row, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (scores.at(row, c) > scores.at(row, best)) {
                best = c;
            }
        }
        return best;
    }

    /** scikit-learn's multi-class form, from the confusion matrix's row sums, column sums and trace. */
    private static double matthews(long[][] confusion, int n) {
        int k = confusion.length;
        double trueDotPredicted = 0;
        double trueSquares = 0;
        double predictedSquares = 0;
        double correct = 0;
        for (int c = 0; c < k; c++) {
            double t = 0;
            double p = 0;
            for (int j = 0; j < k; j++) {
                t += confusion[c][j];
                p += confusion[j][c];
            }
            trueDotPredicted += t * p;
            trueSquares += t * t;
            predictedSquares += p * p;
            correct += confusion[c][c];
        }
        double samples = n;
        double covariance = correct * samples - trueDotPredicted;
        double predictedVariance = samples * samples - predictedSquares;
        double trueVariance = samples * samples - trueSquares;
        if (predictedVariance * trueVariance == 0) {
            return 0;
        }
        return covariance / Math.sqrt(trueVariance * predictedVariance);
    }

    /** Mean of −ln(p of the true class), each row clipped to [ε, 1 − ε] and divided by its clipped sum. */
    private static double logLoss(int[] labels, Scores scores, int classes, boolean binary) {
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            double p;
            if (binary) {
                // scikit-learn clips the one column it is given and only then makes 1 − p.
                double one = clip(scores.at(i, 1));
                double zero = 1 - one;
                p = (labels[i] == 1 ? one : zero) / (zero + one);
            } else {
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    sum += clip(scores.at(i, c));
                }
                p = clip(scores.at(i, labels[i])) / sum;
            }
            total -= Math.log(p);
        }
        return total / labels.length;
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, EPSILON), 1 - EPSILON);
    }

    private static int checkLabels(int[] labels, int rows) {
        if (labels == null) {
            throw new IllegalArgumentException("ClassificationMetrics needs the true class of each row, but the labels"
                    + " are null.");
        }
        if (labels.length != rows) {
            throw new IllegalArgumentException("ClassificationMetrics got " + labels.length + " labels but " + rows
                    + " rows of probabilities; give one label per row.");
        }
        if (rows == 0) {
            throw new IllegalArgumentException("ClassificationMetrics needs at least one row, but got none; evaluate"
                    + " on a non-empty data set.");
        }
        return rows;
    }

    private static void checkLabelRange(int[] labels, int classes) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("ClassificationMetrics: the label of row " + i + " is " + labels[i]
                        + ", but the probabilities cover classes 0 to " + (classes - 1) + "; labels are class indices"
                        + " from 0, one per probability column" + (classes == 2 ? " (0 or 1 for a sigmoid output)."
                        : "."));
            }
        }
    }

    private static void checkProbability(float p, int row, int c) {
        if (Float.isNaN(p)) {
            throw new IllegalArgumentException("ClassificationMetrics: the probability of class " + c + " in row "
                    + row + " is NaN; a model that predicts NaN has diverged, so retrain it (a lower learning rate"
                    + " or gradient clipping) before measuring it.");
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("ClassificationMetrics: the probability of class " + c + " in row "
                    + row + " is " + p + ", outside [0, 1]; give probabilities (softmax or sigmoid outputs), not"
                    + " logits.");
        }
    }

    private static String[] names(String[] given, int classes) {
        if (given == null) {
            String[] names = new String[classes];
            for (int c = 0; c < classes; c++) {
                names[c] = Integer.toString(c);
            }
            return names;
        }
        if (given.length != classes) {
            throw new IllegalArgumentException("ClassificationMetrics got " + given.length + " class names for "
                    + classes + " classes; give one name per class, or null to name them by index.");
        }
        for (int c = 0; c < classes; c++) {
            if (given[c] == null) {
                throw new IllegalArgumentException("ClassificationMetrics: the name of class " + c + " is null; give"
                        + " every class a name, or pass null for the array to name them by index.");
            }
        }
        return given.clone();
    }

    /**
     * Number of classes: the probability columns, or 2 for a single sigmoid output.
     *
     * @return the class count
     */
    public int classes() {
        return classes;
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
     * A class's name, as given or its index.
     *
     * @param c the class index
     * @return the name
     * @throws IllegalArgumentException when {@code c} is not a class index
     */
    public String className(int c) {
        return names[checkClass(c)];
    }

    /**
     * The predicted class of each row (a copy).
     *
     * @return one class index per row
     */
    public int[] predictions() {
        return predicted.clone();
    }

    /**
     * Fraction of rows whose predicted class is their true class.
     *
     * @return accuracy in [0, 1]
     */
    public double accuracy() {
        return accuracy;
    }

    /**
     * Mean recall over the classes that have rows among the labels: accuracy with each class weighted equally.
     *
     * @return balanced accuracy in [0, 1]
     */
    public double balancedAccuracy() {
        return balancedAccuracy;
    }

    /**
     * Counts of rows by true class (row index) and predicted class (column index), classes × classes (a copy).
     *
     * @return the confusion matrix
     */
    public long[][] confusionMatrix() {
        long[][] copy = new long[classes][];
        for (int c = 0; c < classes; c++) {
            copy[c] = confusion[c].clone();
        }
        return copy;
    }

    /**
     * Of the rows predicted as class {@code c}, the fraction that are; 0 when none is predicted as it.
     *
     * @param c the class index
     * @return precision in [0, 1]
     * @throws IllegalArgumentException when {@code c} is not a class index
     */
    public double precision(int c) {
        return precision[checkClass(c)];
    }

    /**
     * Of the rows of class {@code c}, the fraction predicted as it; 0 when no row is of it.
     *
     * @param c the class index
     * @return recall in [0, 1]
     * @throws IllegalArgumentException when {@code c} is not a class index
     */
    public double recall(int c) {
        return recall[checkClass(c)];
    }

    /**
     * Harmonic mean of class {@code c}'s precision and recall; 0 when both are 0.
     *
     * @param c the class index
     * @return F1 in [0, 1]
     * @throws IllegalArgumentException when {@code c} is not a class index
     */
    public double f1(int c) {
        return f1[checkClass(c)];
    }

    /**
     * Number of rows whose true class is {@code c}.
     *
     * @param c the class index
     * @return the class's row count
     * @throws IllegalArgumentException when {@code c} is not a class index
     */
    public long support(int c) {
        return support[checkClass(c)];
    }

    /**
     * Mean precision over the classes that occur among the labels or the predictions.
     *
     * @return macro-averaged precision
     */
    public double macroPrecision() {
        return macroPrecision;
    }

    /**
     * Mean recall over the classes that occur among the labels or the predictions.
     *
     * @return macro-averaged recall
     */
    public double macroRecall() {
        return macroRecall;
    }

    /**
     * Mean F1 over the classes that occur among the labels or the predictions (the mean of the classes' F1, not
     * the F1 of the mean precision and recall).
     *
     * @return macro-averaged F1
     */
    public double macroF1() {
        return macroF1;
    }

    /**
     * The classes' precision weighted by their support.
     *
     * @return weighted precision
     */
    public double weightedPrecision() {
        return weightedPrecision;
    }

    /**
     * The classes' recall weighted by their support (equal to accuracy, up to rounding).
     *
     * @return weighted recall
     */
    public double weightedRecall() {
        return weightedRecall;
    }

    /**
     * The classes' F1 weighted by their support.
     *
     * @return weighted F1
     */
    public double weightedF1() {
        return weightedF1;
    }

    /**
     * Area under the ROC curve. With two classes, that of class 1's score; with more, the mean of each class's
     * one-vs-rest area ({@code roc_auc_score(y, P, multi_class='ovr', average='macro')}).
     *
     * @return ROC AUC in [0, 1]
     * @throws IllegalStateException when a class (with more than two) or class 1 (with two) has no rows among the
     *                               labels or every row, where no ranking of positives over negatives exists
     */
    public double rocAuc() {
        if (classes == 2) {
            return rocAuc(1);
        }
        List<String> undefined = new ArrayList<>();
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            if (Double.isNaN(rocAuc[c])) {
                undefined.add(describe(c));
            }
            sum += rocAuc[c];
        }
        if (!undefined.isEmpty()) {
            throw new IllegalStateException("ROC AUC is undefined: its one-vs-rest average needs each class to have"
                    + " some of the rows but not all, and " + String.join(", ", undefined) + " among the " + samples
                    + " labels (scikit-learn raises here too); measure it on data that holds every class, or read"
                    + " rocAuc(c) of the classes that have rows.");
        }
        return sum / classes;
    }

    /**
     * Area under the one-vs-rest ROC curve of class {@code c}: how well its probability ranks its rows above the
     * others', a tie counting one half.
     *
     * @param c the class index
     * @return ROC AUC in [0, 1]
     * @throws IllegalArgumentException when {@code c} is not a class index
     * @throws IllegalStateException    when class {@code c} has no rows among the labels, or every row
     */
    public double rocAuc(int c) {
        checkClass(c);
        if (Double.isNaN(rocAuc[c])) {
            throw new IllegalStateException("The ROC AUC of class " + c + " is undefined: " + describe(c)
                    + " among the " + samples + " labels, so there is no pair of a row of it and a row of another"
                    + " class to rank (scikit-learn raises here too); measure it on data with rows of both kinds.");
        }
        return rocAuc[c];
    }

    /**
     * Average precision. With two classes, that of class 1's score ({@code average_precision_score}); with more,
     * the mean of each class's one-vs-rest figure, a class with no rows counting 0.
     *
     * @return average precision in [0, 1]
     */
    public double averagePrecision() {
        if (classes == 2) {
            return averagePrecision[1];
        }
        double sum = 0;
        for (double ap : averagePrecision) {
            sum += ap;
        }
        return sum / classes;
    }

    /**
     * One-vs-rest average precision of class {@code c}: 0 when it has no rows among the labels.
     *
     * @param c the class index
     * @return average precision in [0, 1]
     * @throws IllegalArgumentException when {@code c} is not a class index
     */
    public double averagePrecision(int c) {
        return averagePrecision[checkClass(c)];
    }

    /**
     * Mean negative natural log of the probability given to each row's true class (cross-entropy), with the
     * probabilities clipped as described above.
     *
     * @return log loss, at least 0
     */
    public double logLoss() {
        return logLoss;
    }

    /**
     * Matthews correlation coefficient in its multi-class form: the correlation between true and predicted
     * classes, 1 for a perfect classifier, 0 for chance, and 0 when the labels or the predictions hold a single
     * class.
     *
     * @return the correlation in [−1, 1]
     */
    public double matthewsCorrelation() {
        return matthews;
    }

    /**
     * A labelled confusion matrix, a per-class table laid out as scikit-learn's {@code classification_report}
     * (precision, recall, F1 and support, then accuracy and the macro and weighted averages), and balanced
     * accuracy, Matthews correlation, ROC AUC, average precision and log loss.
     *
     * @return the report, several lines
     */
    public String report() {
        StringBuilder sb = new StringBuilder();
        int nameWidth = "weighted avg".length();
        for (String name : names) {
            nameWidth = Math.max(nameWidth, name.length());
        }
        // Each column as wide as its class's name or its largest count; the row names as wide as the longest.
        int rowWidth = 0;
        int[] cell = new int[classes];
        for (int c = 0; c < classes; c++) {
            rowWidth = Math.max(rowWidth, names[c].length());
            cell[c] = names[c].length();
            for (int t = 0; t < classes; t++) {
                cell[c] = Math.max(cell[c], Long.toString(confusion[t][c]).length());
            }
        }
        sb.append("Confusion matrix (rows: true class, columns: predicted class)\n");
        sb.append(" ".repeat(rowWidth));
        for (int c = 0; c < classes; c++) {
            sb.append("  ").append(pad(names[c], cell[c]));
        }
        sb.append('\n');
        for (int t = 0; t < classes; t++) {
            sb.append(pad(names[t], rowWidth));
            for (int c = 0; c < classes; c++) {
                sb.append("  ").append(pad(Long.toString(confusion[t][c]), cell[c]));
            }
            sb.append('\n');
        }
        sb.append('\n');
        String header = "%" + nameWidth + "s %9s %9s %9s %9s%n";
        String row = "%" + nameWidth + "s %9.4f %9.4f %9.4f %9d%n";
        sb.append(format(header, "", "precision", "recall", "f1-score", "support")).append('\n');
        for (int c = 0; c < classes; c++) {
            sb.append(format(row, names[c], precision[c], recall[c], f1[c], support[c]));
        }
        sb.append('\n');
        sb.append(format("%" + nameWidth + "s %9s %9s %9.4f %9d%n", "accuracy", "", "", accuracy, samples));
        sb.append(format(row, "macro avg", macroPrecision, macroRecall, macroF1, samples));
        sb.append(format(row, "weighted avg", weightedPrecision, weightedRecall, weightedF1, samples));
        if (averaged < classes) {
            sb.append(format("(macro averages over the %d classes found among the labels or predictions)%n",
                    averaged));
        }
        sb.append('\n');
        sb.append(format("balanced accuracy  %.4f%n", balancedAccuracy));
        sb.append(format("Matthews corr.     %.4f%n", matthews));
        String auc;
        try {
            auc = format("%.4f", rocAuc());
        } catch (IllegalStateException e) {
            auc = "undefined (" + undefinedAuc() + " among the labels)";
        }
        sb.append("ROC AUC            ").append(auc).append('\n');
        sb.append(format("average precision  %.4f%n", averagePrecision()));
        sb.append(format("log loss           %.4f%n", logLoss));
        return sb.toString();
    }

    /**
     * One line: accuracy, macro F1, log loss, rows and classes.
     *
     * @return the summary
     */
    @Override
    public String toString() {
        return format("accuracy %.4f  macro F1 %.4f  log loss %.4f  (%d samples, %d classes)", accuracy, macroF1,
                logLoss, samples, classes);
    }

    private String undefinedAuc() {
        List<String> undefined = new ArrayList<>();
        for (int c = classes == 2 ? 1 : 0; c < classes; c++) {
            if (Double.isNaN(rocAuc[c])) {
                undefined.add(describe(c));
            }
        }
        return String.join(", ", undefined);
    }

    /** Why class {@code c}'s ROC AUC is undefined, in words. */
    private String describe(int c) {
        String name = names[c].equals(Integer.toString(c)) ? "class " + c : "class " + c + " (" + names[c] + ")";
        return support[c] == 0 ? name + " has no rows" : name + " has every row";
    }

    private int checkClass(int c) {
        if (c < 0 || c >= classes) {
            throw new IllegalArgumentException("Class " + c + " is not one of these metrics' classes, 0 to "
                    + (classes - 1) + ".");
        }
        return c;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
