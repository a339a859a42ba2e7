package dev.kiln.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reader for numeric CSV files: comma-separated, one sample per line, optionally a header line, blank lines
 * skipped, a UTF-8 byte-order mark at the start ignored. One column holds the class label or some columns
 * hold float targets, and the other columns are the features in file order. Errors name the file, the line
 * (counted from 1, as editors count) and the column by its 0-based index, as the caller gives it.
 *
 * <p>Numbers: every field is a plain decimal number as spreadsheets and other CSV tools write them, with an
 * optional sign, digits with an optional decimal point, and an optional exponent: {@code 3}, {@code -0.25},
 * {@code .5}, {@code 1e-3}, {@code +2.5E4}; spaces around a field are ignored. Java's other forms, which
 * {@link Float#parseFloat} would take but other tools read differently or not at all, are refused: hex
 * floats ({@code 0x1p3}), type suffixes ({@code 2f}, {@code 1d}), and {@code NaN} or {@code Infinity}
 * (missing or infinite values cannot be trained on). A number beyond float's range (±3.4e38) is refused;
 * one too small for a float becomes 0. Quoted fields are not supported. A class label must be an exact
 * whole number from 0 to 2147483647; {@code 2}, {@code 2.0} and {@code 2e0} are class 2, but
 * {@code 2.5} and {@code 2.00000001} are refused rather than rounded.
 *
 * <p>Memory: the reader holds one line at a time besides the numbers it has parsed, and refuses a line
 * longer than {@link #DEFAULT_MAX_LINE_LENGTH} characters (16 Mi, room for about a million numbers) before
 * it would exhaust the heap on a file without line breaks. {@link #withMaxLineLength} gives a reader with
 * another limit.
 */
public final class Csv {

    /** The longest line the static methods read, in characters: 16,777,216. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 1 << 24;

    private static final Reader DEFAULT = new Reader(DEFAULT_MAX_LINE_LENGTH);

    private Csv() {}

    /**
     * A reader that accepts lines of up to {@code characters} characters, for files with wider rows than
     * {@link #DEFAULT_MAX_LINE_LENGTH} allows. A line is held as a Java string while it is parsed, so it
     * needs one or two bytes per character.
     *
     * @throws IllegalArgumentException when {@code characters} is less than 1
     */
    public static Reader withMaxLineLength(int characters) {
        if (characters < 1) {
            throw new IllegalArgumentException("Csv.withMaxLineLength needs at least 1 character, but got "
                    + characters + ".");
        }
        return new Reader(characters);
    }

    /**
     * A classification set: {@code labelColumn} (0-based) holds the class, the other columns are features.
     *
     * @throws IOException when the file cannot be read or is not as described above (the message names the
     *                     file, line and column)
     * @throws IllegalArgumentException when {@code labelColumn} is negative
     */
    public static Dataset classification(Path file, int labelColumn, boolean header) throws IOException {
        return DEFAULT.classification(file, labelColumn, header);
    }

    /** As {@link #classification(Path, int, boolean)}, from a stream; {@code name} is used in messages. */
    public static Dataset classification(InputStream in, String name, int labelColumn, boolean header)
            throws IOException {
        return DEFAULT.classification(in, name, labelColumn, header);
    }

    /**
     * A set with float targets in {@code targetColumns} (0-based); the other columns are features.
     *
     * @throws IOException when the file cannot be read or is not as described above
     * @throws IllegalArgumentException when {@code targetColumns} is null, empty, or names a column twice or a
     *                                  negative one
     */
    public static Dataset regression(Path file, int[] targetColumns, boolean header) throws IOException {
        return DEFAULT.regression(file, targetColumns, header);
    }

    /** As {@link #regression(Path, int[], boolean)}, from a stream; {@code name} is used in messages. */
    public static Dataset regression(InputStream in, String name, int[] targetColumns, boolean header)
            throws IOException {
        return DEFAULT.regression(in, name, targetColumns, header);
    }

    /** A CSV reader with its own line-length limit, from {@link Csv#withMaxLineLength}; methods as {@link Csv}'s. */
    public static final class Reader {

        private final int maxLineLength;

        private Reader(int maxLineLength) {
            this.maxLineLength = maxLineLength;
        }

        /** The longest line this reader accepts, in characters. */
        public int maxLineLength() {
            return maxLineLength;
        }

        /** As {@link Csv#classification(Path, int, boolean)}, with this reader's limit. */
        public Dataset classification(Path file, int labelColumn, boolean header) throws IOException {
            checkColumns(new int[] {labelColumn});
            try (InputStream in = Files.newInputStream(requireFile(file))) {
                return classification(in, file.toString(), labelColumn, header);
            }
        }

        /** As {@link Csv#classification(InputStream, String, int, boolean)}, with this reader's limit. */
        public Dataset classification(InputStream in, String name, int labelColumn, boolean header)
                throws IOException {
            Table t = read(in, name, header, new int[] {labelColumn}, true);
            return Dataset.ofClasses(t.features, t.width, t.labels);
        }

        /** As {@link Csv#regression(Path, int[], boolean)}, with this reader's limit. */
        public Dataset regression(Path file, int[] targetColumns, boolean header) throws IOException {
            checkColumns(targetColumns);
            try (InputStream in = Files.newInputStream(requireFile(file))) {
                return regression(in, file.toString(), targetColumns, header);
            }
        }

        /** As {@link Csv#regression(InputStream, String, int[], boolean)}, with this reader's limit. */
        public Dataset regression(InputStream in, String name, int[] targetColumns, boolean header)
                throws IOException {
            Table t = read(in, name, header, targetColumns, false);
            return Dataset.ofTargets(t.features, t.width, t.targets, targetColumns.length);
        }

        private Table read(InputStream stream, String name, boolean header, int[] targetColumns, boolean classes)
                throws IOException {
            checkColumns(targetColumns);
            if (stream == null) {
                throw new IllegalArgumentException("Csv needs an input stream, but got null.");
            }
            Lines reader = new Lines(new InputStreamReader(stream, StandardCharsets.UTF_8), maxLineLength, name);
            float[] features = new float[1024];
            float[] targets = new float[classes ? 0 : 256];
            int[] labels = new int[classes ? 256 : 0];
            int[] lines = new int[64];
            int fields = -1;
            int firstLine = 0;
            int rows = 0;
            int lineNo = 0;
            String line;
            while ((line = reader.next()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1); // a byte-order mark, which spreadsheet programs write
                }
                if (line.isBlank() || (header && lineNo == 1)) {
                    continue;
                }
                if (line.indexOf('"') >= 0) {
                    throw new IOException(at(name, lineNo) + "quoted fields are not supported; this reader takes"
                            + " plain numbers only.");
                }
                String[] parts = line.split(",", -1);
                if (fields < 0) {
                    fields = parts.length;
                    firstLine = lineNo;
                    for (int c : targetColumns) {
                        if (c >= fields) {
                            throw new IOException(at(name, lineNo) + fields + " fields (column indexes 0 to "
                                    + (fields - 1) + "), so there is no column index " + c + " for "
                                    + (classes ? "the label" : "a target") + ". Column indexes start at 0: the last"
                                    + " column is index " + (fields - 1) + ".");
                        }
                    }
                } else if (parts.length != fields) {
                    throw new IOException(at(name, lineNo) + parts.length + " fields, but line " + firstLine
                            + " has " + fields + "; every line needs the same number.");
                }
                int width = fields - targetColumns.length;
                if ((long) (rows + 1) * Math.max(width, 1) > Integer.MAX_VALUE - 16) {
                    throw new IOException(at(name, lineNo) + "more values than one Java array can hold.");
                }
                features = grow(features, (rows + 1) * width);
                if (classes) {
                    if (rows == labels.length) {
                        labels = Arrays.copyOf(labels, rows * 2);
                    }
                } else {
                    targets = grow(targets, (rows + 1) * targetColumns.length);
                }
                if (rows == lines.length) {
                    lines = Arrays.copyOf(lines, rows * 2);
                }
                lines[rows] = lineNo;
                int f = rows * width;
                int t = rows * targetColumns.length;
                for (int c = 0; c < fields; c++) {
                    int target = indexOf(targetColumns, c);
                    try {
                        if (classes && target >= 0) {
                            labels[rows] = label(parts[c], name, lineNo, c);
                        } else if (target >= 0) {
                            targets[t + target] = number(parts[c], name, lineNo, c);
                        } else {
                            features[f++] = number(parts[c], name, lineNo, c);
                        }
                    } catch (TextField e) {
                        throw new IOException(e.getMessage() + " " + textRemedy(parts, lineNo, header,
                                classes && target >= 0));
                    }
                }
                rows++;
            }
            if (rows == 0) {
                throw new IOException(name + ": no data rows" + (header ? " after the header." : "."));
            }
            int width = fields - targetColumns.length;
            if (width == 0) {
                throw new IOException(name + ": every column is a label or target; no features are left.");
            }
            return new Table(Arrays.copyOf(features, rows * width), width,
                    classes ? null : Arrays.copyOf(targets, rows * targetColumns.length),
                    classes ? Arrays.copyOf(labels, rows) : null);
        }
    }

    /** Parsed numbers: features and either float targets or class labels, row-major. */
    private record Table(float[] features, int width, float[] targets, int[] labels) {}

    /** The start of a message about one line: "iris.csv, line 7: ". */
    private static String at(String name, int line) {
        return name + ", line " + line + ": ";
    }

    /**
     * What to do about a field that is text rather than a number, judged on its whole line: a header read as
     * data, a header inside the data, or class names in the label column.
     */
    private static String textRemedy(String[] parts, int line, boolean header, boolean label) {
        if (line == 1 && !header) {
            return "If line 1 is a header, pass header = true.";
        }
        boolean anyNumber = false;
        for (String p : parts) {
            anyNumber |= isPlainNumber(p.strip());
        }
        if (!anyNumber) {
            return "No field of line " + line + " is a number, as in a header line; if files were joined, remove"
                    + " the header lines inside the data.";
        }
        if (label) {
            return "Class labels must be class indexes 0, 1, 2, ...; map class names to indexes first.";
        }
        return "Every feature must be a number; encode text columns as numbers, or drop them, first.";
    }

    private static Path requireFile(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("Csv needs a file, but got null.");
        }
        return file;
    }

    private static void checkColumns(int[] targetColumns) {
        if (targetColumns == null || targetColumns.length == 0) {
            throw new IllegalArgumentException("Csv needs at least one target column, but got "
                    + (targetColumns == null ? "null." : "none."));
        }
        for (int i = 0; i < targetColumns.length; i++) {
            if (targetColumns[i] < 0) {
                throw new IllegalArgumentException("column indexes start at 0, but got column index "
                        + targetColumns[i] + ".");
            }
            for (int j = 0; j < i; j++) {
                // The same column twice would be read into two targets and leave a feature column short.
                if (targetColumns[j] == targetColumns[i]) {
                    throw new IllegalArgumentException("target column index " + targetColumns[i] + " is given"
                            + " twice in " + Arrays.toString(targetColumns) + "; name each target column once.");
                }
            }
        }
    }

    /**
     * Lines of at most {@code max} characters, ended by {@code \n}, {@code \r\n} or {@code \r} as
     * {@link java.io.BufferedReader#readLine} ends them, but refused once too long instead of growing.
     */
    private static final class Lines {
        private final java.io.Reader in;
        private final int max;
        private final String name;
        private final char[] buf = new char[1 << 16];
        private final StringBuilder line = new StringBuilder();
        private int pos;
        private int end;
        private boolean skipLineFeed;
        private int number;

        Lines(java.io.Reader in, int max, String name) {
            this.in = in;
            this.max = max;
            this.name = name;
        }

        /** The next line without its terminator, or null at the end of the input. */
        String next() throws IOException {
            line.setLength(0);
            boolean started = false;
            while (true) {
                if (pos == end) {
                    end = Math.max(in.read(buf, 0, buf.length), 0);
                    pos = 0;
                    if (end == 0) {
                        return started ? finish() : null;
                    }
                }
                if (skipLineFeed) {
                    skipLineFeed = false;
                    if (buf[pos] == '\n') {
                        pos++;
                        continue;
                    }
                }
                started = true;
                int start = pos;
                while (pos < end && buf[pos] != '\n' && buf[pos] != '\r') {
                    pos++;
                }
                if ((long) line.length() + (pos - start) > max) {
                    throw new IOException(name + ", line " + (number + 1) + " is longer than " + max
                            + " characters, this reader's limit (a file without line breaks, or not a CSV file?)."
                            + " If the line is genuine, read with a higher limit: Csv.withMaxLineLength("
                            + (int) Math.min(2L * max, Integer.MAX_VALUE) + ").");
                }
                line.append(buf, start, pos - start);
                if (pos < end) {
                    skipLineFeed = buf[pos++] == '\r';
                    return finish();
                }
            }
        }

        private String finish() {
            number++;
            return line.toString();
        }
    }

    /** A feature or target: a plain decimal number within float's range. */
    private static float number(String field, String name, int line, int column) throws IOException {
        String s = field.strip();
        if (!isPlainNumber(s)) {
            throw notPlain(s, name, line, column, "");
        }
        float v = Float.parseFloat(s);
        if (Float.isInfinite(v)) {
            throw new IOException(at(name, line) + "column index " + column + " ('" + shorten(s)
                    + "') is outside float's range (±3.4e38); scale the column down before reading it.");
        }
        return v;
    }

    /** A class label: an exact whole number from 0 to {@link Integer#MAX_VALUE}, judged on its text. */
    private static int label(String field, String name, int line, int column) throws IOException {
        String s = field.strip();
        if (!isPlainNumber(s)) {
            throw notPlain(s, name, line, column, "label ");
        }
        String where = at(name, line) + "label '" + shorten(s) + "' in column index " + column;
        int at = 0;
        boolean negative = s.charAt(0) == '-';
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            at++;
        }
        // Significant digits without the point, how many of them follow the point, and the exponent.
        StringBuilder digits = new StringBuilder();
        int fractionDigits = 0;
        boolean afterPoint = false;
        for (; at < s.length() && s.charAt(at) != 'e' && s.charAt(at) != 'E'; at++) {
            char c = s.charAt(at);
            if (c == '.') {
                afterPoint = true;
            } else {
                if (digits.length() > 0 || c != '0') {
                    digits.append(c);
                }
                if (afterPoint) {
                    fractionDigits++;
                }
            }
        }
        long exponent = 0;
        if (at < s.length()) {
            String e = s.substring(at + 1);
            // A saturated exponent is enough: anything beyond ±10^12 is far outside int either way.
            String mag = e.replaceFirst("^[+-]", "").replaceFirst("^0+(?=.)", "");
            exponent = mag.length() > 12 ? 1_000_000_000_000L : Long.parseLong(mag);
            if (e.startsWith("-")) {
                exponent = -exponent;
            }
        }
        int trailing = 0;
        while (trailing < digits.length() && digits.charAt(digits.length() - 1 - trailing) == '0') {
            trailing++;
        }
        if (digits.length() == 0) {
            return 0; // 0, -0, 0.000, 0e5
        }
        long scale = exponent - fractionDigits + trailing; // value = significant × 10^scale
        if (negative) {
            throw new IOException(where + " is negative; class labels are whole numbers from 0.");
        }
        if (scale < 0) {
            throw new IOException(where + " is not a whole number; class labels are exact integers such as 0, 1,"
                    + " 2 (is this column a target rather than a label?).");
        }
        int significant = digits.length() - trailing;
        if (significant + scale > 10) {
            throw new IOException(where + " is too large for a class index (at most 2147483647).");
        }
        long value = Long.parseLong(digits.substring(0, significant));
        for (long i = 0; i < scale; i++) {
            value *= 10;
        }
        if (value > Integer.MAX_VALUE) {
            throw new IOException(where + " is too large for a class index (at most 2147483647).");
        }
        return (int) value;
    }

    /** Sign, digits with at most one point (at least one digit), then optionally e, sign and digits. */
    static boolean isPlainNumber(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        boolean point = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            for (; i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    /**
     * Why {@code s} is refused, in words that point at the fix; a {@link TextField} when it is simply not a
     * number, whose fix depends on the line it is on.
     */
    private static IOException notPlain(String s, String name, int line, int column, String what) {
        String where = at(name, line) + what + "column index " + column;
        String bare = s.replaceFirst("^[+-]", "").toLowerCase(java.util.Locale.ROOT);
        if (s.isEmpty()) {
            return new IOException(where + " is empty; every field needs a number (fill in or drop the row).");
        }
        if (bare.equals("nan")) {
            return new IOException(where + " is " + s + "; only finite numbers can be trained on (fill in or drop"
                    + " the row).");
        }
        if (bare.equals("infinity") || bare.equals("inf")) {
            return new IOException(where + " is " + s + ", outside float's range (±3.4e38); only finite numbers"
                    + " can be trained on.");
        }
        if (bare.startsWith("0x")) {
            return new IOException(where + " ('" + shorten(s) + "') is a hexadecimal number; this reader takes"
                    + " plain decimal numbers such as 8 or 2.5e-3.");
        }
        char last = s.charAt(s.length() - 1);
        if ("fFdD".indexOf(last) >= 0 && isPlainNumber(s.substring(0, s.length() - 1))) {
            return new IOException(where + " ('" + shorten(s) + "') ends in a type suffix; write the number"
                    + " without it, such as " + shorten(s.substring(0, s.length() - 1)) + ".");
        }
        return new TextField(where + " ('" + shorten(s) + "') is not a number.");
    }

    /** A field that is text, not a number; the reader adds the remedy, which depends on the whole line. */
    private static final class TextField extends IOException {
        TextField(String message) {
            super(message);
        }
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static int indexOf(int[] columns, int c) {
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static float[] grow(float[] a, int needed) {
        return needed <= a.length ? a : Arrays.copyOf(a, Math.max(needed, a.length * 2));
    }
}
