package dev.kiln.runtime.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reader for numeric CSV files: comma-separated, one sample per line, optionally a header line, blank lines
 * skipped. Every field must be a finite number (quoted fields are not supported); one column holds the
 * class label (a whole number at least 0) or some columns hold float targets, and the other columns are
 * the features in file order. Errors name the file, line and column.
 */
public final class Csv {

    private Csv() {}

    /** A classification set: {@code labelColumn} (0-based) holds the class, the other columns are features. */
    public static Dataset classification(Path file, int labelColumn, boolean header) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return classification(in, file.toString(), labelColumn, header);
        }
    }

    /** As {@link #classification(Path, int, boolean)}, from a stream; {@code name} is used in messages. */
    public static Dataset classification(InputStream in, String name, int labelColumn, boolean header)
            throws IOException {
        Table t = read(in, name, header, new int[] {labelColumn});
        int[] labels = new int[t.rows];
        for (int i = 0; i < t.rows; i++) {
            float v = t.targets[i];
            if (v < 0 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
                throw new IOException(name + ":" + t.lines[i] + ": label " + v + " in column " + (labelColumn + 1)
                        + " is not a class index (a whole number at least 0).");
            }
            labels[i] = (int) v;
        }
        return Dataset.ofClasses(t.features, t.width, labels);
    }

    /** A set with float targets in {@code targetColumns} (0-based); the other columns are features. */
    public static Dataset regression(Path file, int[] targetColumns, boolean header) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return regression(in, file.toString(), targetColumns, header);
        }
    }

    /** As {@link #regression(Path, int[], boolean)}, from a stream; {@code name} is used in messages. */
    public static Dataset regression(InputStream in, String name, int[] targetColumns, boolean header)
            throws IOException {
        Table t = read(in, name, header, targetColumns);
        return Dataset.ofTargets(t.features, t.width, t.targets, targetColumns.length);
    }

    /** Parsed numbers: features and target columns, row-major, and each row's line number. */
    private record Table(float[] features, int width, float[] targets, int rows, int[] lines) {}

    private static Table read(InputStream stream, String name, boolean header, int[] targetColumns)
            throws IOException {
        for (int c : targetColumns) {
            if (c < 0) {
                throw new IllegalArgumentException("column indexes start at 0, but got " + c + ".");
            }
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
        float[] features = new float[1024];
        float[] targets = new float[256];
        int[] lines = new int[64];
        int fields = -1;
        int firstLine = 0;
        int rows = 0;
        int lineNo = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || (header && lineNo == 1)) {
                continue;
            }
            if (line.indexOf('"') >= 0) {
                throw new IOException(name + ":" + lineNo + ": quoted fields are not supported; this reader takes"
                        + " plain numbers only.");
            }
            String[] parts = line.split(",", -1);
            if (fields < 0) {
                fields = parts.length;
                firstLine = lineNo;
                for (int c : targetColumns) {
                    if (c >= fields) {
                        throw new IOException(name + ":" + lineNo + ": " + fields + " fields, so there is no column "
                                + (c + 1) + " for the " + (targetColumns.length == 1 ? "label or target." : "targets."));
                    }
                }
            } else if (parts.length != fields) {
                throw new IOException(name + ":" + lineNo + ": " + parts.length + " fields, but line " + firstLine
                        + " has " + fields + "; every line needs the same number.");
            }
            int width = fields - targetColumns.length;
            if ((long) (rows + 1) * Math.max(width, 1) > Integer.MAX_VALUE - 16) {
                throw new IOException(name + ":" + lineNo + ": more values than one Java array can hold.");
            }
            features = grow(features, (rows + 1) * width);
            targets = grow(targets, (rows + 1) * targetColumns.length);
            if (rows == lines.length) {
                lines = Arrays.copyOf(lines, rows * 2);
            }
            lines[rows] = lineNo;
            int f = rows * width;
            int t = rows * targetColumns.length;
            for (int c = 0; c < fields; c++) {
                float v = parse(parts[c], name, lineNo, c);
                int target = indexOf(targetColumns, c);
                if (target >= 0) {
                    targets[t + target] = v;
                } else {
                    features[f++] = v;
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
                Arrays.copyOf(targets, rows * targetColumns.length), rows, Arrays.copyOf(lines, rows));
    }

    private static float parse(String field, String name, int line, int column) throws IOException {
        String s = field.strip();
        float v;
        try {
            v = Float.parseFloat(s);
        } catch (NumberFormatException e) {
            throw new IOException(name + ":" + line + ": column " + (column + 1) + " ('" + shorten(s)
                    + "') is not a number.");
        }
        if (!Float.isFinite(v)) {
            throw new IOException(name + ":" + line + ": column " + (column + 1) + " is " + s
                    + "; only finite numbers can be trained on.");
        }
        return v;
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
