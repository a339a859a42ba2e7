package dev.kiln.runtime.metrics;

/**
 * ROC AUC and average precision of one yes/no question: how well scores rank the rows whose answer is yes
 * (positives) above the others (negatives). Both walk the distinct score values from the highest down, so rows
 * with equal scores are always taken together, as scikit-learn's curves take them.
 */
final class Ranking {

    private Ranking() {}

    /**
     * The area under the ROC curve: the chance that a random positive scores above a random negative, a tie
     * counting one half (the trapezoid over scikit-learn's curve, whose points are the distinct scores).
     *
     * @param positives scores of the positive rows, sorted ascending, at least one
     * @param negatives scores of the negative rows, sorted ascending, at least one
     */
    static double rocAuc(double[] positives, double[] negatives) {
        // Twice the count of (positive, negative) pairs ranked right, ties once: whole numbers, so exact in a
        // long for any int row count (at most n²/2).
        long twicePairs = 0;
        int p = 0;
        int n = 0;
        while (p < positives.length) {
            double v = positives[p];
            while (n < negatives.length && negatives[n] < v) {
                n++;
            }
            int below = n;
            int equal = 0;
            while (n + equal < negatives.length && negatives[n + equal] == v) {
                equal++;
            }
            int same = 0;
            while (p < positives.length && positives[p] == v) {
                p++;
                same++;
            }
            twicePairs += (long) same * (2L * below + equal);
        }
        return twicePairs / (2.0 * positives.length * negatives.length);
    }

    /**
     * Average precision: the precision at each distinct score, as a threshold that counts rows at or above it as
     * yes, weighted by the recall it adds ({@code Σ (Rₖ − Rₖ₋₁) Pₖ}, scikit-learn's step integral with no
     * interpolation). With no positives the recall is taken as 1 at every threshold, so nothing is added and
     * the result is 0, as scikit-learn returns it (with a warning).
     *
     * @param positives scores of the positive rows, sorted ascending
     * @param negatives scores of the negative rows, sorted ascending
     */
    static double averagePrecision(double[] positives, double[] negatives) {
        if (positives.length == 0) {
            return 0;
        }
        double sum = 0;
        long truePositives = 0;
        long falsePositives = 0;
        int p = positives.length - 1;
        int n = negatives.length - 1;
        while (p >= 0) {
            double v = Math.max(positives[p], n >= 0 ? negatives[n] : Double.NEGATIVE_INFINITY);
            int gained = 0;
            while (p >= 0 && positives[p] == v) {
                p--;
                gained++;
            }
            while (n >= 0 && negatives[n] == v) {
                n--;
                falsePositives++;
            }
            truePositives += gained;
            if (gained > 0) {
                sum += (double) gained / positives.length * ((double) truePositives / (truePositives + falsePositives));
            }
        }
        return sum;
    }
}
