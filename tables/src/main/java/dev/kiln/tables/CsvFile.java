package dev.kiln.tables;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads a CSV file with a header row, RFC 4180 (quotes, embedded commas and line breaks, any line ending, a
 * UTF-8 byte-order mark), one record at a time, so that reading holds one row of text, never the file. Every
 * problem is a {@link TableException} naming the file, the line and the column.
 */
final class CsvFile {

    /** What a row is handed to: its cells in header order, and the line it ends on. */
    @FunctionalInterface
    interface RowHandler {
        void row(String[] cells, long line) throws TableException;
    }

    /** Cells that mean "no value": empty, or these words in any case. */
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null");

    private CsvFile() {}

    /** Whether a cell holds no value. */
    static boolean missing(String cell) {
        return cell == null || MISSING.contains(cell.strip().toLowerCase(Locale.ROOT));
    }

    /** The header's column names. */
    static List<String> header(Path file) throws IOException {
        try (CSVParser parser = open(file)) {
            return header(file, parser);
        }
    }

    /** Reads every row after the header. */
    static List<String> read(Path file, RowHandler handler) throws IOException {
        try (CSVParser parser = open(file)) {
            List<String> header = header(file, parser);
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                if (record.size() != header.size()) {
                    throw new TableException(file + ", line " + line + ": the row has " + record.size()
                            + (record.size() == 1 ? " cell" : " cells") + ", but the header has " + header.size()
                            + " columns. Make every row as long as the header (quote cells that hold commas).");
                }
                handler.row(record.values(), line);
            }
            return header;
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                throw notUtf8(file);
            }
            // Commons CSV reports a malformed quote as an unchecked IOException
            throw new TableException(file + ": " + e.getCause().getMessage() + ". Check the quotes on that line.");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw notUtf8(file);
        }
    }

    private static CSVParser open(Path file) throws IOException {
        Reader reader;
        try {
            reader = new PushbackReader(new BufferedReader(Files.newBufferedReader(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            throw new TableException("No table at " + file.toAbsolutePath() + "; give the path of a CSV file.");
        }
        try {
            int first = reader.read();
            if (first != -1 && first != '\uFEFF') {
                ((PushbackReader) reader).unread(first);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            reader.close();
            throw notUtf8(file);
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setAllowMissingColumnNames(true).setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
                .setIgnoreEmptyLines(true).get();
        try {
            return CSVParser.parse(reader, format);
        } catch (java.nio.charset.CharacterCodingException e) {
            reader.close();
            throw notUtf8(file);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            reader.close();
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                throw notUtf8(file);
            }
            throw new TableException(file + ": the header row cannot be read (" + e.getMessage() + ").");
        }
    }

    private static TableException notUtf8(Path file) {
        return new TableException(file + " is not UTF-8 text (saved in another encoding, such as Windows-1252?)."
                + " Save it as UTF-8.");
    }

    private static List<String> header(Path file, CSVParser parser) {
        List<String> names = parser.getHeaderNames();
        if (names.isEmpty()) {
            throw new TableException(file + " is empty: it needs a header row naming the columns, then the rows.");
        }
        Set<String> seen = new HashSet<>();
        List<String> header = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i) == null ? "" : names.get(i).strip();
            if (name.isEmpty()) {
                throw new TableException(file + ", line 1: column " + (i + 1) + " of the header has no name. The"
                        + " first row must name every column.");
            }
            if (!seen.add(name)) {
                throw new TableException(file + ", line 1: the header names the column '" + name + "' twice.");
            }
            header.add(name);
        }
        return header;
    }
}
