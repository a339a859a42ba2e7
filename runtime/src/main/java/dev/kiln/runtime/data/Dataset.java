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

    /** A classification set: features row-major ({@code labels.length × width}), one class index per row. */
    public static Dataset ofClasses(float[] features, int width, int[] labels) {
        return new Dataset(features, width, labels, null, 0);
    }

    /** A classification set from one array per row. */
    public static Dataset ofClasses(float[][] features, int[] labels) {
        return ofClasses(flatten(features), widthOf(features), labels);
    }

    /** A set with float targets: features row-major, {@code targetWidth} targets per row, row-major. */
    public static Dataset ofTargets(float[] features, int width, float[] targets, int targetWidth) {
        if (targetWidth <= 0) {
            throw new IllegalArgumentException("Dataset targetWidth must be at least 1, but was " + targetWidth + ".");
        }
        return new Dataset(features, width, null, targets, targetWidth);
    }

    /** A set with float targets from one array per row. */
    public static Dataset ofTargets(float[][] features, float[][] targets) {
        return ofTargets(flatten(features), widthOf(features), flatten(targets), widthOf(targets));
    }

    private static int widthOf(float[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("Dataset needs at least one row.");
        }
        return rows[0].length;
    }

    private static float[] flatten(float[][] rows) {
        int w = widthOf(rows);
        float[] flat = new float[rows.length * w];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != w) {
                throw new IllegalArgumentException("Dataset row " + i + " has " + rows[i].length
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

    /** A new data set holding copies of the given rows, in the given order. */
    public Dataset select(int[] indices) {
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

    /** Rows {@code [from, to)} as a new data set. */
    public Dataset slice(int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return select(idx);
    }

    /**
     * Splits into two sets by a seeded random permutation: the first holds {@code round(fraction·rows)}
     * rows. The same seed gives the same split.
     */
    public Split split(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("split fraction must be in (0, 1), but was " + fraction + ".");
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

    /** The two parts of a {@link #split}. */
    public record Split(Dataset first, Dataset second) {}
}
