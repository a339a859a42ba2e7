package dev.kiln.processor;

import java.util.List;

/** Recognises Kiln's own diagnostics: each of {@link Messages} begins with one of these. */
final class KilnMessages {

    private static final List<String> PREFIXES = List.of("@", "Abstract method ", "Field ", "Kiln generates ", "Kiln skipped ",
            "Kiln would generate ", "Loss ", "Method ", "The ", "This layer field", "PRELU is", "RRELU is");

    private KilnMessages() {}

    static boolean isKilns(String message) {
        return PREFIXES.stream().anyMatch(message::startsWith);
    }
}
