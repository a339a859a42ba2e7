package dev.kiln.runtime.data;

/**
 * Per-feature standardisation {@code (x - mean) / sd}, fitted on training data only and then applied
 * unchanged to validation and test data, so that nothing about them leaks into training. Features with
 * zero spread are only centred.
 */
public final class Standardizer {

    private final float[] mean;
    private final float[] scale;

    private Standardizer(float[] mean, float[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    /**
     * Means and standard deviations (population, in double) of each feature of {@code train}.
     *
     * @throws IllegalArgumentException when {@code train} is null, has no rows, or holds a NaN or infinite
     *                                  feature (whose mean would be NaN and spoil every row it is applied to)
     */
    public static Standardizer fit(Dataset train) {
        if (train == null) {
            throw new IllegalArgumentException("Standardizer.fit needs the training data, but got null.");
        }
        int w = train.width();
        int rows = train.rows();
        if (rows == 0) {
            throw new IllegalArgumentException("Standardizer.fit needs at least one row, but the data set is empty;"
                    + " fit it on the training data.");
        }
        double[] sum = new double[w];
        double[] sq = new double[w];
        float[] x = train.features();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < w; j++) {
                float v = x[r * w + j];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("Standardizer.fit: row " + r + " has " + v + " in feature " + j
                            + "; only finite numbers have a mean. Fix or drop that row first.");
                }
                sum[j] += v;
            }
        }
        float[] mean = new float[w];
        for (int j = 0; j < w; j++) {
            mean[j] = (float) (sum[j] / rows);
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < w; j++) {
                double d = x[r * w + j] - sum[j] / rows;
                sq[j] += d * d;
            }
        }
        float[] scale = new float[w];
        for (int j = 0; j < w; j++) {
            double sd = Math.sqrt(sq[j] / rows);
            scale[j] = sd > 0 ? (float) (1 / sd) : 1f;
        }
        return new Standardizer(mean, scale);
    }

    /**
     * A new data set with standardised features and the same labels or targets.
     *
     * @throws IllegalArgumentException when {@code data} is null or its rows are not as wide as the fitted data's
     */
    public Dataset apply(Dataset data) {
        int w = mean.length;
        if (data == null) {
            throw new IllegalArgumentException("Standardizer.apply needs a data set, but got null.");
        }
        if (data.width() != w) {
            throw new IllegalArgumentException("This standardizer was fitted on " + w + " features per row, but the"
                    + " data has " + data.width() + "; apply it to data with the same columns as the training data.");
        }
        float[] x = data.features();
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int j = i % w;
            out[i] = (x[i] - mean[j]) * scale[j];
        }
        return data.hasLabels() ? Dataset.ofClasses(out, w, data.labels())
                : Dataset.ofTargets(out, w, data.targets(), data.targetWidth());
    }

    /** The fitted means (a copy). */
    public float[] mean() {
        return mean.clone();
    }
}
