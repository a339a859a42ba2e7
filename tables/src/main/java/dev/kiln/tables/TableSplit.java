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

    /**
     * Writes {@code fraction} of each target class's rows of {@code csv} to {@code first}, the rest to
     * {@code second}.
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
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("The split's fraction is the share of rows in the first file and must"
                    + " be between 0 and 1 (both excluded), but was " + fraction + ".");
        }
        List<String> header = CsvFile.header(csv);
        int at = header.indexOf(target);
        if (at < 0) {
            throw new TableException(csv + " has no column '" + target + "'; its columns are "
                    + String.join(", ", header) + ".");
        }
        Map<String, List<Integer>> byClass = new LinkedHashMap<>();
        int[] rows = {0};
        CsvFile.read(csv, (cells, line) -> byClass.computeIfAbsent(cells[at].strip(), k -> new ArrayList<>())
                .add(rows[0]++));
        boolean[] inFirst = new boolean[rows[0]];
        Rng rng = new Rng(seed);
        // classes in sorted order, so that the draw does not depend on which class the file starts with
        for (String c : new java.util.TreeSet<>(byClass.keySet())) {
            int[] members = byClass.get(c).stream().mapToInt(Integer::intValue).toArray();
            rng.shuffle(members, members.length);
            int n = (int) Math.round(fraction * members.length);
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
        return counts;
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
