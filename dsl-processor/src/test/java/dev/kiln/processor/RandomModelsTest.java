package dev.kiln.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.DropoutType;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.Task;
import dev.kiln.runtime.train.TrainableNetwork;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingDivergedException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Property: every model class, valid or not, either compiles and trains a step, or fails with Kiln's own
 * diagnostics; the processor never throws, and generated code never fails to compile. 300 random classes
 * from a fixed seed, mixing valid and invalid sizes, rates, structures and optimizer attributes.
 */
class RandomModelsTest {

    /** Every activation, optimizer and loss the annotations offer: a new constant is drawn without a change here. */
    private static final String[] ACTIVATIONS = names(Activation.values());
    private static final String[] OPTIMIZERS = names(OptimizerType.values());
    private static final String[] LOSSES = names(Loss.values());
    private static final String[] DROPOUTS = names(DropoutType.values());

    /**
     * How to write a field of each layer kind, by annotation, with attributes drawn valid or not. The test below
     * checks that every kind the processor registers has a writer here, so a new kind is drawn too.
     */
    private static final Map<String, BiFunction<Random, Integer, String>> KINDS = Map.of(
            "Dense", RandomModelsTest::dense,
            "Dropout", (r, i) -> "@Dropout(rate = " + pick(r, new String[] {"0.0", "0.2", "0.3", "0.5", "1.0"})
                    + ", type = DropoutType." + pick(r, DROPOUTS) + ")",
            "BatchNorm", (r, i) -> "@BatchNorm(momentum = " + pick(r, new String[] {"0.9", "0.99", "0.99", "1.5"})
                    + ", scale = " + r.nextBoolean() + ", center = " + r.nextBoolean() + ")",
            "LayerNorm", (r, i) -> "@LayerNorm(epsilon = " + pick(r, new String[] {"1e-5", "1e-3", "1e-3", "0.0"})
                    + ", scale = " + r.nextBoolean() + ", center = " + r.nextBoolean() + ")",
            "Activate", (r, i) -> "@Activate(Activation." + pick(r, ACTIVATIONS) + ")",
            "Residual", (r, i) -> "@Residual(from = \"l" + r.nextInt(Math.max(1, i)) + "\")");

    /** A valid field of each kind, for a model in which it must train: after {@code l0} and {@code l1}, 4 units each. */
    private static final Map<String, String> VALID = Map.of(
            "Dense", "@Dense(units = 4, activation = Activation.RELU)",
            "Dropout", "@Dropout(rate = 0.2)",
            "BatchNorm", "@BatchNorm",
            "LayerNorm", "@LayerNorm",
            "Activate", "@Activate(Activation.TANH)",
            "Residual", "@Residual(from = \"l0\")");

