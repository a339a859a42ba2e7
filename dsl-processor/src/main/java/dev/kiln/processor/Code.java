package dev.kiln.processor;

import com.palantir.javapoet.MethodSpec;

/**
 * Statements of the generated code that may wrap: every {@code ", "} of the format becomes a place where
 * JavaPoet breaks the line when it would pass its column limit, so that kernel calls with many arguments stay
 * readable, and no generated line grows past 120 characters with the layers' names.
 */
final class Code {

    private Code() {}

    /** {@code m.addStatement(format, args)}, wrapping after commas as needed. */
    static void statement(MethodSpec.Builder m, String format, Object... args) {
        m.addStatement(wrap(format), args);
    }

    /** The longest line of a Javadoc format, before its arguments are filled in. */
    private static final int DOC_WIDTH = 100;

    /**
     * A Javadoc format broken into lines of at most {@value #DOC_WIDTH} characters at spaces (JavaPoet does not
     * wrap Javadoc); existing line breaks are kept.
     */
    static String doc(String format) {
        StringBuilder out = new StringBuilder();
        for (String line : format.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            int start = out.length();
            for (String word : line.split(" ", -1)) {
                if (out.length() > start && out.length() - start + 1 + word.length() > DOC_WIDTH) {
                    out.append('\n');
                    start = out.length();
                } else if (out.length() > start) {
                    out.append(' ');
                }
                out.append(word);
            }
        }
        return out.toString();
    }

    /** The format with a wrapping point after each comma, for statements built in a chain. */
    static String wrap(String format) {
        return format.replace(", ", ",$W");
    }
}
