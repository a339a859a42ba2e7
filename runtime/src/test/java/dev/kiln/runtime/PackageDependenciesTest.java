package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages depend on each other in one direction only: reading the sources (comments left out),
 * the graph of which package's code names which other package has no cycle. The checkpoint format ({@code io})
 * reads models through {@code train}'s interfaces, and training never needs the format.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/kiln/runtime");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.kiln\\.runtime\\.(?:([a-z]+)\\.)?[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void packagesFormNoCycle() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = packageOf(file);
                String code = COMMENT.matcher(Files.readString(file)).replaceAll(" ");
                Matcher m = REFERENCE.matcher(code);
                Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
                while (m.find()) {
                    String target = m.group(1) == null ? "(root)" : m.group(1);
                    if (!target.equals(from)) {
                        to.add(target);
                    }
                }
            }
        }
        assertTrue(uses.keySet().containsAll(List.of("(root)", "kernels", "data", "train", "io", "model")),
                "read the packages: " + uses.keySet());
        List<String> cycle = cycle(uses);
        assertEquals(List.of(), cycle, "a cycle among the runtime's packages; their dependencies: " + uses);
        assertTrue(uses.get("io").contains("train"), "the checkpoint format reads models through train's interfaces");
    }

    private static String packageOf(Path file) {
        Path relative = SOURCES.relativize(file.getParent());
        return relative.toString().isEmpty() ? "(root)" : relative.toString().replace('/', '.');
    }

    /** A cycle of the graph as the packages on it, or an empty list. */
    private static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>();
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            if (visit(start, graph, state, path)) {
                return path;
            }
        }
        return List.of();
    }

    private static boolean visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state,
                                 List<String> path) {
        int s = state.getOrDefault(node, 0);
        if (s == 2) {
            return false;
        }
        path.add(node);
        if (s == 1) {
            return true;
        }
        state.put(node, 1);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (visit(next, graph, state, path)) {
                return true;
            }
        }
        state.put(node, 2);
        path.remove(path.size() - 1);
        return false;
    }
}