    private static String[] names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(Enum::name).toArray(String[]::new);
    }

    private static final String[] HYPERPARAMETERS = {"momentum", "beta1", "beta2", "rho", "epsilon", "weightDecay"};
    /** How Kiln's messages begin; anything else would be javac failing on generated code. */
    private static final String[] KILN_PREFIXES = {"@", "Loss ", "Field ", "PRELU is", "RRELU is", "Kiln generates"};

    /** How many classes are drawn: enough that every kind trains in some of them. */
    private static final int MODELS = 300;

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    private static String dense(Random r, int index) {
        StringBuilder f = new StringBuilder("@Dense(units = ")
                .append(pick(r, new Integer[] {-1, 1, 2, 3, 3, 4, 5, 5, 6, 8}))
                .append(", activation = Activation.")
                // linear often, so that element-wise layers after it may bring the activation
                .append(r.nextInt(3) == 0 ? "LINEAR" : pick(r, ACTIVATIONS));
        if (r.nextInt(5) == 0) {
            f.append(", alpha = ").append(pick(r, new String[] {"0.1", "0.2", "-1.0"}));
        }
        if (r.nextInt(5) == 0) {
            f.append(", l2 = ").append(pick(r, new String[] {"0.01", "0.001", "-0.1"}));
        }
        if (r.nextInt(6) == 0) {
            f.append(", maxNorm = ").append(pick(r, new String[] {"1.0", "0.0"}));
        }
        if (r.nextInt(6) == 0) {
            f.append(", dropConnect = ").append(pick(r, new String[] {"0.2", "1.0"}));
        }
        if (r.nextInt(4) == 0) {
            f.append(", bias = false");
        }
        return f.append(")").toString();
    }

    private static String source(int index, Random r) {
        String loss = pick(r, LOSSES);
        StringBuilder fields = new StringBuilder();
        int count = r.nextInt(6);
        List<String> kinds = new ArrayList<>(new java.util.TreeSet<>(KINDS.keySet()));
        List<String> drawn = new ArrayList<>();
        List<String> widths = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // a dense layer first and half of the time, so that blocks form; any kind otherwise
            String kind = i == 0 || r.nextBoolean() ? "Dense" : kinds.get(r.nextInt(kinds.size()));
            String field = KINDS.get(kind).apply(r, i);
            if (kind.equals("Residual") && r.nextInt(4) > 0) {
                // mostly a source a residual can take: the end of an earlier block of the same width
                List<Integer> sources = new ArrayList<>();
                for (int j = 0; j + 1 < i; j++) {
                    if (drawn.get(j + 1).equals("Dense") && widths.get(j).equals(widths.get(i - 1))
                            && drawn.subList(j + 1, i).stream().filter("Dense"::equals).count() == 1) {
                        sources.add(j);
                    }
                }
                if (!sources.isEmpty()) {
                    field = "@Residual(from = \"l" + sources.get(r.nextInt(sources.size())) + "\")";
                }
            }
            drawn.add(kind);
            widths.add(kind.equals("Dense") ? field.replaceAll("^@Dense\\(units = (-?\\d+).*", "$1")
                    : widths.get(i - 1));
            fields.append("    ").append(field).append(" Layer l").append(i).append(";\n");
        }
        if (r.nextInt(10) < 8) {
            String out = switch (loss) {
                case "SOFTMAX_CROSS_ENTROPY" -> "units = 3, activation = Activation.SOFTMAX";
                case "BINARY_CROSS_ENTROPY" -> "units = 1, activation = Activation.SIGMOID";
                default -> "units = 2";
            };
            fields.append("    @Dense(").append(out).append(") Layer output;\n");
        }
        StringBuilder optimizer = new StringBuilder("@Optimizer(type = OptimizerType.").append(pick(r, OPTIMIZERS));
        if (r.nextInt(3) == 0) {
            optimizer.append(", learningRate = ").append(pick(r, new String[] {"0.01", "0.001", "-1.0"}));
        }
        if (r.nextInt(8) == 0) {
            optimizer.append(", ").append(pick(r, HYPERPARAMETERS)).append(" = ")
                    .append(pick(r, new String[] {"0.5", "1.5"}));
        }
        if (r.nextInt(5) == 0) {
            optimizer.append(", ").append(pick(r, new String[] {"clipValue", "clipNorm", "globalClipNorm"}))
                    .append(" = 1.0");
        }
        optimizer.append(")");
        return "package shop;\n\nimport dev.kiln.annotations.*;\nimport dev.kiln.runtime.Layer;\n\n"
                + "@Model(inputs = " + pick(r, new Integer[] {0, 1, 3, 5, 5, 7}) + ", loss = Loss." + loss + ", seed = " + index
                + ")\n" + optimizer + "\nabstract class Random" + index + " {\n" + fields + "}\n";
    }

    @Test
    void everyRegisteredKindIsDrawn() {
        List<String> registered = LayerKinds.annotations().stream().map(n -> n.substring(n.lastIndexOf('.') + 1))
                .sorted().toList();
        assertEquals(registered, new ArrayList<>(new java.util.TreeSet<>(KINDS.keySet())));
        assertEquals(registered, new ArrayList<>(new java.util.TreeSet<>(VALID.keySet())));
        assertEquals(LayerKind.class.getPermittedSubclasses().length, registered.size(),
                "every permitted kind is registered");
    }

    @Test
    void everyModelCompilesAndTrainsOrGetsKilnDiagnostics() throws Exception {
        Random r = new Random(20261122);
        int trained = 0;
        int refused = 0;
        java.util.Set<String> trainedKinds = new java.util.TreeSet<>();
        for (int i = 0; i < MODELS; i++) {
            String src = source(i, r);
            Compilation c = javac().withProcessors(new ModelProcessor())
                    .compile(JavaFileObjects.forSourceString("shop.Random" + i, src));
            for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
                String message = d.getMessage(Locale.ROOT);
                assertFalse(message.contains("failed on") || message.contains("uncaught exception"),
                        "processor failure on\n" + src + "\n" + message);
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    boolean kiln = false;
                    for (String prefix : KILN_PREFIXES) {
                        kiln |= message.startsWith(prefix);
                    }
                    assertTrue(kiln, "an error that is not Kiln's (generated code that does not compile?) for\n"
                            + src + "\n" + message);
                }
            }
            if (c.status() == Compilation.Status.SUCCESS) {
                trainOneStep(c, "shop.Random" + i + "Model", src);
                trained++;
                for (String kind : KINDS.keySet()) {
                    if (src.contains("@" + kind + "(")) {
                        trainedKinds.add(kind);
                    }
                }
            } else {
                refused++;
            }
        }
        System.out.printf("%d of " + MODELS + " random models trained, with the kinds %s%n", trained, trainedKinds);
        assertTrue(trained >= 15 && refused >= 15, "both outcomes are exercised: trained " + trained
                + ", refused " + refused);
    }

    /** Each registered kind, valid, between two hidden layers, under every loss: it compiles and trains. */
    @Test
    void everyKindTrainsUnderEveryLoss() throws Exception {
        for (var kind : new java.util.TreeMap<>(VALID).entrySet()) {
            for (String loss : LOSSES) {
                String output = switch (loss) {
                    case "SOFTMAX_CROSS_ENTROPY" -> "units = 3, activation = Activation.SOFTMAX";
                    case "BINARY_CROSS_ENTROPY" -> "units = 1, activation = Activation.SIGMOID";
                    default -> "units = 2";
                };
                String src = "package shop;\n\nimport dev.kiln.annotations.*;\nimport dev.kiln.runtime.Layer;\n\n"
                        + "@Model(inputs = 5, loss = Loss." + loss + ")\n@Optimizer(type = OptimizerType.ADAM)\n"
                        + "abstract class Valid {\n    @Dense(units = 4, activation = Activation.TANH) Layer l0;\n"
                        + "    @Dense(units = 4) Layer l1;\n    " + kind.getValue() + " Layer l2;\n"
                        + "    @Dense(" + output + ") Layer out;\n}\n";
                Compilation c = javac().withProcessors(new ModelProcessor())
                        .compile(JavaFileObjects.forSourceString("shop.Valid", src));
                assertEquals(Compilation.Status.SUCCESS, c.status(), kind.getKey() + ": " + c.diagnostics());
                assertTrue(trainOneStep(c, "shop.ValidModel", src), kind.getKey());
            }
        }
    }

    /**
     * Loads the compiled classes and trains one step on random data of the model's shape; false when the model
     * is too large for the heap and says so in Kiln's words (any other failure fails the test).
     */
    static boolean trainOneStep(Compilation c, String className, String src) throws Exception {
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject f : c.generatedFiles()) {
            if (f.getKind() == JavaFileObject.Kind.CLASS) {
                String name = f.getName().replaceFirst("^/CLASS_OUTPUT/", "").replace(".class", "").replace('/', '.');
                try (InputStream in = f.openInputStream()) {
                    classes.put(name, in.readAllBytes());
                }
            }
        }
        ClassLoader loader = new ClassLoader(RandomModelsTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = classes.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
        TrainableNetwork net;
        try {
            net = (TrainableNetwork) loader.loadClass(className).getConstructor(int.class).newInstance(8);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof OutOfMemoryError oom && oom.getMessage().contains("-Xmx")) {
                return false;
            }
            throw new AssertionError("the generated constructor failed for\n" + src, e.getCause());
        }
        int rows = 8;
        float[] x = new float[rows * net.inputWidth()];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        Dataset data;
        if (net.task() == Task.CLASSIFICATION) {
            int[] y = new int[rows];
            for (int i = 0; i < rows; i++) {
                y[i] = i % net.outputWidth();
            }
            data = Dataset.ofClasses(x, net.inputWidth(), y);
        } else {
            float[] t = new float[rows * net.outputWidth()];
            for (int i = 0; i < t.length; i++) {
                t[i] = i % 2;
            }
            data = Dataset.ofTargets(x, net.inputWidth(), t, net.outputWidth());
        }
        try {
            Trainer.fit(net, data, FitOptions.defaults().withVerbose(false).withEpochs(1).withBatchSize(4));
        } catch (TrainingDivergedException acceptable) {
            // Kiln's own report; random hyperparameters may diverge.
        } catch (RuntimeException e) {
            fail("training the generated model failed for\n" + src, e);
        }
        return true;
    }

    @Test
    void anAttributeWithACompileErrorGetsJavacsMessageOnly() throws IOException {
        Compilation c = javac().withProcessors(new ModelProcessor()).compile(JavaFileObjects.forSourceString("shop.Typo",
                "package shop;\nimport dev.kiln.annotations.*;\nimport dev.kiln.runtime.Layer;\n"
                        + "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)\n@Optimizer(type = OptimizerType.SGD)\n"
                        + "abstract class Typo {\n    @Dense(units = \"x\") Layer out;\n}\n"));
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(d.getMessage(Locale.ROOT));
            }
        }
        assertTrue(!errors.isEmpty() && errors.stream().noneMatch(m -> m.contains("Kiln")), errors.toString());
    }
}
