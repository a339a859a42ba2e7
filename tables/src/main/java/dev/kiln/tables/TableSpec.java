package dev.kiln.tables;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which columns of a table are features, how each becomes features ({@link Column}), and which column is the
 * target. {@link #infer} decides from the training file and {@link #toString} prints what it decided, so that
 * a user sees it and overrides a column with {@link #with}; the spec is then fitted to the training rows by
 * {@link Preprocessor#fit}. Immutable.
 */
public final class TableSpec {

    /** What the target column is. */
    public enum Target {
        /** Class names (or numbers) of a softmax classifier: encoded as class indices, names in sorted order. */
        CLASSES,
        /** Two classes of a one-output sigmoid model: encoded as 0 and 1, the sorted first name 0. */
        BINARY,
        /** A number: standardised for training, mapped back to its own units in predictions. */
        NUMBER
    }

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}([T ].*)?");
    private static final Set<String> BOOLEANS = Set.of("true", "false", "yes", "no", "y", "n");

    private final Path source;
    private final List<String> header;
    private final Map<String, Column> columns;
    private final String target;
    private final Target targetKind;
    /** Whether a numeric target is learned as log1p of its value. */
    private final boolean logTarget;
    /** Columns inferred as dropped because no training row had a value. */
    private final Set<String> empty;
    /** Why a column that is nearly all numbers (or dates) was read as categorical: its first odd cell. */
    private final Map<String, String> notes;

    private TableSpec(Path source, List<String> header, Map<String, Column> columns, String target,
                      Target targetKind, boolean logTarget, Set<String> empty, Map<String, String> notes) {
        this.empty = Set.copyOf(empty);
        this.notes = Map.copyOf(notes);
        this.source = source;
        this.header = List.copyOf(header);
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        this.target = target;
        this.targetKind = targetKind;
        this.logTarget = logTarget;
    }

    /**
     * Reads {@code csv} once and decides each column: a column whose values all parse as numbers is numeric,
     * true/false or yes/no is boolean, ISO dates ({@code 2003-08-15}) are dates, anything else categorical.
     * The target is {@code CLASSES} unless its values are numbers: then {@code BINARY} when they are only 0
     * and 1, else {@code NUMBER}. Cells that are empty, NA, N/A, NaN or null are missing.
     *
     * @param csv    the training table, with a header row
     * @param target the name of the target column
     * @return the inferred spec
     * @throws TableException when the file is malformed, has no rows, or the target is not a column (a column
     *                        with no value in any row is inferred as dropped)
     * @throws IOException    when the file cannot be read
     */
    public static TableSpec infer(Path csv, String target) throws IOException {
        if (csv == null || target == null) {
            throw new IllegalArgumentException("TableSpec.infer needs a file and the name of its target column.");
        }
        List<String> header = CsvFile.header(csv);
        int targetAt = header.indexOf(target);
        if (targetAt < 0) {
            throw new TableException(csv + " has no column '" + target + "' to predict; its columns are "
                    + String.join(", ", header) + ".");
        }
        int n = header.size();
        boolean[] numeric = filled(n, true);
        boolean[] bool = filled(n, true);
        boolean[] date = filled(n, true);
        boolean[] binary = filled(n, true);
        long[] present = new long[n];
        long[] numbers = new long[n];
        long[] dates = new long[n];
        String[] oddNumber = new String[n];
        String[] oddDate = new String[n];
        CsvFile.read(csv, (cells, line) -> {
            for (int c = 0; c < n; c++) {
                String cell = cells[c];
                if (CsvFile.missing(cell)) {
                    if (c == targetAt) {
                        throw new TableException(csv + ", line " + line + ", column '" + target + "': the target"
                                + " is missing. Remove the row, or fill in its target.");
                    }
                    continue;
                }
                present[c]++;
                String v = cell.strip();
                Double d = number(v);
                if (d != null) {
                    numbers[c]++;
                    binary[c] &= d == 0 || d == 1;
                } else {
                    numeric[c] = false;
                    if (oddNumber[c] == null) {
                        oddNumber[c] = "line " + line + " holds '" + cell + "'";
                    }
                }
                bool[c] &= BOOLEANS.contains(v.toLowerCase(Locale.ROOT));
                if (isDate(v)) {
                    dates[c]++;
                } else {
                    date[c] = false;
                    if (oddDate[c] == null) {
                        oddDate[c] = "line " + line + " holds '" + cell + "'";
                    }
                }
            }
        });
        if (present[targetAt] == 0) {
            throw new TableException(csv + " has a header but no rows. Give the training rows after the header.");
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        Set<String> empty = new java.util.TreeSet<>();
        Map<String, String> notes = new LinkedHashMap<>();
        for (int c = 0; c < n; c++) {
            if (c == targetAt) {
                continue;
            }
            if (present[c] == 0) {
                // nothing to learn from; toString says why it is left out
                columns.put(header.get(c), Column.drop());
                empty.add(header.get(c));
                continue;
            }
            Column column = numeric[c] ? Column.numeric() : bool[c] ? Column.bool()
                    : date[c] ? Column.date(Column.DatePart.YEAR, Column.DatePart.MONTH, Column.DatePart.DAY_OF_WEEK)
                    : Column.categorical();
            columns.put(header.get(c), column);
            // A typo or an overflowing number in a numeric column would silently make it a vocabulary of numbers
            // as text: say which cell did it, so the user can fix it or choose.
            String note = oddOne(numbers[c], present[c], oddNumber[c], "numbers", "Column.numeric()");
            note = note != null ? note : oddOne(dates[c], present[c], oddDate[c], "dates", "Column.date(...)");
            if (column instanceof Column.Categorical && note != null) {
                notes.put(header.get(c), note);
            }
        }
        Target kind = !numeric[targetAt] ? Target.CLASSES : binary[targetAt] ? Target.BINARY : Target.NUMBER;
        return new TableSpec(csv, header, columns, target, kind, false, empty, notes);
    }

    /**
     * A note for a column read as categorical although at least 90 % of its values are {@code what}: how many,
     * the first cell that is not, and what to write to read it as such (the fit then names every such cell).
     */
    private static String oddOne(long fitting, long present, String first, String what, String column) {
        if (first == null || fitting < 0.9 * present) {
            return null;
        }
        return String.format(Locale.ROOT, "%d of its %d values are %s, but %s; fix it, or read the column with %s",
                fitting, present, what, first, column);
    }

    /** A spec as saved with a model: no source file. */
    static TableSpec restored(List<String> header, Map<String, Column> columns, String target, Target kind,
                              boolean logTarget) {
        return new TableSpec(null, header, columns, target, kind, logTarget, Set.of(), Map.of());
    }

    private static boolean[] filled(int n, boolean value) {
        boolean[] a = new boolean[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    /** The number in a cell, or null: finite decimal numbers only (no NaN or infinity). */
    static Double number(String cell) {
        try {
            double d = Double.parseDouble(cell);
            return Double.isFinite(d) && !cell.endsWith("d") && !cell.endsWith("f") && !cell.endsWith("D")
                    && !cell.endsWith("F") ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The date of a cell ({@code yyyy-MM-dd}, optionally followed by a time), or null. */
    static LocalDate date(String cell) {
        if (!DATE.matcher(cell).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(cell.substring(0, 10));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static boolean isDate(String cell) {
        return date(cell) != null;
    }

    /**
     * This spec with {@code column} encoded as {@code how}.
     *
     * @param column a feature column of the table
     * @param how    how it becomes features
     * @return the new spec
     * @throws TableException when the table has no such column, or it is the target
     */
    public TableSpec with(String column, Column how) {
        known(column);
        if (how == null) {
            throw new IllegalArgumentException("How column '" + column + "' is encoded is null; pass a Column.");
        }
        Map<String, Column> c = new LinkedHashMap<>(columns);
        c.put(column, how);
        Map<String, String> n = new LinkedHashMap<>(notes);
        n.remove(column);
        return new TableSpec(source, header, c, target, targetKind, logTarget, empty, n);
    }

    /**
     * This spec with {@code names} left out.
     *
     * @param names feature columns of the table
     * @return the new spec
     */
    public TableSpec drop(String... names) {
        TableSpec s = this;
        for (String name : names) {
            s = s.with(name, Column.drop());
        }
        return s;
    }

    /**
     * This spec with the target read as {@code kind}.
     *
     * @param kind what the target is
     * @return the new spec
     */
    public TableSpec target(Target kind) {
        if (kind == null) {
            throw new IllegalArgumentException("The target kind is null.");
        }
        boolean log = logTarget && kind == Target.NUMBER;
        return new TableSpec(source, header, columns, target, kind, log, empty, notes);
    }

    /**
     * This spec with its numeric target learned as {@code log1p(value)}, then standardised: for heavy-tailed
     * amounts such as costs, most of them 0 or small and a few huge, which a mean squared error on the raw
     * values would spend itself on. Predictions and {@link Preprocessor#regressionMetrics} map back with
     * {@code expm1}, to the target's own units; a value of -1 or less is refused when fitting.
     *
     * @return the new spec
     * @throws TableException when the target is not read as a number
     */
    public TableSpec logTarget() {
        if (targetKind != Target.NUMBER) {
            throw new TableException("The target '" + target + "' is read as " + targetKind.name()
                    .toLowerCase(Locale.ROOT) + "; only a numeric target can be learned as log1p. Read it with"
                    + " target(TableSpec.Target.NUMBER) first.");
        }
        return new TableSpec(source, header, columns, target, targetKind, true, empty, notes);
    }

    /** Whether a numeric target is learned as {@code log1p(value)}; see {@link #logTarget()}. */
    public boolean hasLogTarget() {
        return logTarget;
    }

    private void known(String column) {
        if (column != null && column.equals(target)) {
            throw new TableException("'" + column + "' is the target column; set how it is read with"
                    + " TableSpec.target.");
        }
        if (column == null || !columns.containsKey(column)) {
            throw new TableException((source == null ? "The table" : source.toString()) + " has no column '" + column
                    + "'; its feature columns are " + String.join(", ", columns.keySet()) + ".");
        }
    }

    /** The feature columns in file order, each with how it becomes features (dropped ones included). */
    public Map<String, Column> columns() {
        return columns;
    }

    /** The target column's name. */
    public String target() {
        return target;
    }

    /** What the target is. */
    public Target targetKind() {
        return targetKind;
    }

    /** The header of the file the spec was inferred from, in order. */
    List<String> header() {
        return header;
    }

    /** The file it was inferred from, for messages. */
    Path source() {
        return source;
    }

    /** The columns that are used, with their place in the header. */
    List<Map.Entry<Integer, String>> used() {
        List<Map.Entry<Integer, String>> used = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            Column c = columns.get(name);
            if (c != null && !(c instanceof Column.Drop) && seen.add(name)) {
                used.add(Map.entry(i, name));
            }
        }
        return used;
    }

    /** One line per column: its name and how it becomes features, then the target. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int width = 6;
        for (String name : columns.keySet()) {
            width = Math.max(width, name.length());
        }
        for (var e : columns.entrySet()) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", e.getKey(), describe(e.getValue())
                    + (empty.contains(e.getKey()) && e.getValue() instanceof Column.Drop ? " (no value in any row)"
                    : "") + (notes.containsKey(e.getKey()) ? " (" + notes.get(e.getKey()) + ")" : "")));
        }
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  target, %s%s%n", target,
                targetKind.name().toLowerCase(Locale.ROOT), logTarget ? ", learned as log1p" : ""));
        return sb.toString();
    }

    static String describe(Column c) {
        return switch (c) {
            case Column.Numeric n -> "numeric, " + (n.logTransform() ? "log1p then " : "")
                    + (n.scaling() == Column.Scaling.STANDARDIZE ? "standardised" : "min-max scaled")
                    + ", missing → " + n.impute().name().toLowerCase(Locale.ROOT)
                    + (n.missingIndicator() ? " with an indicator" : "");
            case Column.Categorical k -> "categorical, one-hot" + (k.minCount() > 1 ? ", values seen fewer than "
                    + k.minCount() + " times → other" : "") + ", missing → most frequent";
            case Column.Bool b -> "boolean, missing → most frequent";
            case Column.Date d -> "date → " + String.join(", ", d.parts().stream()
                    .map(p -> p.name().toLowerCase(Locale.ROOT).replace('_', ' ')).toList());
            case Column.Drop x -> "dropped";
        };
    }
}
