package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block of the README compiles against the built modules, with the imports it shows: the model
 * class through Kiln's processor, each other block as the body of a method. Names a block uses but does not
 * declare (a {@code model} trained earlier in the tour, an {@code image}) are that method's parameters, with the
 * types the README gives them; nothing else is added, so a block that forgets an import, or calls a method that
 * no longer exists, fails the build.
 */
class ReadmeExamplesTest {

    private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern DECLARED = Pattern.compile("[\\w.<>\\[\\]]+\\s+(\\w+)\\s*=");

    /** What the README's prose says the undeclared names are. */
    private static final Map<String, String> CONTEXT = new LinkedHashMap<>();

    static {
        CONTEXT.put("model", "readme.FashionMlpModel");
        CONTEXT.put("image", "float[]");
        CONTEXT.put("images", "float[][]");
        CONTEXT.put("train", "dev.kiln.runtime.data.Dataset");
        CONTEXT.put("data", "dev.kiln.runtime.data.MnistFamily.Splits");
        CONTEXT.put("history", "dev.kiln.runtime.train.History");
        CONTEXT.put("h1", "dev.kiln.runtime.train.History");
        CONTEXT.put("h2", "dev.kiln.runtime.train.History");
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String name, String code) {
            super(URI.create("string:///readme/" + name + ".java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }

    @Test
    void everyJavaBlockCompiles(@TempDir Path out) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        List<JavaFileObject> sources = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        int n = 0;
        while (m.find()) {
            n++;
            StringBuilder imports = new StringBuilder();
            StringBuilder body = new StringBuilder();
            for (String line : m.group(1).split("\n")) {
                (line.startsWith("import ") ? imports : body).append(line).append('\n');
            }
            if (body.toString().contains("@Model(")) {
                Matcher name = Pattern.compile("class (\\w+)").matcher(body);
                assertTrue(name.find(), "a model block without a class:\n" + body);
                sources.add(new Source(name.group(1), "package readme;\n" + imports + body));
                continue;
            }
            List<String> declared = new ArrayList<>();
            Matcher d = DECLARED.matcher(body);
            while (d.find()) {
                declared.add(d.group(1));
            }
            List<String> parameters = new ArrayList<>();
            for (var c : CONTEXT.entrySet()) {
                if (!declared.contains(c.getKey()) && Pattern.compile("\\b" + c.getKey() + "\\b").matcher(body).find()) {
                    parameters.add(c.getValue() + " " + c.getKey());
                }
            }
            sources.add(new Source("Example" + n, "package readme;\n" + imports + "final class Example" + n
                    + " {\n    static void run(" + String.join(", ", parameters) + ") throws Exception {\n" + body
                    + "    }\n}\n"));
        }
        assertTrue(sources.size() >= 7, "the README's Java blocks were found: " + sources.size());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classpath = System.getProperty("java.class.path");
        boolean ok = javac.getTask(null, null, diagnostics, List.of("-d", out.toString(), "-classpath", classpath,
                "-processorpath", classpath, "-processor", "dev.kiln.processor.ModelProcessor",
                "--add-modules", "jdk.incubator.vector"), null, sources).call();
        StringBuilder errors = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
            if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
                errors.append(diagnostic.getSource() == null ? "" : diagnostic.getSource().getName()).append(':')
                        .append(diagnostic.getLineNumber()).append(": ").append(diagnostic.getMessage(Locale.ROOT))
                        .append('\n');
            }
        }
        assertTrue(ok && errors.isEmpty(), "README examples that do not compile:\n" + errors);
    }
}
