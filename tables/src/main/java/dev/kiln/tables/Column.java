package dev.kiln.tables;

import java.util.List;

/**
 * How one column of a table becomes features. {@link TableSpec#infer} chooses one per column from the training
 * rows; {@link TableSpec#with} replaces it.
 */
public sealed interface Column permits Column.Numeric, Column.Categorical, Column.Bool, Column.Date, Column.Drop {

    /** How a numeric column is scaled. */
    enum Scaling {
        /** {@code (x − mean) / standard deviation} (population deviation, as scikit-learn's StandardScaler). */
        STANDARDIZE,
        /** {@code (x − min) / (max − min)}, into [0, 1] on the training rows. */
        MIN_MAX
    }

    /** What a missing numeric cell becomes. */
    enum Impute {
        /** The training rows' mean. */
        MEAN,
        /** The training rows' median. */
        MEDIAN
    }

    /** The numeric parts a date is reduced to. */
    enum DatePart {
        /** The year, e.g. 2003. */
        YEAR,
        /** The month, 1 to 12. */
        MONTH,
        /** The day of the month, 1 to 31. */
        DAY_OF_MONTH,
        /** The day of the week, 1 (Monday) to 7. */
        DAY_OF_WEEK
    }

    /**
     * A number, scaled; a missing cell is imputed (and, with {@code missingIndicator}, flagged in a feature of
     * its own, 1 when the cell was missing).
     *
     * @param scaling          how it is scaled
     * @param logTransform     whether {@code log(1 + x)} is taken first, for heavy-tailed amounts (x ≥ 0)
     * @param impute           what a missing cell becomes
     * @param missingIndicator whether a feature says the cell was missing
     */
    record Numeric(Scaling scaling, boolean logTransform, Impute impute, boolean missingIndicator)
            implements Column {
        public Numeric {
            if (scaling == null || impute == null) {
                throw new IllegalArgumentException("A numeric column needs a scaling and an imputation; start from"
                        + " Column.numeric().");
            }
        }

        /** As this, scaled to [0, 1]. */
        public Numeric minMax() {
            return new Numeric(Scaling.MIN_MAX, logTransform, impute, missingIndicator);
        }

        /** As this, with {@code log(1 + x)} taken first. */
        public Numeric log1p() {
            return new Numeric(scaling, true, impute, missingIndicator);
        }

        /** As this, with missing cells taking the median. */
        public Numeric imputeMedian() {
            return new Numeric(scaling, logTransform, Impute.MEDIAN, missingIndicator);
        }

        /** As this, with a feature that is 1 where the cell was missing. */
        public Numeric withMissingIndicator() {
            return new Numeric(scaling, logTransform, impute, true);
        }
    }

    /**
     * A category, one-hot encoded over the values seen in the training rows at least {@code minCount} times, plus
     * one "other" feature for rarer values and for values first seen at prediction time. A missing cell takes the
     * most frequent value.
     *
     * @param minCount how often a value must occur in the training rows to have a feature of its own
     */
    record Categorical(int minCount) implements Column {
        public Categorical {
            if (minCount < 1) {
                throw new IllegalArgumentException("minCount must be at least 1, but was " + minCount + ".");
            }
        }
    }

    /** true/false, yes/no or y/n (any case), one feature: 1 or 0. A missing cell takes the most frequent value. */
    record Bool() implements Column {}

    /**
     * An ISO-8601 date ({@code 2003-08-15}, optionally with a time after it), reduced to the parts named, each a
     * standardised feature; a missing cell takes each part's mean.
     *
     * @param parts the parts kept
     */
    record Date(List<DatePart> parts) implements Column {
        public Date {
            parts = List.copyOf(parts);
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("A date column needs at least one part; drop it instead.");
            }
        }
    }

    /** A column left out. */
    record Drop() implements Column {}

    /** A standardised number, mean imputed, without a missing indicator: the default for numbers. */
    static Numeric numeric() {
        return new Numeric(Scaling.STANDARDIZE, false, Impute.MEAN, false);
    }

    /** A category with every training value its own feature, the default for text. */
    static Categorical categorical() {
        return new Categorical(1);
    }

    /** A category whose values rarer than {@code minCount} share the "other" feature. */
    static Categorical categorical(int minCount) {
        return new Categorical(minCount);
    }

    /** A yes/no column. */
    static Bool bool() {
        return new Bool();
    }

    /** A date reduced to {@code parts}; the default for dates is year, month and day of the week. */
    static Date date(DatePart... parts) {
        return new Date(List.of(parts));
    }

    /** A column left out. */
    static Drop drop() {
        return new Drop();
    }
}
