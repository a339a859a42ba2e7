package dev.kiln.tables;

import dev.kiln.runtime.Rng;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Splits a CSV table into two files before anything is fitted, so that a {@link Preprocessor} learns from the
 * training file only. The split is stratified by the target: each class's rows are shuffled with the seed and
 * {@code round(fraction·count)} of them go to the first file, in their original order. Both files keep the
 * header; cells are written back quoted as RFC 4180 needs.
 */
public final class TableSplit {

    private TableSplit() {}

    /** More distinct numbers than this in the target make it a quantity to split at random, not classes. */
    static final int MAX_NUMERIC_CLASSES = 20;

    /**
     * Writes {@code fraction} of each target class's rows of {@code csv} to {@code first}, the rest to
     * {@code second}. A target that is not classes is split as {@link #random} does: one whose values are mostly
     * distinct (an id), or numbers with more than 20 distinct values (a cost, most of them 0, is no class).
     *
     * @param csv      the table
     * @param target   the column whose values (classes) are kept in proportion
     * @param fraction the share of each class in {@code first}, in (0, 1)
     * @param seed     the shuffle's seed: the same seed gives the same files
     * @param first    where the first part goes (replaced)
     * @param second   where the rest goes (replaced)
     * @return the number of rows written to each
     * @throws TableException when the table is malformed or has no such column
     * @throws IOException    when a file cannot be read or written
     */
    public static int[] stratified(Path csv, String target, double fraction, long seed, Path first, Path second)
            throws IOException {
        if (target == null) {
            throw new IllegalArgumentException("TableSplit.stratified needs the target column whose classes it keeps"
                    + " in proportion; TableSplit.random splits without one.");
        }
        return split(csv, target, fraction, seed, first, second);
    }

    /**
     * Writes a random {@code fraction} of the rows of {@code csv} to {@code first}, the rest to {@code second}:
     * for a numeric target, or rows without one.
     *
     * @param csv      the table
     * @param fraction the share of rows in {@code first}, in (0, 1)
     * @param seed     the shuffle's seed: the same seed gives the same files
     * @param first    where the first part goes (replaced)
     * @param second   where the rest goes (replaced)
     * @return the number of rows written to each
     * @throws TableException when the table is malformed
     * @throws IOException    when a file cannot be read or written
     */
    public static int[] random(Path csv, double fraction, long seed, Path first, Path second) throws IOException {
        return split(csv, null, fraction, seed, first, second);
    }

    private static int[] split(Path csv, String target, double fraction, long seed, Path first, Path second)
            throws IOException {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("The split's fraction is the share of rows in the first file and must"
                    + " be between 0 and 1 (both excluded), but was " + fraction + ".");
        }
        if (csv == null || first == null || second == null) {
            throw new IllegalArgumentException("TableSplit needs the table and the two files to write.");
        }
        Path source = csv.toAbsolutePath().normalize();
        if (source.equals(first.toAbsolutePath().normalize()) || source.equals(second.toAbsolutePath().normalize())
                || first.toAbsolutePath().normalize().equals(second.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("TableSplit writes two new files: give paths other than "
                    + csv + " and different from each other.");
        }
        List<String> header = CsvFile.header(csv);
        int at = target == null ? -1 : header.indexOf(target);
        if (target != null && at < 0) {
            throw new TableException(csv + " has no column '" + target + "'; its columns are "
                    + String.join(", ", header) + ".");
        }
        Map<String, List<Integer>> byClass = new LinkedHashMap<>();
        int[] rows = {0};
        boolean[] numbers = {true};
        CsvFile.read(csv, (cells, line) -> {
            String value = at < 0 ? "" : cells[at].strip();
            numbers[0] &= TableSpec.number(value) != null;
            byClass.computeIfAbsent(value, k -> new ArrayList<>()).add(rows[0]++);
        });
        boolean[] inFirst = new boolean[rows[0]];
        Rng rng = new Rng(seed);
        if (byClass.size() > rows[0] / 2 || numbers[0] && byClass.size() > MAX_NUMERIC_CLASSES) {
            // an id or a quantity: no classes to keep in proportion; split all rows
            List<Integer> all = new ArrayList<>();
            for (int r = 0; r < rows[0]; r++) {
                all.add(r); // in file order, so that this is TableSplit.random's split
            }
            byClass.clear();
            byClass.put("", all);
        }
        // classes in sorted order, so that the draw does not depend on which class the file starts with
        for (String c : new java.util.TreeSet<>(byClass.keySet())) {
            int[] members = byClass.get(c).stream().mapToInt(Integer::intValue).toArray();
            rng.shuffle(members, members.length);
            int n = share(fraction, members.length);
            for (int i = 0; i < n; i++) {
                inFirst[members[i]] = true;
            }
        }
        int[] counts = new int[2];
        try (Writer a = Files.newBufferedWriter(first, StandardCharsets.UTF_8);
             Writer b = Files.newBufferedWriter(second, StandardCharsets.UTF_8);
             CSVPrinter pa = new CSVPrinter(a, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new))
                     .get());
             CSVPrinter pb = new CSVPrinter(b, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new))
                     .get())) {
            int[] row = {0};
            CsvFile.read(csv, (cells, line) -> {
                boolean toFirst = inFirst[row[0]++];
                try {
                    (toFirst ? pa : pb).printRecord((Object[]) cells);
                } catch (IOException e) {
                    throw new WriteFailure(e);
                }
                counts[toFirst ? 0 : 1]++;
            });
        } catch (WriteFailure e) {
            throw e.cause;
        }
        if (counts[0] == 0 || counts[1] == 0) {
            throw new TableException(csv + " has " + rows[0] + (rows[0] == 1 ? " row" : " rows") + ", too few to give"
                    + " both files some; " + (counts[0] == 0 ? first : second) + " got none.");
        }
        return counts;
    }

    /**
     * How many of a class's {@code count} rows go to the first part: {@code round(fraction·count)}, but for a class
     * of two rows or more at least one on each side.
     */
    static int share(double fraction, int count) {
        int n = (int) Math.round(fraction * count);
        return count >= 2 ? Math.max(1, Math.min(count - 1, n)) : n;
    }

    /** Carries a write's IOException out of the row handler, apart from the reader's own failures. */
    private static final class WriteFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient IOException cause;

        WriteFailure(IOException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
