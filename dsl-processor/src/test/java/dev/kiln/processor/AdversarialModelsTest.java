package dev.kiln.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.DropoutType;
import dev.kiln.annotations.Initializer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.annotations.ScheduleType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property: a model class that Kiln accepts produces a class that compiles and trains one step; a class it
 * refuses gets Kiln's own errors, in the model's source file, and nothing else: never an error inside a
 * generated file, never an exception from the processor, never a javac crash.
 *
 * <p>The classes are drawn to break things: field names taken from the identifiers of a real generated
 * class (its fields, methods, locals and the types it names), their prefixes, case and underscore variants of
 * each other, names with {@code $} and non-ASCII letters; numeric attributes at ±∞, NaN, {@code MAX_VALUE},
 * {@code MIN_VALUE}, beyond float's range and below its smallest value; every enum constant, drawn from
 * {@code values()}; sizes whose arrays cannot exist; and model classes with members the generated subclass
 * cannot live with. Depths past the limit are {@link DepthLimitTest}'s.
 */
class AdversarialModelsTest {

    private static final int CLASSES = 300;

    /** Identifiers of a generated class with most features, and camel-case prefixes of them. */
    private static final List<String> GENERATED_NAMES = new ArrayList<>();
    /** Capitalised words the writers append to field names. */
    private static final List<String> SUFFIXES = new ArrayList<>();
    private static final String[] UNUSUAL_NAMES = {"größe", "straße", "strasse", "STRASSE", "ı", "İnput", "é", "层",
        "Ωmega", "ǆ", "ﬁeld", "a$", "$b", "x$y", "_x", "hidden_", "Hidden", "HIDDEN", "hiddenA", "hidden_a",
        "hidden_A", "dev", "java", "javax", "super_", "Override", "String", "Layer"};
    /** Types the drawn source itself names in its annotations: a field of that name breaks the user's own code. */
    private static final Set<String> USER_SOURCE_TYPES = Set.of("Activation", "Loss", "DropoutType", "Initializer",
            "OptimizerType", "ScheduleType", "Double", "Float", "Integer", "Dense", "Dropout", "BatchNorm",
            "Activate", "Model", "Optimizer", "Schedule");
    private static final String[] NUMBERS = {"Double.POSITIVE_INFINITY", "Double.NEGATIVE_INFINITY", "Double.NaN",
        "Double.MAX_VALUE", "Double.MIN_VALUE", "1e300", "1e39", "3.5e38", "1e-50", "1e-46", "-0.0", "0.0",
        "0.99999999999", "1.0", "-1.0", "0.5", "0.1", "1e-3", "2.0", "(double) Float.MIN_VALUE"};
    private static final String[] SIZES = {"1", "2", "3", "4", "5", "8", "0", "-1", "Integer.MAX_VALUE", "46341",
        "46340", "1048576", "65536"};

