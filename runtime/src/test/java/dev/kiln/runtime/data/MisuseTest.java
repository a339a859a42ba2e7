package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.runtime.Rng;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every misuse of the data API, one row each: what is called, the exception it must raise and a fragment of
 * the sentence that says what is wrong. A NullPointerException, an index or array-size exception, an
 * OutOfMemoryError or a different type fails the row, as does a message without the fragment.
 */
class MisuseTest {

    /** A call that is expected to throw. */
    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    private static Dataset five() {
        return Dataset.ofClasses(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 2, new int[] {0, 1, 0, 1, 0});
    }

    private static Dataset csv(String text, int labelColumn) throws IOException {
        return Csv.classification(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv",
                labelColumn, false);
    }

    private static Dataset csvTargets(String text, int... columns) throws IOException {
        return Csv.regression(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "r.csv", columns,
                false);
    }

    /** An IDX file of the given rank with every dimension 2, in a temporary file. */
    private static Path idx(int rank) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000800 | rank);
        for (int i = 0; i < rank; i++) {
            out.writeInt(2);
        }
        out.write(new byte[1 << rank]);
        Path file = Files.createTempFile("misuse", "-idx" + rank + "-ubyte");
        file.toFile().deleteOnExit();
        return Files.write(file, bytes.toByteArray());
    }

    private static Arguments row(String what, Call call, Class<? extends Throwable> type, String fragment) {
        return Arguments.of(what, call, type, fragment);
    }

    static Stream<Arguments> misuses() {
        Class<IllegalArgumentException> arg = IllegalArgumentException.class;
        Class<IOException> io = IOException.class;
        return Stream.of(
                row("ofClasses without features", () -> Dataset.ofClasses(null, 2, new int[1]), arg,
                        "features are null"),
                row("ofClasses without labels", () -> Dataset.ofClasses(new float[2], 2, null), arg,
                        "labels are null"),
                row("ofTargets without targets", () -> Dataset.ofTargets(new float[2], 2, null, 1), arg,
                        "targets are null"),
                row("width 0", () -> Dataset.ofClasses(new float[4], 0, new int[0]), arg, "width must be at least 1"),
                row("negative width", () -> Dataset.ofClasses(new float[4], -3, new int[0]), arg,
                        "width must be at least 1, but was -3"),
                row("length not a multiple of width", () -> Dataset.ofClasses(new float[5], 2, new int[2]), arg,
                        "not a whole number of rows of width 2"),
                row("labels for other rows", () -> Dataset.ofClasses(new float[6], 2, new int[2]), arg,
                        "3 feature rows but 2 labels"),
                row("targetWidth 0", () -> Dataset.ofTargets(new float[4], 2, new float[2], 0), arg,
                        "targetWidth must be at least 1"),
                row("null row arrays", () -> Dataset.ofClasses((float[][]) null, new int[0]), arg,
                        "feature rows are null"),
                row("a null row", () -> Dataset.ofClasses(new float[][] {{1}, null}, new int[2]), arg,
                        "feature row 1 is null"),
                row("no rows", () -> Dataset.ofClasses(new float[0][], new int[0]), arg, "at least one feature row"),
                row("ragged rows", () -> Dataset.ofClasses(new float[][] {{1, 2}, {3}}, new int[2]), arg,
                        "row 1 has 1 values but row 0 has 2"),
                row("fewer target rows", () -> Dataset.ofTargets(new float[][] {{1}, {2}}, new float[][] {{1}}), arg,
                        "2 feature rows but 1 target rows"),
                row("slice backwards", () -> five().slice(5, 2), arg, "slice(5, 2) is not a range"),
                row("slice from -1", () -> five().slice(-1, 2), arg, "0 <= from <= to <= 5"),
                row("slice past the end", () -> five().slice(0, 6), arg, "slice(0, 6)"),
                row("select null", () -> five().select(null), arg, "got null"),
                row("select past the end", () -> five().select(new int[] {0, 5}), arg,
                        "index 5 at position 1 is not a row"),
                row("select negative", () -> five().select(new int[] {-1}), arg, "index -1 at position 0"),
                row("split 0", () -> five().split(0, 1), arg, "between 0 and 1 (both excluded), but was 0.0"),
                row("split 1", () -> five().split(1, 1), arg, "but was 1.0"),
                row("split NaN", () -> five().split(Double.NaN, 1), arg, "but was NaN"),
                row("split negative", () -> five().split(-0.5, 1), arg, "but was -0.5"),
                row("targetsOutside on labels", () -> five().targetsOutside(0, 1), IllegalStateException.class,
                        "holds class labels"),
                row("fit null", () -> Standardizer.fit(null), arg, "got null"),
                row("fit empty", () -> Standardizer.fit(Dataset.ofClasses(new float[0], 3, new int[0])), arg,
                        "at least one row, but the data set is empty"),
                row("fit NaN", () -> Standardizer.fit(Dataset.ofClasses(new float[] {1, Float.NaN}, 2, new int[1])),
                        arg, "row 0 has NaN in feature 1"),
                row("apply to another width", () -> Standardizer.fit(five())
                        .apply(Dataset.ofClasses(new float[3], 3, new int[1])), arg,
                        "fitted on 2 features per row, but the data has 3"),
                row("apply null", () -> Standardizer.fit(five()).apply(null), arg, "got null"),
                row("a target column twice", () -> csvTargets("1,2,3\n", 1, 1), arg,
                        "target column index 1 is given twice in [1, 1]"),
                row("no target columns", () -> csvTargets("1,2,3\n"), arg, "at least one target column"),
                row("null target columns", () -> Csv.regression(new ByteArrayInputStream(new byte[0]), "r.csv", null,
                        false), arg, "got null"),
                row("negative label column", () -> csv("1,2\n", -1), arg,
                        "column indexes start at 0, but got column index -1"),
                row("line limit 0", () -> Csv.withMaxLineLength(0), arg, "at least 1 character"),
                row("hex float", () -> csv("0x1p3,0\n", 1), io,
                        "t.csv, line 1: column index 0 ('0x1p3') is a hexadecimal"),
                row("float suffix", () -> csv("2f,0\n", 1), io, "column index 0 ('2f') ends in a type suffix"),
                row("double suffix", () -> csv("1,1d,0\n", 2), io, "column index 1 ('1d') ends in a type suffix"),
                row("NaN", () -> csv("NaN,0\n", 1), io, "column index 0 is NaN; only finite numbers"),
                row("Infinity", () -> csv("-Infinity,0\n", 1), io,
                        "column index 0 is -Infinity, outside float's range"),
                row("beyond float", () -> csv("1e39,0\n", 1), io, "column index 0 ('1e39') is outside float's range"),
                row("an empty field", () -> csv("1,,0\n", 2), io, "t.csv, line 1: column index 1 is empty"),
                row("a bare sign", () -> csv("0,0\n-,0\n", 1), io,
                        "t.csv, line 2: column index 0 ('-') is not a number."),
                row("a bare point", () -> csv("0,0\n1,.\n", 0), io,
                        "t.csv, line 2: column index 1 ('.') is not a number."),
                row("a label with a suffix", () -> csv("1,2F\n", 1), io,
                        "label column index 1 ('2F') ends in a type suffix"),
                row("a fractional label", () -> csv("1,2.5\n", 1), io,
                        "t.csv, line 1: label '2.5' in column index 1 is not a whole number"),
                row("an almost whole label", () -> csv("1,0\n1,2.00000001\n", 1), io,
                        "t.csv, line 2: label '2.00000001' in column index 1 is not a whole number"),
                row("a huge label", () -> csv("1,1e10\n", 1), io, "label '1e10' in column index 1 is too large"),
                row("a negative label", () -> csv("1,-1\n", 1), io, "label '-1' in column index 1 is negative"),
                row("a label that is NaN", () -> csv("1,NaN\n", 1), io, "label column index 1 is NaN"),
                row("a header read as data", () -> csv("sepal_length,species\n1,0\n", 1), io,
                        "t.csv, line 1: column index 0 ('sepal_length') is not a number. If line 1 is a header, pass"
                                + " header = true."),
                row("a header whose label column comes first", () -> csv("species,sepal_length\n0,1\n", 0), io,
                        "label column index 0 ('species') is not a number. If line 1 is a header, pass header = true."),
                row("a header inside the data", () -> csv("1,0\nsepal_length,species\n", 1), io,
                        "t.csv, line 2: column index 0 ('sepal_length') is not a number. No field of line 2 is a"
                                + " number, as in a header line"),
                row("a class name as label", () -> csv("5.1,0\n4.9,Iris-setosa\n", 1), io,
                        "t.csv, line 2: label column index 1 ('Iris-setosa') is not a number. Class labels must be"
                                + " class indexes 0, 1, 2, ...; map class names to indexes first."),
                row("a text feature", () -> csv("1,0\nred,0\n", 1), io,
                        "t.csv, line 2: column index 0 ('red') is not a number. Every feature must be a number"),
                row("a label column past the end", () -> csv("1,2,3,0\n", 4), io,
                        "t.csv, line 1: 4 fields (column indexes 0 to 3), so there is no column index 4 for the label."
                                + " Column indexes start at 0: the last column is index 3."),
                row("a target column past the end", () -> csvTargets("1,2\n", 0, 2), io,
                        "r.csv, line 1: 2 fields (column indexes 0 to 1), so there is no column index 2 for a target."),
                row("rows of no values", () -> Dataset.ofClasses(new float[][] {{}, {}}, new int[2]), arg,
                        "Dataset feature row 0 is empty; every row needs at least one value."),
                row("target rows of no values", () -> Dataset.ofTargets(new float[][] {{1}}, new float[][] {{}}),
                        arg, "Dataset target row 0 is empty"),
                row("restoreState null", () -> new Rng(1).restoreState(null), arg,
                        "Rng.restoreState needs a saved state, but got null."),
                row("shuffle null", () -> new Rng(1).shuffle(null, 0), arg,
                        "Rng.shuffle needs an array, but got null."),
                row("shuffle past the end", () -> new Rng(1).shuffle(new int[3], 4), arg,
                        "count must be from 0 to the array's length 3, but was 4."),
                row("unitFloats null", () -> Idx.unitFloats(null), arg, "Idx.unitFloats needs an array, but got null."),
                row("an IDX array without data", () -> new Idx.Array(new int[] {1}, null), arg,
                        "Idx.Array needs its data, but got null."),
                row("isPresent null", () -> MnistFamily.isPresent(null), arg,
                        "MnistFamily.isPresent needs a directory, but got null."),
                row("an HTML page as IDX", () -> Idx.read(new ByteArrayInputStream(
                        "<!DOCTYPE html><html>Not found</html>".getBytes(StandardCharsets.UTF_8)), "page-idx3-ubyte",
                        -1),
                        io, "page-idx3-ubyte: not an unsigned-byte IDX file (magic 0x3c21444f at offset 0; expected"
                                + " 0x0000080N with N in 1..4). Its first bytes are '<!DO': an HTML page (an error or"
                                + " login page saved in place of the file)? Download the file again."),
                row("a Git LFS pointer as IDX", () -> Idx.read(new ByteArrayInputStream(
                        "version https://git-lfs.github.com/spec/v1\n".getBytes(StandardCharsets.UTF_8)), "lfs", -1),
                        io, "Its first bytes are 'vers': a Git LFS pointer (the data was never fetched)? Run git lfs"
                                + " pull, or download the file again."),
                row("IDX limit 0", () -> Idx.withMaxBytes(0), arg, "at least one value"),
                row("images from a label file", () -> Idx.readImages(idx(1)), io,
                        "an image file has rank 2 to 4 (the image count, then each image's dimensions), but this one"
                                + " has rank 1 (a label file?)"),
                row("labels from an image file", () -> Idx.readLabels(idx(3)), io,
                        "a label file has rank 1, but this one has rank 3 (an image file?)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misuses")
    void isRefusedWithASentenceThatNamesTheProblem(String what, Call call, Class<? extends Throwable> type,
                                                   String fragment) {
        Throwable thrown = null;
        try {
            call.run();
        } catch (Throwable t) {
            thrown = t;
        }
        assertNotNull(thrown, what + " was accepted");
        if (thrown instanceof NullPointerException || thrown instanceof IndexOutOfBoundsException
                || thrown instanceof NegativeArraySizeException || thrown instanceof ArithmeticException
                || thrown instanceof Error) {
            fail(what + " escaped as " + thrown, thrown);
        }
        assertEquals(type, thrown.getClass(), what + ": " + thrown);
        assertTrue(thrown.getMessage().contains(fragment), what + ": '" + thrown.getMessage() + "' lacks '"
                + fragment + "'");
        assertTrue(thrown.getMessage().endsWith("."), what + ": a message is a sentence: " + thrown.getMessage());
    }
}
