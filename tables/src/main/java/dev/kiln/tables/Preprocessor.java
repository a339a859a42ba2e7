package dev.kiln.tables;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.io.Checkpoint;
import dev.kiln.runtime.metrics.ClassificationMetrics;
import dev.kiln.runtime.metrics.RegressionMetrics;
import dev.kiln.runtime.train.KilnModel;
import dev.kiln.runtime.train.Predictor;
import dev.kiln.runtime.train.TrainableNetwork;
import dev.kiln.runtime.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link TableSpec} fitted to training rows: the means, scales and imputed values of the numbers, the
 * vocabularies of the categories, the class names or the target's scale. It turns the rows of a CSV file
 * ({@link #encode(Path)}) or one raw record ({@link #encode(Map)}) into the features a model takes, always the
 * same way, and maps a model's outputs back ({@link #className}, {@link #toUnits}). Immutable, and safe to share
 * between threads.
 *
 * <p>Fitting reads the training file once and keeps the numeric columns' values (for medians), so its memory is
 * in proportion to the resulting float matrix, not to the text; encoding streams the file row by row.
 */
public final class Preprocessor implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** One fitted column: where it is in the header, its features and how to fill them. */
    private sealed interface Fitted permits NumberColumn, CategoryColumn, BoolColumn, DateColumn {
        String name();

        int width();

        /** Writes this column's features for {@code cell} (null when missing) into {@code out} at {@code at}. */
        void encode(String cell, float[] out, int at, String where);

        /** The features' names, for the description and width messages. */
        List<String> featureNames();

        /** One line on what was learned. */
        String learned();
    }

    private record NumberColumn(String name, Column.Numeric spec, double fill, double center, double scale)
            implements Fitted {
        public int width() {
            return spec.missingIndicator() ? 2 : 1;
        }

        public void encode(String cell, float[] out, int at, String where) {
            double v;
            boolean missing = CsvFile.missing(cell);
            if (missing) {
                v = fill;
            } else {
                Double d = TableSpec.number(cell.strip());
                if (d == null) {
                    throw new TableException(where + ", column '" + name + "': '" + cell + "' is not a number, and"
                            + " the column is numeric. Fix the cell, or read the column as categorical.");
                }
                v = transform(d, spec, name, where);
            }
            out[at] = (float) ((v - center) / scale);
            if (spec.missingIndicator()) {
                out[at + 1] = missing ? 1f : 0f;
            }
        }

        public List<String> featureNames() {
            return spec.missingIndicator() ? List.of(name, name + " missing") : List.of(name);
        }

        public String learned() {
            return String.format(Locale.ROOT, "%s%s, center %.6g, scale %.6g, missing → %.6g",
                    spec.logTransform() ? "log1p, " : "", spec.scaling() == Column.Scaling.STANDARDIZE ? "standardised"
                            : "min-max", center, scale, fill);
        }
    }

    private record CategoryColumn(String name, List<String> vocabulary, String mostFrequent,
                                  Map<String, Integer> index) implements Fitted {
        CategoryColumn(String name, List<String> vocabulary, String mostFrequent) {
            this(name, List.copyOf(vocabulary), mostFrequent, indexOf(vocabulary));
        }

        private static Map<String, Integer> indexOf(List<String> vocabulary) {
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < vocabulary.size(); i++) {
                index.put(vocabulary.get(i), i);
            }
            return Map.copyOf(index);
        }

        public int width() {
            return vocabulary.size() + 1;
        }

        public void encode(String cell, float[] out, int at, String where) {
            String v = CsvFile.missing(cell) ? mostFrequent : cell.strip();
            Arrays.fill(out, at, at + width(), 0f);
            Integer index = index().get(v);
            out[at + (index == null ? vocabulary.size() : index)] = 1f;
        }

        public List<String> featureNames() {
            List<String> names = new ArrayList<>();
            for (String v : vocabulary) {
                names.add(name + "=" + v);
            }
            names.add(name + "=(other)");
            return names;
        }

        public String learned() {
            return vocabulary.size() + " values and other, missing → " + mostFrequent;
        }
    }

    private record BoolColumn(String name, boolean mostFrequent) implements Fitted {
        public int width() {
            return 1;
        }

        public void encode(String cell, float[] out, int at, String where) {
            if (CsvFile.missing(cell)) {
                out[at] = mostFrequent ? 1f : 0f;
                return;
            }
            out[at] = switch (cell.strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "y" -> 1f;
                case "false", "no", "n" -> 0f;
                default -> throw new TableException(where + ", column '" + name + "': '" + cell + "' is not true,"
                        + " false, yes or no, and the column is boolean. Fix the cell, or read the column as"
                        + " categorical.");
            };
        }

        public List<String> featureNames() {
            return List.of(name);
        }

        public String learned() {
            return "missing → " + mostFrequent;
        }
    }

    private record DateColumn(String name, List<Column.DatePart> parts, double[] mean, double[] scale)
            implements Fitted {
        public int width() {
            return parts.size();
        }

        public void encode(String cell, float[] out, int at, String where) {
            if (CsvFile.missing(cell)) {
                Arrays.fill(out, at, at + parts.size(), 0f); // each part's mean, standardised
                return;
            }
            LocalDate d = TableSpec.date(cell.strip());
            if (d == null) {
                throw new TableException(where + ", column '" + name + "': '" + cell + "' is not a date"
                        + " (yyyy-MM-dd). Fix the cell, or read the column as categorical.");
            }
            for (int i = 0; i < parts.size(); i++) {
                out[at + i] = (float) ((part(d, parts.get(i)) - mean[i]) / scale[i]);
            }
        }

        public List<String> featureNames() {
            return parts.stream().map(p -> name + " " + p.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .toList();
        }

        public String learned() {
            return "standardised parts";
        }
    }

    private final TableSpec spec;
    private final List<Fitted> columns;
    private final int[] headerIndex;
    private final int targetIndex;
    private final List<String> classes;
    private final double targetCenter;
    private final double targetScale;
    private final int width;

    private Preprocessor(TableSpec spec, List<Fitted> columns, int[] headerIndex, int targetIndex,
                         List<String> classes, double targetCenter, double targetScale) {
        this.spec = spec;
        this.columns = List.copyOf(columns);
        this.headerIndex = headerIndex;
        this.targetIndex = targetIndex;
        this.classes = classes == null ? null : List.copyOf(classes);
        this.targetCenter = targetCenter;
        this.targetScale = targetScale;
        this.width = columns.stream().mapToInt(Fitted::width).sum();
    }

    /**
     * Learns the spec's statistics, vocabularies and class names from the training rows of {@code csv}: only
     * these rows, so that nothing of the validation or test rows leaks into the features.
     *
     * @param csv  the training table (the one the spec was inferred from, or one with the same columns)
     * @param spec how each column becomes features
     * @return the fitted preprocessor
     * @throws TableException when a cell does not fit its column, or the target has one class (or one value)
     * @throws IOException    when the file cannot be read
     */
    public static Preprocessor fit(Path csv, TableSpec spec) throws IOException {
        if (csv == null || spec == null) {
            throw new IllegalArgumentException("Preprocessor.fit needs the training file and a TableSpec.");
        }
        List<String> header = CsvFile.header(csv);
        checkHeader(csv, header, spec);
        List<Map.Entry<Integer, String>> used = spec.used();
        if (used.isEmpty()) {
            throw new TableException(csv + ": the spec leaves no feature column (every column but the target is"
                    + " dropped). Keep at least one.");
        }
        int[] at = new int[used.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = header.indexOf(used.get(i).getValue());
        }
        int targetAt = header.indexOf(spec.target());
        // encode(String[]) takes cells in the order of the header the spec was made from
        int[] inSpecHeader = new int[used.size()];
        for (int i = 0; i < inSpecHeader.length; i++) {
            inSpecHeader[i] = spec.header().indexOf(used.get(i).getValue());
        }
        List<List<Double>> numbers = new ArrayList<>();
        List<Map<String, Long>> counts = new ArrayList<>();
        for (int i = 0; i < at.length; i++) {
            numbers.add(new ArrayList<>());
            counts.add(new HashMap<>());
        }
        List<Double> targetValues = new ArrayList<>();
        Map<String, Long> targetCounts = new TreeMap<>();
        CsvFile.read(csv, (cells, line) -> {
            String where = csv + ", line " + line;
            for (int i = 0; i < at.length; i++) {
                String name = used.get(i).getValue();
                Column how = spec.columns().get(name);
                String cell = cells[at[i]];
                if (CsvFile.missing(cell)) {
                    continue;
                }
                String v = cell.strip();
                switch (how) {
                    case Column.Numeric n -> {
                        Double d = TableSpec.number(v);
                        if (d == null) {
                            throw new TableException(where + ", column '" + name + "': '" + cell + "' is not a"
                                    + " number, and the column is numeric. Fix the cell, or read the column as"
                                    + " categorical.");
                        }
                        numbers.get(i).add(transform(d, n, name, where));
                    }
                    case Column.Date d -> {
                        LocalDate date = TableSpec.date(v);
                        if (date == null) {
                            throw new TableException(where + ", column '" + name + "': '" + cell + "' is not a date"
                                    + " (yyyy-MM-dd).");
                        }
                        for (Column.DatePart p : d.parts()) {
                            numbers.get(i).add((double) part(date, p));
                        }
                    }
                    case Column.Bool b -> counts.get(i).merge(v.toLowerCase(Locale.ROOT), 1L, Long::sum);
                    default -> counts.get(i).merge(v, 1L, Long::sum);
                }
            }
            String t = cells[targetAt];
            if (CsvFile.missing(t)) {
                throw new TableException(where + ", column '" + spec.target() + "': the target is missing. Remove the"
                        + " row, or fill in its target.");
            }
            if (spec.targetKind() == TableSpec.Target.NUMBER) {
                targetValues.add(learnedTarget(spec, t, where));
            } else {
                targetCounts.merge(targetKey(spec.targetKind(), t.strip()), 1L, Long::sum);
            }
        });
        List<Fitted> fitted = new ArrayList<>();
        for (int i = 0; i < at.length; i++) {
            String name = used.get(i).getValue();
            Column how = spec.columns().get(name);
            fitted.add(switch (how) {
                case Column.Numeric n -> fitNumber(csv, name, n, numbers.get(i));
                case Column.Categorical k -> fitCategory(csv, name, k, counts.get(i));
                case Column.Bool b -> new BoolColumn(name, counts.get(i).getOrDefault("true", 0L)
                        + counts.get(i).getOrDefault("yes", 0L) + counts.get(i).getOrDefault("y", 0L)
                        > total(counts.get(i)) / 2.0);
                case Column.Date d -> fitDate(csv, name, d, numbers.get(i));
                case Column.Drop x -> throw new IllegalStateException("dropped columns are not used");
            });
        }
        List<String> classes = null;
        double center = 0;
        double scale = 1;
        if (spec.targetKind() == TableSpec.Target.NUMBER) {
            double[] v = targetValues.stream().mapToDouble(Double::doubleValue).toArray();
            center = mean(v);
            scale = deviation(v, center);
            if (scale == 0) {
                throw new TableException(csv + ", column '" + spec.target() + "': every row's target is " + v[0]
                        + "; there is nothing to learn. Check the column.");
            }
        } else {
            classes = new ArrayList<>(new TreeSet<>(targetCounts.keySet()));
            if (classes.size() < 2) {
                throw new TableException(csv + ", column '" + spec.target() + "': every row has the class '"
                        + (classes.isEmpty() ? "" : classes.get(0)) + "'; a classifier needs at least two. Check the"
                        + " column, or the rows.");
            }
            if (spec.targetKind() == TableSpec.Target.BINARY && classes.size() != 2) {
                throw new TableException(csv + ", column '" + spec.target() + "' has " + classes.size() + " classes ("
                        + String.join(", ", classes) + "), but the target is read as binary. Read it as"
                        + " TableSpec.Target.CLASSES.");
            }
        }
        return new Preprocessor(spec, fitted, inSpecHeader, targetAt, classes, center, scale);
    }

    private static void checkHeader(Path csv, List<String> header, TableSpec spec) {
        for (String name : spec.columns().keySet()) {
            if (!(spec.columns().get(name) instanceof Column.Drop) && !header.contains(name)) {
                throw new TableException(csv + " has no column '" + name + "', which the spec uses; its columns are "
                        + String.join(", ", header) + ".");
            }
        }
        if (!header.contains(spec.target())) {
            throw new TableException(csv + " has no target column '" + spec.target() + "'.");
        }
    }

    static double transform(double d, Column.Numeric n, String name, String where) {
        if (!n.logTransform()) {
            return d;
        }
        if (d < 0) {
            throw new TableException(where + ", column '" + name + "': " + d + " is negative, and the column takes"
                    + " log(1 + x). Remove log1p for this column, or fix the cell.");
        }
        return Math.log1p(d);
    }

    private static NumberColumn fitNumber(Path csv, String name, Column.Numeric n, List<Double> values) {
        if (values.isEmpty()) {
            throw new TableException(csv + ", column '" + name + "': no training row has a value. Drop the column.");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        double mean = mean(v);
        double fill = n.impute() == Column.Impute.MEAN ? mean : median(v);
        double center;
        double scale;
        if (n.scaling() == Column.Scaling.STANDARDIZE) {
            center = mean;
            scale = deviation(v, mean);
        } else {
            center = Arrays.stream(v).min().orElseThrow();
            scale = Arrays.stream(v).max().orElseThrow() - center;
        }
        // a constant column becomes 0, as scikit-learn's scalers leave it
        return new NumberColumn(name, n, fill, center, scale == 0 ? 1 : scale);
    }

    private static CategoryColumn fitCategory(Path csv, String name, Column.Categorical k, Map<String, Long> counts) {
        if (counts.isEmpty()) {
            throw new TableException(csv + ", column '" + name + "': no training row has a value. Drop the column.");
        }
        List<Map.Entry<String, Long>> byCount = new ArrayList<>(counts.entrySet());
        // most frequent first, ties by value, so that the features' order does not depend on the file's
        byCount.sort(Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue())
                .thenComparing(Map.Entry::getKey));
        List<String> vocabulary = new ArrayList<>();
        for (var e : byCount) {
            if (e.getValue() >= k.minCount()) {
                vocabulary.add(e.getKey());
            }
        }
        return new CategoryColumn(name, vocabulary, byCount.get(0).getKey());
    }

    private static DateColumn fitDate(Path csv, String name, Column.Date d, List<Double> values) {
        int parts = d.parts().size();
        if (values.isEmpty()) {
            throw new TableException(csv + ", column '" + name + "': no training row has a date. Drop the column.");
        }
        double[] mean = new double[parts];
        double[] scale = new double[parts];
        int rows = values.size() / parts;
        for (int p = 0; p < parts; p++) {
            double[] v = new double[rows];
            for (int r = 0; r < rows; r++) {
                v[r] = values.get(r * parts + p);
            }
            mean[p] = mean(v);
            double s = deviation(v, mean[p]);
            scale[p] = s == 0 ? 1 : s;
        }
        return new DateColumn(name, d.parts(), mean, scale);
    }

    static int part(LocalDate d, Column.DatePart p) {
        return switch (p) {
            case YEAR -> d.getYear();
            case MONTH -> d.getMonthValue();
            case DAY_OF_MONTH -> d.getDayOfMonth();
            case DAY_OF_WEEK -> d.getDayOfWeek().getValue();
        };
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    /** The population standard deviation, as scikit-learn's StandardScaler. */
    private static double deviation(double[] v, double mean) {
        double sum = 0;
        for (double x : v) {
            sum += (x - mean) * (x - mean);
        }
        return Math.sqrt(sum / v.length);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    // ---------------------------------------------------------------- encoding

    /**
     * The rows of {@code csv} as a {@link Dataset}: features in this preprocessor's order, and the target as
     * class indices ({@code CLASSES}), 0/1 targets ({@code BINARY}) or the standardised number ({@code NUMBER}).
     * The file must have the columns the spec uses; a class not seen in training is an error.
     *
     * @param csv training, validation or test rows
     * @return the encoded rows
     * @throws TableException when a cell does not fit its column
     * @throws IOException    when the file cannot be read
     */
    public Dataset encode(Path csv) throws IOException {
        return encode(csv, null);
    }

    /** As {@link #encode(Path)}; a numeric target's values in its own units also go to {@code units[0]}. */
    private Dataset encode(Path csv, double[][] units) throws IOException {
        List<String> header = CsvFile.header(csv);
        checkHeader(csv, header, spec);
        int[] at = new int[columns.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = header.indexOf(columns.get(i).name());
        }
        int targetAt = header.indexOf(spec.target());
        float[][] features = {new float[1024 * width]};
        int[][] labels = {new int[1024]};
        float[][] targets = {new float[1024]};
        int[] rows = {0};
        float[] row = new float[width];
        CsvFile.read(csv, (cells, line) -> {
            String where = csv + ", line " + line;
            encodeRow(cells, at, row, where);
            int r = rows[0];
            long need = (long) (r + 1) * width;
            if (need > MAX_FLOATS) {
                throw new TableException(where + ": the rows up to here encode to more than " + MAX_FLOATS
                        + " features in all (" + width + " a row), more than one Java array holds. Split the file,"
                        + " or encode fewer columns.");
            }
            if (need > features[0].length) {
                features[0] = Arrays.copyOf(features[0], (int) Math.min(MAX_FLOATS, Math.max(2L * features[0].length,
                        need)));
                int rowsHeld = (int) Math.min(MAX_FLOATS, 2L * labels[0].length);
                labels[0] = Arrays.copyOf(labels[0], rowsHeld);
                targets[0] = Arrays.copyOf(targets[0], rowsHeld);
                if (units != null) {
                    units[0] = Arrays.copyOf(units[0], rowsHeld);
                }
            }
            System.arraycopy(row, 0, features[0], r * width, width);
            String t = cells[targetAt];
            float value = target(t, where);
            if (spec.targetKind() == TableSpec.Target.CLASSES) {
                labels[0][r] = (int) value;
            } else {
                targets[0][r] = value;
            }
            if (units != null && spec.targetKind() == TableSpec.Target.NUMBER) {
                units[0][r] = TableSpec.number(t.strip());
            }
            rows[0]++;
        });
        int n = rows[0];
        if (units != null) {
            units[0] = Arrays.copyOf(units[0], n);
        }
        float[] x = Arrays.copyOf(features[0], n * width);
        return spec.targetKind() == TableSpec.Target.CLASSES ? Dataset.ofClasses(x, width, Arrays.copyOf(labels[0], n))
                : Dataset.ofTargets(x, width, Arrays.copyOf(targets[0], n), 1);
    }

    private void encodeRow(String[] cells, int[] at, float[] row, String where) {
        int offset = 0;
        for (int i = 0; i < columns.size(); i++) {
            Fitted c = columns.get(i);
            c.encode(cells[at[i]], row, offset, where);
            offset += c.width();
        }
    }

    /** A numeric target cell as the model learns it before standardising: the number, or its log1p. */
    static double learnedTarget(TableSpec spec, String cell, String where) {
        Double d = TableSpec.number(cell.strip());
        if (d == null) {
            throw new TableException(where + ", column '" + spec.target() + "': '" + cell + "' is not a number, and"
                    + " the target is read as a number. Fix the cell, or read the target as classes.");
        }
        if (!spec.hasLogTarget()) {
            return d;
        }
        if (d <= -1) {
            throw new TableException(where + ", column '" + spec.target() + "': " + cell + " has no log1p (it is -1"
                    + " or less), and the target is learned as log1p. Fix the cell, or learn the target as it is.");
        }
        return Math.log1p(d);
    }

    /**
     * A target cell as the model trains on it: the class's index, 0 or 1 for a binary target, or a numeric target
     * standardised (after log1p when the spec says so).
     *
     * @param cell the target column's cell
     * @return the training target
     * @throws TableException when the cell is missing, not a class of the training rows, or not a number
     */
    public float target(String cell) {
        return target(cell, "The record");
    }

    private float target(String cell, String where) {
        if (CsvFile.missing(cell)) {
            throw new TableException(where + ", column '" + spec.target() + "': the target is missing. Remove the row,"
                    + " or fill in its target.");
        }
        return switch (spec.targetKind()) {
            case CLASSES -> classIndex(cell.strip(), where);
            case BINARY -> classIndex(targetKey(TableSpec.Target.BINARY, cell.strip()), where);
            case NUMBER -> (float) ((learnedTarget(spec, cell, where) - targetCenter) / targetScale);
        };
    }

    /**
     * The class a target cell names: for a binary target of numbers, 0 or 1 by value (so that "1", "1.0" and
     * "+1" are one class, and 0 sorts first whatever the spelling); otherwise the text.
     */
    static String targetKey(TableSpec.Target kind, String value) {
        if (kind == TableSpec.Target.BINARY) {
            Double d = TableSpec.number(value);
            if (d != null && (d == 0 || d == 1)) {
                return d == 0 ? "0" : "1";
            }
        }
        return value;
    }

    private int classIndex(String value, String where) {
        int index = classes.indexOf(value);
        if (index < 0) {
            throw new TableException(where + ", column '" + spec.target() + "': the class '" + value + "' was not in"
                    + " the training rows, whose classes are " + String.join(", ", classes) + ".");
        }
        return index;
    }

    /**
     * One raw record's features, e.g. a request a service received: every column the spec uses must be a key
     * (a null value is a missing cell); other keys, the target among them, are ignored. Values are read as
     * their {@code toString()}.
     *
     * @param record column name to value
     * @return {@link #width()} features
     * @throws TableException when a column is absent or a value does not fit its column
     */
    public float[] encode(Map<String, ?> record) {
        if (record == null) {
            throw new IllegalArgumentException("The record is null; pass a map from column name to value.");
        }
        String[] cells = new String[columns.size()];
        int[] at = new int[columns.size()];
        for (int i = 0; i < cells.length; i++) {
            String name = columns.get(i).name();
            if (!record.containsKey(name)) {
                throw new TableException("The record has no value for column '" + name + "'; it needs "
                        + String.join(", ", columns.stream().map(Fitted::name).toList())
                        + " (a null value is a missing cell).");
            }
            Object v = record.get(name);
            cells[i] = v == null ? null : v.toString();
            at[i] = i;
        }
        float[] row = new float[width];
        encodeRow(cells, at, row, "The record");
        return row;
    }

    /**
     * One raw record given as the cells of a CSV row, in the training file's header order.
     *
     * @param cells one cell per column of the training file's header (the target's may be anything)
     * @return {@link #width()} features
     * @throws TableException when the number of cells is wrong or a value does not fit its column
     */
    public float[] encode(String[] cells) {
        if (cells == null || cells.length != spec.header().size()) {
            throw new TableException("The record has " + (cells == null ? "no" : cells.length) + " cells, but the"
                    + " training file's header has " + spec.header().size() + ": " + String.join(", ", spec.header())
                    + ".");
        }
        float[] row = new float[width];
        encodeRow(cells, headerIndex, row, "The record");
        return row;
    }

    // ---------------------------------------------------------------- predictions in the table's terms

    /**
     * A prediction for one record, in the table's own terms: the class name with its probability, or the target
     * in its own units.
     *
     * @param className   the predicted class's name, or null for a numeric target
     * @param probability the predicted class's probability, or NaN for a numeric target
     * @param value       the numeric target in its own units, or NaN for classes
     * @param outputs     the network's raw outputs
     */
    public record Prediction(String className, double probability, double value, float[] outputs) {
        public Prediction {
            outputs = outputs.clone();
        }

        /** The raw outputs (a copy). */
        @Override
        public float[] outputs() {
            return outputs.clone();
        }

        /** Equal when every component is, the outputs compared by value. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Prediction p && java.util.Objects.equals(className, p.className)
                    && Double.compare(probability, p.probability) == 0 && Double.compare(value, p.value) == 0
                    && Arrays.equals(outputs, p.outputs);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(className, probability, value) * 31 + Arrays.hashCode(outputs);
        }

        @Override
        public String toString() {
            return className != null ? String.format(Locale.ROOT, "%s (p = %.4f)", className, probability)
                    : String.format(Locale.ROOT, "%.6g", value);
        }
    }

    /**
     * Encodes {@code record} and predicts it with {@code model}.
     *
     * @param model  a model trained on this preprocessing's features
     * @param record column name to value, as {@link #encode(Map)} takes it
     * @return the prediction in the table's terms
     */
    public Prediction predict(KilnModel model, Map<String, ?> record) {
        if (model == null) {
            throw new IllegalArgumentException("Preprocessor.predict needs the model.");
        }
        return interpret(model.predict(encode(record)));
    }

    /**
     * As {@link #predict(KilnModel, Map)} through a thread-safe {@link Predictor}, for a service answering many
     * threads at once.
     *
     * @param predictor a predictor of a model trained on this preprocessing's features
     * @param record    column name to value
     * @return the prediction in the table's terms
     */
    public Prediction predict(Predictor predictor, Map<String, ?> record) {
        if (predictor == null) {
            throw new IllegalArgumentException("Preprocessor.predict needs the predictor.");
        }
        return interpret(predictor.predict(encode(record)));
    }

    private Prediction interpret(float[] outputs) {
        return switch (spec.targetKind()) {
            case CLASSES -> {
                int best = 0;
                for (int c = 1; c < outputs.length; c++) {
                    if (outputs[c] > outputs[best]) {
                        best = c;
                    }
                }
                yield new Prediction(className(best), outputs[best], Double.NaN, outputs);
            }
            case BINARY -> {
                // the sigmoid's output is the probability of the second class, as accuracy counts it
                boolean second = outputs[0] > 0.5f;
                yield new Prediction(className(second ? 1 : 0), second ? outputs[0] : 1 - outputs[0], Double.NaN,
                        outputs);
            }
            case NUMBER -> new Prediction(null, Double.NaN, toUnits(outputs[0]), outputs);
        };
    }

    /**
     * The classification metrics of {@code model} on a labelled table ({@code csv} holds the target column),
     * with the classes named as in the table; see {@link ClassificationMetrics}.
     *
     * @param model a classifier trained on this preprocessing's features
     * @param csv   validation or test rows
     * @return the metrics
     * @throws TableException when the target is a number, a cell does not fit its column, or the model does not
     *                        take these features
     * @throws IOException    when the file cannot be read
     */
    public ClassificationMetrics classificationMetrics(KilnModel model, Path csv) throws IOException {
        required(model, csv, "classificationMetrics");
        if (classes == null) {
            throw new TableException("The target '" + spec.target() + "' is a number; use regressionMetrics.");
        }
        checkFits(model);
        return model.classificationMetrics(encode(csv), classes.toArray(String[]::new));
    }

    /**
     * MAE, MSE, RMSE, R² and explained variance of {@code model} on a table with a numeric target, in the
     * target's own units: the model's outputs mapped back by {@link #toUnits}, against the cells as written.
     *
     * @param model a regression model trained on this preprocessing's features
     * @param csv   validation or test rows
     * @return the metrics
     * @throws TableException when the target holds classes, a cell does not fit its column, or the model does
     *                        not take these features
     * @throws IOException    when the file cannot be read
     */
    public RegressionMetrics regressionMetrics(KilnModel model, Path csv) throws IOException {
        required(model, csv, "regressionMetrics");
        if (classes != null) {
            throw new TableException("The target '" + spec.target() + "' holds classes; use classificationMetrics.");
        }
        checkFits(model);
        double[][] units = {new double[1024]};
        Dataset rows = encode(csv, units);
        float[][] outputs = model.predict(rows.featureRows());
        float[] truth = new float[outputs.length];
        float[] predicted = new float[outputs.length];
        for (int r = 0; r < outputs.length; r++) {
            truth[r] = (float) units[0][r];
            predicted[r] = (float) toUnits(outputs[r][0]);
        }
        return RegressionMetrics.of(truth, predicted);
    }

    private static void required(KilnModel model, Path csv, String method) {
        if (model == null || csv == null) {
            throw new IllegalArgumentException("Preprocessor." + method + " needs the model and a table file.");
        }
    }

    // ---------------------------------------------------------------- saved with the model

    /** The most floats one encoded table holds: the largest Java array. */
    static final int MAX_FLOATS = Integer.MAX_VALUE - 8;

    /** Version of the attachment layout below; a reader refuses others. */
    private static final String FORMAT = "1";

    /**
     * Saves {@code model}'s checkpoint (as {@code model.save} does) with this preprocessing in the same file, so
     * that {@link #load} gives both back from one file; {@code XModel.load} still loads the model from it.
     *
     * @param model the model trained on this preprocessing's features
     * @param path  the checkpoint file, replaced atomically
     * @throws TableException when the model does not take this preprocessing's features
     * @throws IOException    when the file cannot be written
     */
    public void save(KilnModel model, Path path) throws IOException {
        if (model == null || path == null) {
            throw new IllegalArgumentException("Preprocessor.save needs the model and a checkpoint path.");
        }
        checkFits(model);
        if (!(model instanceof TrainableNetwork net)) {
            throw new IllegalArgumentException("Preprocessor.save takes a model class Kiln generated.");
        }
        Map<String, String> attached = attachments();
        Trainer.exclusivelyIo(net, () -> Checkpoint.save(net, path, attached));
    }

    /**
     * The preprocessing saved with a checkpoint by {@link #save}, checked as the weights are: a file whose
     * preprocessing is missing, edited or from another version is refused with what to do.
     *
     * @param checkpoint a checkpoint file
     * @return the preprocessing, as it was fitted
     * @throws TableException when the file holds no preprocessing or a damaged one
     * @throws IOException    when the file cannot be read or is not a Kiln checkpoint
     */
    public static Preprocessor load(Path checkpoint) throws IOException {
        Map<String, String> a = Checkpoint.attachments(checkpoint);
        if (!a.containsKey("tables.format")) {
            throw new TableException(checkpoint + " holds a model but no table preprocessing: it was saved with"
                    + " model.save. Save it with Preprocessor.save to keep both in one file.");
        }
        return restore(a, checkpoint.toString());
    }

    /** The preprocessing {@link #attachments} describe; {@code source} names them in messages. */
    private static Preprocessor restore(Map<String, String> a, String source) {
        Reader r = new Reader(a, source);
        if (!FORMAT.equals(a.get("tables.format"))) {
            throw new TableException(source + " holds table preprocessing of format " + a.get("tables.format")
                    + ", but this version reads format " + FORMAT + ".");
        }
        List<String> header = r.list("tables.header");
        String target = r.get("tables.target");
        TableSpec.Target kind = r.enumValue("tables.target_kind", TableSpec.Target.class);
        int count = r.count("tables.columns");
        Map<String, Column> spec = new HashMap<>();
        for (String dropped : r.list("tables.dropped")) {
            spec.put(dropped, Column.drop());
        }
        List<Fitted> fitted = new ArrayList<>();
        int[] at = new int[count];
        for (int i = 0; i < count; i++) {
            String k = "tables.column." + i + ".";
            String name = r.get(k + "name");
            at[i] = header.indexOf(name);
            if (at[i] < 0) {
                throw r.damaged(k + "name", "names a column the saved header does not have");
            }
            Fitted f = switch (r.get(k + "kind")) {
                case "numeric" -> {
                    Column.Numeric n = new Column.Numeric(r.enumValue(k + "scaling", Column.Scaling.class),
                            r.bool(k + "log1p"), r.enumValue(k + "impute", Column.Impute.class),
                            r.bool(k + "indicator"));
                    yield new NumberColumn(name, n, r.finite(k + "fill"), r.finite(k + "center"),
                            r.positive(k + "scale"));
                }
                case "categorical" -> new CategoryColumn(name, r.list(k + "vocabulary"), r.get(k + "most_frequent"));
                case "boolean" -> new BoolColumn(name, r.bool(k + "most_frequent"));
                case "date" -> {
                    List<Column.DatePart> parts = new ArrayList<>();
                    for (String part : r.list(k + "parts")) {
                        parts.add(r.parse(k + "parts", part, Column.DatePart.class));
                    }
                    yield new DateColumn(name, parts, r.doubles(k + "mean", parts.size(), false),
                            r.doubles(k + "scale", parts.size(), true));
                }
                default -> throw r.damaged(k + "kind", "is not numeric, categorical, boolean or date");
            };
            spec.put(name, specOf(f, r, k));
            fitted.add(f);
        }
        Map<String, Column> inFileOrder = new LinkedHashMap<>();
        for (String column : header) {
            if (spec.containsKey(column)) {
                inFileOrder.put(column, spec.get(column));
            }
        }
        // format 1 files saved before the log target existed have no such key: their target is the number itself
        boolean logTarget = kind == TableSpec.Target.NUMBER && a.containsKey("tables.target_log1p")
                && r.bool("tables.target_log1p");
        TableSpec tableSpec = TableSpec.restored(header, inFileOrder, target, kind, logTarget);
        int targetAt = header.indexOf(target);
        if (targetAt < 0) {
            throw r.damaged("tables.target", "is not a column of the saved header");
        }
        List<String> classes = kind == TableSpec.Target.NUMBER ? null : r.list("tables.classes");
        if (classes != null && classes.size() < 2) {
            throw r.damaged("tables.classes", "holds fewer than two classes");
        }
        double center = kind == TableSpec.Target.NUMBER ? r.finite("tables.target_center") : 0;
        double scale = kind == TableSpec.Target.NUMBER ? r.positive("tables.target_scale") : 1;
        return new Preprocessor(tableSpec, fitted, at, targetAt, classes, center, scale);
    }

    private static Column specOf(Fitted f, Reader r, String k) {
        return switch (f) {
            case NumberColumn n -> n.spec();
            case CategoryColumn c -> new Column.Categorical(r.count(k + "min_count"));
            case BoolColumn b -> Column.bool();
            case DateColumn d -> new Column.Date(d.parts());
        };
    }

    /** This preprocessing as checkpoint attachments. */
    Map<String, String> attachments() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("tables.format", FORMAT);
        a.put("tables.header", Reader.join(spec.header()));
        a.put("tables.target", spec.target());
        a.put("tables.target_kind", spec.targetKind().name());
        a.put("tables.target_log1p", Boolean.toString(spec.hasLogTarget()));
        List<String> dropped = new ArrayList<>();
        spec.columns().forEach((name, how) -> {
            if (how instanceof Column.Drop) {
                dropped.add(name);
            }
        });
        a.put("tables.dropped", Reader.join(dropped));
        a.put("tables.columns", Integer.toString(columns.size()));
        for (int i = 0; i < columns.size(); i++) {
            String k = "tables.column." + i + ".";
            Fitted f = columns.get(i);
            a.put(k + "name", f.name());
            switch (f) {
                case NumberColumn n -> {
                    a.put(k + "kind", "numeric");
                    a.put(k + "scaling", n.spec().scaling().name());
                    a.put(k + "log1p", Boolean.toString(n.spec().logTransform()));
                    a.put(k + "impute", n.spec().impute().name());
                    a.put(k + "indicator", Boolean.toString(n.spec().missingIndicator()));
                    a.put(k + "fill", Double.toString(n.fill()));
                    a.put(k + "center", Double.toString(n.center()));
                    a.put(k + "scale", Double.toString(n.scale()));
                }
                case CategoryColumn c -> {
                    a.put(k + "kind", "categorical");
                    a.put(k + "min_count", Integer.toString(((Column.Categorical) spec.columns().get(c.name()))
                            .minCount()));
                    a.put(k + "vocabulary", Reader.join(c.vocabulary()));
                    a.put(k + "most_frequent", c.mostFrequent());
                }
                case BoolColumn b -> {
                    a.put(k + "kind", "boolean");
                    a.put(k + "most_frequent", Boolean.toString(b.mostFrequent()));
                }
                case DateColumn d -> {
                    a.put(k + "kind", "date");
                    a.put(k + "parts", Reader.join(d.parts().stream().map(Enum::name).toList()));
                    a.put(k + "mean", Reader.join(Arrays.stream(d.mean()).mapToObj(Double::toString).toList()));
                    a.put(k + "scale", Reader.join(Arrays.stream(d.scale()).mapToObj(Double::toString).toList()));
                }
            }
        }
        if (classes != null) {
            a.put("tables.classes", Reader.join(classes));
        } else {
            a.put("tables.target_center", Double.toString(targetCenter));
            a.put("tables.target_scale", Double.toString(targetScale));
        }
        return a;
    }

    /** Reads attachments back, refusing anything a save could not have written. */
    private record Reader(Map<String, String> a, String file) {

        /** A list as one CSV record, so that any value (commas, quotes, line breaks) survives. */
        static String join(List<String> values) {
            if (values.isEmpty()) {
                return "";
            }
            return org.apache.commons.csv.CSVFormat.RFC4180.format(values.toArray());
        }

        TableException damaged(String key, String what) {
            return new TableException(file + ": its table preprocessing's " + key + " " + what + "; the file was"
                    + " edited or damaged. Save the model and its preprocessing again.");
        }

        String get(String key) {
            String v = a.get(key);
            if (v == null) {
                throw damaged(key, "is missing");
            }
            return v;
        }

        List<String> list(String key) {
            String v = get(key);
            if (v.isEmpty()) {
                return List.of();
            }
            try (var p = org.apache.commons.csv.CSVParser.parse(v, org.apache.commons.csv.CSVFormat.RFC4180)) {
                List<org.apache.commons.csv.CSVRecord> records = p.getRecords();
                if (records.size() != 1) {
                    throw damaged(key, "is not one list");
                }
                return List.of(records.get(0).values());
            } catch (IOException | java.io.UncheckedIOException e) {
                throw damaged(key, "is not a list");
            }
        }

        boolean bool(String key) {
            return switch (get(key)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw damaged(key, "is not true or false");
            };
        }

        int count(String key) {
            try {
                int n = Integer.parseInt(get(key));
                if (n < 0) {
                    throw damaged(key, "is negative");
                }
                return n;
            } catch (NumberFormatException e) {
                throw damaged(key, "is not a whole number");
            }
        }

        double finite(String key) {
            try {
                double d = Double.parseDouble(get(key));
                if (!Double.isFinite(d)) {
                    throw damaged(key, "is not finite");
                }
                return d;
            } catch (NumberFormatException e) {
                throw damaged(key, "is not a number");
            }
        }

        double positive(String key) {
            double d = finite(key);
            if (!(d > 0)) {
                throw damaged(key, "is not greater than 0");
            }
            return d;
        }

        double[] doubles(String key, int n, boolean positive) {
            List<String> values = list(key);
            if (values.size() != n) {
                throw damaged(key, "holds " + values.size() + " values, not " + n);
            }
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                try {
                    d[i] = Double.parseDouble(values.get(i));
                } catch (NumberFormatException e) {
                    throw damaged(key, "holds '" + values.get(i) + "', not a number");
                }
                if (!Double.isFinite(d[i]) || positive && !(d[i] > 0)) {
                    throw damaged(key, "holds " + d[i] + (positive ? ", not a number greater than 0" : ", not finite"));
                }
            }
            return d;
        }

        <E extends Enum<E>> E enumValue(String key, Class<E> type) {
            return parse(key, get(key), type);
        }

        <E extends Enum<E>> E parse(String key, String value, Class<E> type) {
            try {
                return Enum.valueOf(type, value);
            } catch (IllegalArgumentException e) {
                throw damaged(key, "is '" + value + "', not one of " + Arrays.toString(type.getEnumConstants()));
            }
        }
    }

    /**
     * Serialized as what {@link #save} stores, and checked as {@link #load} checks it when read back: how a
     * preprocessing travels to Spark's executors.
     */
    private Object writeReplace() {
        return new Serialized(attachments());
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("A Preprocessor is read through its serialized form.");
    }

    /** The serialized form: the saved attachments. */
    private record Serialized(Map<String, String> attachments) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        private Object readResolve() {
            return restore(attachments, "a serialized Preprocessor");
        }
    }

    // ---------------------------------------------------------------- what it learned

    /** The number of features a row becomes: what {@code @Model(inputs)} must be. */
    public int width() {
        return width;
    }

    /**
     * Refuses a model whose input width is not this preprocessor's, saying which columns make how many features.
     *
     * @param model the model the rows are for
     * @throws TableException when the widths differ
     */
    public void checkFits(KilnModel model) {
        if (model.inputs() != width) {
            StringBuilder sb = new StringBuilder();
            for (Fitted c : columns) {
                sb.append(sb.length() == 0 ? "" : ", ").append(c.name()).append(' ').append(c.width());
            }
            throw new TableException("The table encodes to " + width + " features (" + sb + "), but the model takes "
                    + model.inputs() + ". Write @Model(inputs = " + width + ") and recompile, or change the spec.");
        }
        int outputs = spec.targetKind() == TableSpec.Target.CLASSES ? classes.size() : 1;
        if (model.outputs() != outputs) {
            throw new TableException("The target '" + spec.target() + "' needs " + outputs + " output"
                    + (outputs == 1 ? "" : "s") + (classes != null && outputs > 1 ? " (classes " + String.join(", ",
                    classes) + ")" : "") + ", but the model has " + model.outputs() + ". Set the output layer's units"
                    + " to " + outputs + ".");
        }
    }

    /** The class names in index order, or null for a numeric target. */
    public List<String> classNames() {
        return classes;
    }

    /**
     * The name of class {@code index}, e.g. of {@code model.predictClass(features)}.
     *
     * @param index a class index
     * @return its name in the table
     */
    public String className(int index) {
        if (classes == null) {
            throw new IllegalStateException("The target '" + spec.target() + "' is a number; use toUnits.");
        }
        if (index < 0 || index >= classes.size()) {
            throw new IllegalArgumentException("Class " + index + " is not one of the " + classes.size()
                    + " classes (0 to " + (classes.size() - 1) + ").");
        }
        return classes.get(index);
    }

    /**
     * A numeric target's prediction in the target's own units: the model learns the standardised target.
     *
     * @param standardized the model's output
     * @return the value in the table's units
     */
    public double toUnits(float standardized) {
        if (spec.targetKind() != TableSpec.Target.NUMBER) {
            throw new IllegalStateException("The target '" + spec.target() + "' holds classes; use className.");
        }
        double learned = standardized * targetScale + targetCenter;
        return spec.hasLogTarget() ? Math.expm1(learned) : learned;
    }

    /**
     * The columns of the table the spec was made from, in the order {@link #encode(String[])} takes its cells (the
     * target and dropped columns among them).
     *
     * @return the header
     */
    public List<String> header() {
        return spec.header();
    }

    /** The spec it was fitted from. */
    public TableSpec spec() {
        return spec;
    }

    /** The features' names in order, e.g. {@code airport=KSEA}, {@code airport=(other)}, {@code speed}. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (Fitted c : columns) {
            names.addAll(c.featureNames());
        }
        return names;
    }

    /** A table of the columns: how each is encoded, its features and what was learned; then the totals. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        int w = 6;
        for (Fitted c : columns) {
            w = Math.max(w, c.name().length());
        }
        for (Fitted c : columns) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s  %4d  %s; %s%n", c.name(), c.width(),
                    TableSpec.describe(spec.columns().get(c.name())), c.learned()));
        }
        Map<String, Column> dropped = new LinkedHashMap<>();
        spec.columns().forEach((k, v) -> {
            if (v instanceof Column.Drop) {
                dropped.put(k, v);
            }
        });
        if (!dropped.isEmpty()) {
            sb.append("dropped: ").append(String.join(", ", dropped.keySet())).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%d features; target %s: %s%n", width, spec.target(),
                classes != null ? classes.size() + " classes (" + String.join(", ", classes) + ")"
                        : String.format(Locale.ROOT, "a number, %smean %.6g, scale %.6g",
                                spec.hasLogTarget() ? "log1p then " : "", targetCenter, targetScale)));
        return sb.toString();
    }
}
