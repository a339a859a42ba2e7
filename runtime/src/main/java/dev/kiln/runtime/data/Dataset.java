package dev.kiln.runtime.data;

import dev.kiln.runtime.Rng;

/**
 * An in-memory data set: {@code rows} feature rows of {@code width} floats, stored row-major in one array,
 * with either an integer class label per row (classification) or {@code targetWidth} float targets per
 * row (regression, binary targets). Arrays are used as given, not copied, so a 60,000-image set is held
 * once; do not change them while a model uses the data set.
 */
public final class Dataset {

    private final float[] features;
    private final int rows;
    private final int width;
    private final int[] labels;
    private final float[] targets;
    private final int targetWidth;

    private Dataset(float[] features, int width, int[] labels, float[] targets, int targetWidth) {
        if (features == null) {
            throw new IllegalArgumentException("Dataset features are null; give the feature rows as a row-major"
                    + " float array.");
        }
        if (width <= 0) {
            throw new IllegalArgumentException("Dataset width must be at least 1, but was " + width + ".");
        }
        if (features.length % width != 0) {
            throw new IllegalArgumentException("Dataset features hold " + features.length
                    + " floats, which is not a whole number of rows of width " + width + ".");
        }
        this.features = features;
        this.width = width;
        this.rows = features.length / width;
        this.labels = labels;
        this.targets = targets;
        this.targetWidth = targetWidth;
        if (labels != null && labels.length != rows) {
            throw new IllegalArgumentException("Dataset has " + rows + " feature rows but " + labels.length
                    + " labels; give one label per row.");
        }
        if (targets != null && targets.length != (long) rows * targetWidth) {
            throw new IllegalArgumentException("Dataset has " + rows + " feature rows but " + targets.length
                    + " target values; give " + targetWidth + " per row (" + (long) rows * targetWidth + ").");
        }
    }

    /**
     * A classification set: features row-major ({@code labels.length × width}), one class index per row.
     *
     * @throws IllegalArgumentException when an array is null, {@code width < 1}, or the lengths do not agree
     */
    public static Dataset ofClasses(float[] features, int width, int[] labels) {
        if (labels == null) {
            throw new IllegalArgumentException("Dataset labels are null; give one class index per row (for float"
                    + " targets use Dataset.ofTargets).");
        }
        return new Dataset(features, width, labels, null, 0);
    }

    /**
     * A classification set from one array per row.
     *
     * @throws IllegalArgumentException when an array or a row is null, there are no rows, row 0 is empty, or rows
     *                                  differ in width
     */
    public static Dataset ofClasses(float[][] features, int[] labels) {
        return ofClasses(flatten(features, "feature"), widthOf(features, "feature"), labels);
    }

    /**
     * A set with float targets: features row-major, {@code targetWidth} targets per row, row-major.
     *
     * @throws IllegalArgumentException when an array is null, a width is below 1, or the lengths do not agree
     */
    public static Dataset ofTargets(float[] features, int width, float[] targets, int targetWidth) {
        if (targets == null) {
            throw new IllegalArgumentException("Dataset targets are null; give " + Math.max(targetWidth, 1)
                    + " float targets per row (for class labels use Dataset.ofClasses).");
        }
        if (targetWidth <= 0) {
            throw new IllegalArgumentException("Dataset targetWidth must be at least 1, but was " + targetWidth + ".");
        }
        return new Dataset(features, width, null, targets, targetWidth);
    }

    /**
     * A set with float targets from one array per row.
     *
     * @throws IllegalArgumentException when an array or a row is null, there are no rows, row 0 is empty, or rows
     *                                  differ in width
     */
    public static Dataset ofTargets(float[][] features, float[][] targets) {
        float[] x = flatten(features, "feature");
        float[] y = flatten(targets, "target");
        if (features.length != targets.length) {
            throw new IllegalArgumentException("Dataset has " + features.length + " feature rows but "
                    + targets.length + " target rows; give one target row per feature row.");
        }
        return ofTargets(x, widthOf(features, "feature"), y, widthOf(targets, "target"));
    }

    private static int widthOf(float[][] rows, String what) {
        if (rows == null) {
            throw new IllegalArgumentException("Dataset " + what + " rows are null; give one float array per row.");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("Dataset needs at least one " + what + " row, but got none.");
        }
        if (rows[0] == null) {
            throw new IllegalArgumentException("Dataset " + what + " row 0 is null; every row needs its values.");
        }
        if (rows[0].length == 0) {
            // The width comes from row 0, but the caller gave rows, not a width: say what is wrong with them.
            throw new IllegalArgumentException("Dataset " + what + " row 0 is empty; every row needs at least one"
                    + " value.");
        }
        return rows[0].length;
    }

