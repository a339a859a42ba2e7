package dev.kiln.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
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
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Property: every model class, valid or not, either compiles and trains a step, or fails with Kiln's own
 * diagnostics; the processor never throws, and generated code never fails to compile. 200 random classes
 * from a fixed seed, mixing valid and invalid sizes, rates, structures and optimizer attributes.
 */
class RandomModelsTest {

    private static final String[] ACTIVATIONS = {"LINEAR", "RELU", "LEAKY_RELU", "PRELU", "RRELU", "ELU", "SELU",
        "SIGMOID", "TANH", "SOFTPLUS", "GELU", "SILU", "SOFTMAX"};
    private static final String[] OPTIMIZERS = {"SGD", "MOMENTUM", "NESTEROV", "ADAGRAD", "RMSPROP", "ADADELTA",
        "ADAM", "AMSGRAD", "ADAMAX", "NADAM", "ADAMW"};
    private static final String[] HYPERPARAMETERS = {"momentum", "beta1", "beta2", "rho", "epsilon", "weightDecay"};
    /** How Kiln's messages begin; anything else would be javac failing on generated code. */
    private static final String[] KILN_PREFIXES = {"@", "Loss ", "Field ", "PRELU is", "RRELU is", "Kiln generates"};

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    private static String source(int index, Random r) {
        String loss = pick(r, new String[] {"SOFTMAX_CROSS_ENTROPY", "BINARY_CROSS_ENTROPY", "MEAN_SQUARED_ERROR"});
        StringBuilder fields = new StringBuilder();
        int count = r.nextInt(5);
        for (int i = 0; i < count; i++) {
            int kind = r.nextInt(20);
            if (kind < 12) {
                fields.append("    @Dense(units = ").append(pick(r, new Integer[] {-1, 1, 2, 3, 3, 4, 5, 5, 6, 8}))
                        .append(", activation = Activation.").append(pick(r, ACTIVATIONS));
                if (r.nextInt(5) == 0) {
                    fields.append(", alpha = ").append(pick(r, new String[] {"0.1", "0.2", "-1.0"}));
                }
                if (r.nextInt(5) == 0) {
                    fields.append(", l2 = ").append(pick(r, new String[] {"0.01", "0.001", "-0.1"}));
                }
                if (r.nextInt(6) == 0) {
                    fields.append(", maxNorm = ").append(pick(r, new String[] {"1.0", "0.0"}));
                }
                if (r.nextInt(6) == 0) {
                    fields.append(", dropConnect = ").append(pick(r, new String[] {"0.2", "1.0"}));
                }
                if (r.nextInt(4) == 0) {
                    fields.append(", bias = false");
                }
                fields.append(") Layer l").append(i).append(";\n");
            } else if (kind < 14) {
                fields.append("    @Dropout(rate = ").append(pick(r, new String[] {"0.0", "0.2", "0.3", "0.5", "1.0"}))
                        .append(", type = DropoutType.").append(pick(r, new String[] {"STANDARD", "GAUSSIAN", "ALPHA"}))
                        .append(") Layer l").append(i).append(";\n");
            } else if (kind < 17) {
                fields.append("    @BatchNorm(momentum = ").append(pick(r, new String[] {"0.9", "0.99", "1.5"}))
                        .append(", scale = ").append(r.nextBoolean()).append(", center = ").append(r.nextBoolean())
                        .append(") Layer l").append(i).append(";\n");
            } else {
                fields.append("    @Activate(Activation.").append(pick(r, ACTIVATIONS)).append(") Layer l").append(i)
                        .append(";\n");
            }
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
        if (r.nextInt(5) == 0) {
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
    void everyModelCompilesAndTrainsOrGetsKilnDiagnostics() throws Exception {
        Random r = new Random(20261122);
        int trained = 0;
        int refused = 0;
        for (int i = 0; i < 200; i++) {
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
            } else {
                refused++;
            }
        }
        assertTrue(trained >= 15 && refused >= 15, "both outcomes are exercised: trained " + trained
                + ", refused " + refused);
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