    @BeforeAll
    static void collectGeneratedNames() throws IOException {
        String model = """
                package shop;
                import dev.kiln.annotations.*;
                import dev.kiln.runtime.Layer;
                @Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY)
                @Optimizer(type = OptimizerType.NADAM, globalClipNorm = 1.0, weightDecay = 0.01)
                @Schedule(type = ScheduleType.COSINE, period = 3)
                abstract class Reference {
                    @Dense(units = 4, dropConnect = 0.2, l2 = 0.01, maxNorm = 2) Layer hidden;
                    @BatchNorm Layer norm;
                    @Activate(Activation.RRELU) Layer act;
                    @Dropout(rate = 0.2) Layer drop;
                    @Dense(units = 4) Layer hidden2;
                    @BatchNorm Layer norm2;
                    @Activate(Activation.PRELU) Layer act2;
                    @Dense(units = 4, activation = Activation.GELU) Layer hidden3;
                    @Dense(units = 3, activation = Activation.SOFTMAX) Layer output;
                }
                """;
        Compilation c = javac().withProcessors(new ModelProcessor())
                .compile(JavaFileObjects.forSourceString("shop.Reference", model));
        assertEquals(Compilation.Status.SUCCESS, c.status(), c.diagnostics().toString());
        String source = c.generatedSourceFile("shop.ReferenceModel").orElseThrow().getCharContent(true).toString();
        Set<String> names = new TreeSet<>();
        Set<String> suffixes = new TreeSet<>();
        Matcher m = Pattern.compile("[A-Za-z_$][\\w$]*").matcher(source);
        while (m.find()) {
            String id = m.group();
            if (SourceVersion.isName(id) && !id.equals("_")) {
                names.add(id);
                Matcher camel = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])").matcher(id);
                while (camel.find()) {
                    names.add(id.substring(0, camel.start()));
                    suffixes.add(id.substring(camel.start()));
                }
            }
        }
        GENERATED_NAMES.addAll(names);
        SUFFIXES.addAll(suffixes);
        assertTrue(GENERATED_NAMES.contains("LEARNING_RATE") && GENERATED_NAMES.contains("Gemm")
                && SUFFIXES.contains("ConnectMask"), "the reference class names what the draws need");
    }

    @Test
    void everyDrawnClassCompilesAndTrainsOrGetsKilnsOwnErrors() throws Exception {
        Random r = new Random(20261202);
        int trained = 0;
        int refused = 0;
        java.util.Map<String, Integer> reasons = new java.util.TreeMap<>();
        int outOfMemory = 0;
        for (int i = 0; i < CLASSES; i++) {
            String name = "Adv" + i;
            String src = source(name, r);
            Compilation c;
            try {
                c = javac().withProcessors(new ModelProcessor())
                        .compile(JavaFileObjects.forSourceString("shop." + name, src));
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("javac or the processor crashed on\n" + src, e);
            }
            for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
                String message = d.getMessage(Locale.ROOT);
                assertFalse(message.startsWith("Kiln's processor"), "processor failure on\n" + src + "\n" + message);
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    reasons.merge(message.substring(0, Math.min(28, message.length())), 1, Integer::sum);
                    String file = d.getSource() == null ? "(none)" : d.getSource().getName();
                    assertTrue(file.endsWith("shop/" + name + ".java") && !file.contains("SOURCE_OUTPUT"),
                            "an error outside the model's source (" + file + ") for\n" + src + "\n" + message);
                    assertTrue(d.getLineNumber() > 0, "an error with no place for\n" + src + "\n" + message);
                    assertTrue(KilnMessages.isKilns(message), "not one of Kiln's messages for\n" + src + "\n"
                            + message);
                }
            }
            if (c.status() == Compilation.Status.SUCCESS) {
                if (RandomModelsTest.trainOneStep(c, "shop." + name + "Model", src)) {
                    trained++;
                } else {
                    outOfMemory++;
                }
            } else {
                refused++;
            }
        }
        System.out.printf("adversarial model classes: %d drawn, %d trained a step, %d refused at compile time,"
                + " %d refused for memory at run time%nerrors by how they begin: %s%n", CLASSES, trained, refused,
                outOfMemory, reasons);
        assertTrue(trained >= CLASSES / 5 && refused >= CLASSES / 5, "both outcomes are exercised: trained "
                + trained + ", refused " + refused);
    }

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    private static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    /** A number: usually an ordinary valid one, sometimes a hostile one. */
    private static String number(Random r, String usual) {
        return r.nextInt(12) == 0 ? pick(r, NUMBERS) : usual;
    }

    private static String fieldName(Random r, int index, Set<String> taken) {
        String name = switch (r.nextInt(10)) {
            case 0, 1, 2 -> pick(r, GENERATED_NAMES);
            case 3 -> pick(r, UNUSUAL_NAMES);
            case 4, 5 -> taken.isEmpty() ? "l" + index : variant(r, pick(r, new ArrayList<>(taken)));
            default -> "l" + index;
        };
        if (!SourceVersion.isName(name) || name.equals("_") || USER_SOURCE_TYPES.contains(name)) {
            name = "l" + index;
        }
        while (taken.contains(name)) {
            name = name + "_" + index;
        }
        taken.add(name);
        return name;
    }

    /** A name that differs from {@code n} only in case or underscores, or extends it by a generated suffix. */
    private static String variant(Random r, String n) {
        return switch (r.nextInt(5)) {
            case 0 -> Character.isUpperCase(n.charAt(0)) ? Character.toLowerCase(n.charAt(0)) + n.substring(1)
                    : Character.toUpperCase(n.charAt(0)) + n.substring(1);
            case 1 -> n.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
            case 2 -> n.toUpperCase(Locale.ROOT);
            default -> n + pick(r, SUFFIXES);
        };
    }

    private static String source(String name, Random r) {
        Loss loss = pick(r, Loss.values());
        OptimizerType optimizer = pick(r, OptimizerType.values());
        Set<String> taken = new LinkedHashSet<>();
        StringBuilder fields = new StringBuilder();
        int blocks = r.nextInt(4);
        for (int b = 0; b < blocks; b++) {
            int kind = r.nextInt(6);
            // An @Activate after a dense layer that has an activation of its own is refused; mostly avoid it.
            Activation own = kind == 1 && r.nextInt(6) != 0 ? Activation.LINEAR : pick(r, Activation.values());
            fields.append(dense(r, r.nextInt(8) == 0 ? pick(r, SIZES) : pick(r, new String[] {"3", "4", "5"}),
                    own, b)).append(" Layer ").append(fieldName(r, b, taken)).append(";\n");
            if (kind == 0) {
                fields.append("    @BatchNorm(momentum = ").append(number(r, "0.9")).append(", epsilon = ")
                        .append(number(r, "1e-3")).append(", scale = ").append(r.nextBoolean())
                        .append(", center = ").append(r.nextBoolean()).append(") Layer ")
                        .append(fieldName(r, 10 + b, taken)).append(";\n");
            } else if (kind == 1) {
                Activation a = pick(r, Activation.values());
                fields.append("    @Activate(value = Activation.").append(a.name())
                        .append(r.nextInt(4) == 0 ? ", alpha = " + number(r, "0.2") : "").append(") Layer ")
                        .append(fieldName(r, 20 + b, taken)).append(";\n");
            }
            if (r.nextInt(3) == 0) {
                fields.append("    @Dropout(rate = ").append(number(r, "0.2")).append(", type = DropoutType.")
                        .append(pick(r, DropoutType.values()).name()).append(") Layer ")
                        .append(fieldName(r, 30 + b, taken)).append(";\n");
            }
        }
        String outUnits = switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> "3";
            case BINARY_CROSS_ENTROPY -> "1";
            case MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR, HUBER -> "2";
        };
        Activation outActivation = switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> Activation.SOFTMAX;
            case BINARY_CROSS_ENTROPY -> Activation.SIGMOID;
            case MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR, HUBER -> Activation.LINEAR;
        };
        if (r.nextInt(8) == 0) {
            outActivation = pick(r, Activation.values());
        }
        fields.append(dense(r, r.nextInt(10) == 0 ? pick(r, SIZES) : outUnits, outActivation, 99))
                .append(" Layer ").append(fieldName(r, 99, taken)).append(";\n");

        StringBuilder opt = new StringBuilder("@Optimizer(type = OptimizerType." + optimizer.name());
        for (String attribute : OptimizerCatalog.attributes(optimizer)) {
            if (r.nextInt(4) == 0) {
                opt.append(", ").append(attribute).append(" = ").append(number(r, attribute.equals("learningRate")
                        ? "0.01" : attribute.equals("epsilon") ? "1e-7" : "0.5"));
            }
        }
        if (r.nextInt(5) == 0) {
            opt.append(", ").append(pick(r, new String[] {"clipValue", "clipNorm", "globalClipNorm"})).append(" = ")
                    .append(number(r, "1.0"));
        }
        opt.append(")\n");
        String schedule = "";
        if (r.nextInt(3) == 0) {
            ScheduleType type = pick(r, ScheduleType.values());
            schedule = "@Schedule(type = ScheduleType." + type.name() + switch (type) {
                case CONSTANT -> "";
                case INVERSE, EXPONENTIAL -> ", k = " + number(r, "0.1");
                case STEP -> ", factor = " + number(r, "0.5") + ", every = " + pick(r, SIZES);
                case COSINE -> ", period = " + pick(r, SIZES) + ", minRate = " + number(r, "0.0001");
            } + ")\n";
        }
        String inputs = r.nextInt(10) == 0 ? pick(r, SIZES) : "4";
        String maxBatch = r.nextInt(10) == 0 ? ", maxBatchSize = " + pick(r, SIZES) : "";
        String multiLabel = loss == Loss.BINARY_CROSS_ENTROPY && r.nextInt(3) == 0 ? ", multiLabel = true" : "";
        return "package shop;\n\nimport dev.kiln.annotations.*;\nimport dev.kiln.runtime.Layer;\n\n"
                + "@Model(inputs = " + inputs + ", loss = Loss." + loss.name() + ", seed = " + r.nextInt(100)
                + maxBatch + multiLabel + ")\n" + opt + schedule + "abstract class " + name
                + shapeHeader(r, name) + " {\n" + fields + shapeMembers(r, name) + "}\n";
    }

    private static String dense(Random r, String units, Activation activation, int index) {
        StringBuilder d = new StringBuilder("    @Dense(units = " + units + ", activation = Activation."
                + activation.name());
        if (r.nextInt(6) == 0) {
            d.append(", initializer = Initializer.").append(pick(r, Initializer.values()).name());
        }
        boolean takesAlpha = activation == Activation.LEAKY_RELU || activation == Activation.ELU;
        if (r.nextInt(takesAlpha ? 3 : 30) == 0) {
            d.append(", alpha = ").append(number(r, "0.1"));
        }
        for (String attribute : new String[] {"l1", "l2", "maxNorm", "dropConnect"}) {
            // DropConnect on the output layer is refused; draw it there rarely.
            if (r.nextInt(attribute.equals("dropConnect") && index == 99 ? 40 : 8) == 0) {
                d.append(", ").append(attribute).append(" = ").append(number(r, "0.1"));
            }
        }
        if (r.nextInt(6) == 0) {
            d.append(", bias = false");
        }
        return d.append(")").toString();
    }

    private static String shapeHeader(Random r, String name) {
        return switch (r.nextInt(40)) {
            case 0 -> " implements Comparable<" + name + ">";
            case 1 -> " implements Runnable";
            default -> "";
        };
    }

    /** Members a model class may declare besides its layers: most harmless, some the subclass cannot live with. */
    private static String shapeMembers(Random r, String name) {
        return switch (r.nextInt(24)) {
            case 0 -> "    " + name + "() throws java.io.IOException { }\n";
            case 1 -> "    abstract int score();\n";
            case 2 -> "    public final String summary() { return \"\"; }\n";
            case 3 -> "    public void update() { }\n";
            case 4 -> "    static int seed() { return 1; }\n";
            case 5 -> "    int fit(dev.kiln.runtime.data.Dataset d) { return 0; }\n";
            case 6 -> "    static class List { }\n";
            case 7 -> "    interface Gemm { }\n";
            case 8 -> "    int Math;\n";
            case 9 -> "    public void run() { }\n";
            case 10 -> "    public double defaultLearningRate() { return 0.1; }\n";
            case 11 -> "    " + name + "() throws IllegalStateException { }\n";
            case 12 -> "    void save(java.nio.file.Path p) { }\n";
            case 13 -> "    public static " + name + " load(java.nio.file.Path p) { return null; }\n";
            case 14 -> "    private int forward;\n    private void update() { }\n";
            case 15 -> "    protected String structure() { return \"x\"; }\n";
            default -> "";
        };
    }
}