    private static float[] flatten(float[][] rows, String what) {
        int w = widthOf(rows, what);
        if ((long) rows.length * w > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("Dataset " + what + "s: " + rows.length + " rows of " + w
                    + " values are more than one Java array can hold; use fewer rows.");
        }
        float[] flat = new float[rows.length * w];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                throw new IllegalArgumentException("Dataset " + what + " row " + i + " is null; every row needs its"
                        + " values.");
            }
            if (rows[i].length != w) {
                throw new IllegalArgumentException("Dataset " + what + " row " + i + " has " + rows[i].length
                        + " values but row 0 has " + w + "; all rows must have the same width.");
            }
            System.arraycopy(rows[i], 0, flat, i * w, w);
        }
        return flat;
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Features per row. */
    public int width() {
        return width;
    }

    /** True for a classification set (integer labels), false for float targets. */
    public boolean hasLabels() {
        return labels != null;
    }

    /** The row-major feature array (not a copy). */
    public float[] features() {
        return features;
    }

    /**
     * The features as one array per row (copies), the shape {@code predict} takes, e.g. to score a test set with
     * {@code ClassificationMetrics}.
     *
     * @return {@link #rows()} arrays of {@link #width()} values
     */
    public float[][] featureRows() {
        float[][] rows = new float[rows()][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = java.util.Arrays.copyOfRange(features, r * width, (r + 1) * width);
        }
        return rows;
    }

    /** The class labels (not a copy), or null for a set with float targets. */
    public int[] labels() {
        return labels;
    }

    /** The row-major targets (not a copy), or null for a classification set. */
    public float[] targets() {
        return targets;
    }

    /** Targets per row; 0 for a classification set. */
    public int targetWidth() {
        return targetWidth;
    }

    /**
     * The index of the first target value outside {@code [min, max]} (or NaN), in the row-major
     * {@link #targets()} array, or -1 when every target is inside. The row is {@code index / targetWidth()}.
     * For a loss that needs targets in a range, such as binary cross-entropy in [0, 1].
     *
     * @throws IllegalStateException when this is a classification set, which has no float targets
     */
    public int targetsOutside(float min, float max) {
        if (targets == null) {
            throw new IllegalStateException("This data set holds class labels, not float targets.");
        }
        for (int i = 0; i < targets.length; i++) {
            float t = targets[i];
            if (!(t >= min && t <= max)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A new data set holding copies of the given rows, in the given order (a row may appear more than once).
     *
     * @throws IllegalArgumentException when {@code indices} is null or holds an index outside {@code [0, rows)}
     */
    public Dataset select(int[] indices) {
        if (indices == null) {
            throw new IllegalArgumentException("Dataset.select needs an array of row indexes, but got null.");
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= rows) {
                throw new IllegalArgumentException("Dataset.select: index " + indices[i] + " at position " + i
                        + " is not a row of this data set, whose rows are 0 to " + (rows - 1) + ".");
            }
        }
        if ((long) indices.length * width > Integer.MAX_VALUE - 16
                || (long) indices.length * targetWidth > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("Dataset.select: " + indices.length + " rows of " + width
                    + " features are more than one Java array can hold; select fewer rows.");
        }
        float[] f = new float[indices.length * width];
        int[] l = labels == null ? null : new int[indices.length];
        float[] t = targets == null ? null : new float[indices.length * targetWidth];
        for (int i = 0; i < indices.length; i++) {
            int r = indices[i];
            System.arraycopy(features, r * width, f, i * width, width);
            if (l != null) {
                l[i] = labels[r];
            }
            if (t != null) {
                System.arraycopy(targets, r * targetWidth, t, i * targetWidth, targetWidth);
            }
        }
        return new Dataset(f, width, l, t, targetWidth);
    }

    /**
     * Rows {@code [from, to)} as a new data set.
     *
     * @throws IllegalArgumentException unless {@code 0 <= from <= to <= rows()}
     */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IllegalArgumentException("Dataset.slice(" + from + ", " + to + ") is not a range of this data"
                    + " set's " + rows + " rows; give 0 <= from <= to <= " + rows + ".");
        }
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return select(idx);
    }

    /**
     * Splits into two sets by a seeded random permutation: the first holds {@code round(fraction·rows)}
     * rows. The same seed gives the same split.
     *
     * @throws IllegalArgumentException unless {@code 0 < fraction < 1} (NaN included)
     */
    public Split split(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("Dataset.split fraction is the share of rows in the first part and"
                    + " must be between 0 and 1 (both excluded), but was " + fraction + ".");
        }
        int[] perm = new int[rows];
        for (int i = 0; i < rows; i++) {
            perm[i] = i;
        }
        new Rng(seed).shuffle(perm, rows);
        int first = (int) Math.round(fraction * rows);
        return new Split(select(java.util.Arrays.copyOfRange(perm, 0, first)),
                select(java.util.Arrays.copyOfRange(perm, first, rows)));
    }

    /**
     * As {@link #split}, keeping each class's share on both sides: each class's rows are shuffled with the seed
     * and {@code round(fraction·count)} of them go to the first part (but a class of two rows or more keeps one on
     * each side), so that a rare class is not left out of validation or test by chance. Classes are the labels, or the two values of one-column float targets that
     * hold only 0 and 1 (yes/no); other targets are numbers, split as {@link #split} does. Rows keep their order within each part.
     *
     * @throws IllegalArgumentException unless {@code 0 < fraction < 1}
     */
    public Split stratifiedSplit(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("Dataset.stratifiedSplit fraction is the share of rows in the first part"
                    + " and must be between 0 and 1 (both excluded), but was " + fraction + ".");
        }
        int[][] byClass = rowsByClass();
        if (byClass == null) {
            return split(fraction, seed);
        }
        Rng rng = new Rng(seed);
        boolean[] first = new boolean[rows];
        for (int[] members : byClass) {
            rng.shuffle(members, members.length);
            int n = (int) Math.round(fraction * members.length);
            if (members.length >= 2) {
                // a class of two rows or more has a row on each side
                n = Math.max(1, Math.min(members.length - 1, n));
            }
            for (int i = 0; i < n; i++) {
                first[members[i]] = true;
            }
        }
        Split split = new Split(select(where(first, true)), select(where(first, false)));
        if (split.first().rows() == 0 || split.second().rows() == 0) {
            throw new IllegalArgumentException("Dataset.stratifiedSplit(" + fraction + ") of " + rows + " rows leaves"
                    + " the " + (split.first().rows() == 0 ? "first" : "second") + " part empty; give more rows.");
        }
        return split;
    }

    /**
     * {@code k} folds for cross-validation: each row is in the validation part of exactly one fold and in the
     * training part of the others. With {@code stratified}, each class's rows (as {@link #stratifiedSplit} reads
     * classes) are shuffled with the seed and dealt to the folds in turn, so every fold holds about the same
     * share of each class (scikit-learn's StratifiedKFold); otherwise all rows are (KFold with shuffling).
     *
     * @param k          the number of folds, from 2 to the number of rows
     * @param seed       the shuffle's seed
     * @param stratified whether each fold keeps the classes' shares
     * @return the folds, each as (training rows, validation rows)
     */
    public java.util.List<Split> folds(int k, long seed, boolean stratified) {
        if (k < 2 || k > rows) {
            throw new IllegalArgumentException("Cross-validation needs at least 2 folds and at least as many rows as"
                    + " folds; this data set has " + rows + (rows == 1 ? " row" : " rows") + " and " + k
                    + (k == 1 ? " fold was" : " folds were") + " asked for.");
        }
        int[][] groups = stratified ? rowsByClass() : null;
        if (groups == null) {
            int[] all = new int[rows];
            for (int i = 0; i < rows; i++) {
                all[i] = i;
            }
            groups = new int[][] {all};
        }
        int[] fold = new int[rows];
        Rng rng = new Rng(seed);
        int next = 0;
        for (int[] members : groups) {
            rng.shuffle(members, members.length);
            for (int member : members) {
                fold[member] = next;
                next = (next + 1) % k;
            }
        }
        java.util.List<Split> folds = new java.util.ArrayList<>();
        for (int f = 0; f < k; f++) {
            boolean[] training = new boolean[rows];
            for (int r = 0; r < rows; r++) {
                training[r] = fold[r] != f;
            }
            folds.add(new Split(select(where(training, true)), select(where(training, false))));
        }
        return java.util.List.copyOf(folds);
    }

    /** The rows of each class in row order, or null for regression targets. */
    private int[][] rowsByClass() {
        int[] cls = new int[rows];
        int classes = 0;
        if (labels != null) {
            for (int r = 0; r < rows; r++) {
                if (labels[r] < 0) {
                    throw new IllegalArgumentException("Row " + r + " has the label " + labels[r] + "; class labels"
                            + " start at 0.");
                }
                cls[r] = labels[r];
                classes = Math.max(classes, labels[r] + 1);
            }
        } else if (targetWidth == 1) {
            for (int r = 0; r < rows; r++) {
                if (!(targets[r] == 0f || targets[r] == 1f)) {
                    return null; // a number, not a yes/no
                }
                cls[r] = targets[r] == 1f ? 1 : 0;
            }
            classes = 2;
        } else {
            return null;
        }
        int[] counts = new int[classes];
        for (int c : cls) {
            counts[c]++;
        }
        int[][] byClass = new int[classes][];
        for (int c = 0; c < classes; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] at = new int[classes];
        for (int r = 0; r < rows; r++) {
            byClass[cls[r]][at[cls[r]]++] = r;
        }
        return byClass;
    }

    private static int[] where(boolean[] flags, boolean value) {
        int n = 0;
        for (boolean f : flags) {
            n += f == value ? 1 : 0;
        }
        int[] idx = new int[n];
        int i = 0;
        for (int r = 0; r < flags.length; r++) {
            if (flags[r] == value) {
                idx[i++] = r;
            }
        }
        return idx;
    }

    /** The two parts of a {@link #split}. */
    public record Split(Dataset first, Dataset second) {}
}
