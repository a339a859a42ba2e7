package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per compile-time rule not covered by {@link ProcessorTest}'s file-based cases: each model has
 * exactly one mistake, and javac must fail with Kiln's message on the line that holds it (for mistakes of
 * the class itself, the {@code @Model} annotation).
 */
class RulesTest {

    static final String HEADER = "package shop;\nimport dev.kiln.annotations.*;\nimport dev.kiln.runtime.Layer;\n";
    static final String MODEL = "@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR)\n";
    private static final String SGD = "@Optimizer(type = OptimizerType.SGD)\n";

    /** A model class {@code M} with the given annotations and body. */
    static String model(String annotations, String body) {
        return HEADER + annotations + "abstract class M {\n" + body + "}\n";
    }

    static Arguments rule(String name, String source, String message, String line) {
        return Arguments.of(name, source, message, line);
    }

    static Stream<Arguments> rules() {
        String out = "    @Dense(units = 1) Layer out;\n";
        return Stream.of(
            rule("private class", HEADER + "class Outer {\n" + MODEL + SGD
                    + "    private abstract static class Inner {\n" + out + "    }\n}\n",
                    "must not be private", "@Model("),
            rule("inner class", HEADER + "class Outer {\n" + MODEL + SGD
                    + "    abstract class Inner {\n" + out + "    }\n}\n",
                    "is an inner (non-static) class", "@Model("),
            rule("generic class", HEADER + MODEL + SGD + "abstract class M<T> {\n" + out + "}\n",
                    "must not have type parameters", "@Model("),
            rule("no usable constructor", model(MODEL + SGD, "    M(int x) {}\n" + out),
                    "needs a constructor without parameters", "@Model("),
            rule("not a class", HEADER + MODEL + SGD + "interface M {\n}\n",
                    "@Model goes on a class, but was placed on an interface", "@Model("),
            rule("inputs", model("@Model(inputs = 0, loss = Loss.MEAN_SQUARED_ERROR)\n" + SGD, out),
                    "@Model inputs must be at least 1, but was 0", "inputs = 0"),
            rule("maxBatchSize", model("@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR, maxBatchSize = 0)\n"
                    + SGD, out), "@Model maxBatchSize must be at least 1, but was 0", "maxBatchSize = 0"),
            rule("epochs", model("@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR, epochs = 0)\n" + SGD, out),
                    "@Model epochs must be at least 1, but was 0", "epochs = 0"),
            rule("multiLabel without binary loss", model("@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR,"
                    + " multiLabel = true)\n" + SGD, out), "@Model multiLabel applies to BINARY_CROSS_ENTROPY",
                    "multiLabel = true"),
            rule("two layer annotations", model(MODEL + SGD, "    @Dense(units = 2) @Dropout(rate = 0.1) Layer x;\n"
                    + out), "Field x has both @Dense and @Dropout", "Layer x;"),
            rule("static layer field", model(MODEL + SGD, "    @Dense(units = 1) static Layer out;\n"),
                    "@Dense field out must not be static", "static Layer out"),
            rule("final layer field", model(MODEL + SGD, "    @Dense(units = 1) final Layer out = null;\n"),
                    "@Dense field out must not be final", "final Layer out"),
            rule("no dense layer", model(MODEL + SGD, ""), "has no @Dense layer", "@Model("),
            rule("dropout first", model(MODEL + SGD, "    @Dropout(rate = 0.1) Layer drop;\n" + out),
                    "@Dropout drop must follow a @Dense layer", "Layer drop;"),
            rule("dropout after dropout", model(MODEL + SGD, "    @Dense(units = 3) Layer h;\n"
                    + "    @Dropout(rate = 0.1) Layer d1;\n    @Dropout(rate = 0.2) Layer d2;\n" + out),
                    "@Dropout d2 follows @Dropout d1", "Layer d2;"),
            rule("softmax on a hidden layer", model(MODEL + SGD,
                    "    @Dense(units = 3, activation = Activation.SOFTMAX) Layer h;\n" + out),
                    "@Dense h uses SOFTMAX, which is only allowed on the output", "Activation.SOFTMAX) Layer h"),
            rule("softmax with one class", model("@Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY)\n" + SGD,
                    "    @Dense(units = 1, activation = Activation.SOFTMAX) Layer out;\n"),
                    "needs at least 2 output units (one per class), but out has 1", "units = 1"),
            rule("learning rate", model(MODEL + "@Optimizer(type = OptimizerType.SGD, learningRate = -0.1)\n", out),
                    "@Optimizer learningRate must be greater than 0, but was -0.1", "learningRate = -0.1"),
            rule("momentum", model(MODEL + "@Optimizer(type = OptimizerType.MOMENTUM, momentum = 1.5)\n", out),
                    "@Optimizer momentum must be in [0, 1), but was 1.5", "momentum = 1.5"),
            rule("beta2", model(MODEL + "@Optimizer(type = OptimizerType.ADAM, beta2 = 1.0)\n", out),
                    "@Optimizer beta2 must be in [0, 1), but was 1.0", "beta2 = 1.0"),
            rule("epsilon", model(MODEL + "@Optimizer(type = OptimizerType.ADAM, epsilon = 0)\n", out),
                    "@Optimizer epsilon must be greater than 0, but was 0.0", "epsilon = 0"),
            rule("weight decay", model(MODEL + "@Optimizer(type = OptimizerType.SGD, weightDecay = -1)\n", out),
                    "@Optimizer weightDecay must be at least 0, but was -1.0", "weightDecay = -1"),
            rule("clip norm", model(MODEL + "@Optimizer(type = OptimizerType.SGD, clipNorm = 0)\n", out),
                    "@Optimizer clipNorm must be greater than 0, but was 0.0", "clipNorm = 0"),
            rule("max norm", model(MODEL + SGD, "    @Dense(units = 1, maxNorm = -1) Layer out;\n"),
                    "@Dense maxNorm must be greater than 0, but was -1.0", "maxNorm = -1"),
            rule("negative L1", model(MODEL + SGD, "    @Dense(units = 1, l1 = -0.1) Layer out;\n"),
                    "@Dense l1 must be at least 0, but was -0.1", "l1 = -0.1"),
            rule("negative L2", model(MODEL + SGD, "    @Dense(units = 1, l2 = -0.1) Layer out;\n"),
                    "@Dense l2 must be at least 0, but was -0.1", "l2 = -0.1"),
            rule("dropConnect range", model(MODEL + SGD, "    @Dense(units = 3, dropConnect = 1.0) Layer h;\n" + out),
                    "@Dense dropConnect must be in [0, 1), but was 1.0", "dropConnect = 1.0"),
            rule("dropConnect on the output", model(MODEL + SGD, "    @Dense(units = 1, dropConnect = 0.5) Layer out;\n"),
                    "@Dense dropConnect on out, the output layer", "dropConnect = 0.5"),
            rule("batch norm momentum", model(MODEL + SGD, "    @Dense(units = 3) Layer h;\n"
                    + "    @BatchNorm(momentum = 1.0) Layer n;\n" + out),
                    "@BatchNorm momentum must be in [0, 1), but was 1.0", "momentum = 1.0"),
            rule("batch norm epsilon", model(MODEL + SGD, "    @Dense(units = 3) Layer h;\n"
                    + "    @BatchNorm(epsilon = 0) Layer n;\n" + out),
                    "@BatchNorm epsilon must be greater than 0, but was 0.0", "epsilon = 0"),
            rule("two batch norms", model(MODEL + SGD, "    @Dense(units = 3) Layer h;\n"
                    + "    @BatchNorm Layer n1;\n    @BatchNorm Layer n2;\n" + out),
                    "@BatchNorm n2 normalises a block that is already normalised", "Layer n2;"),
            rule("layer norm epsilon", model(MODEL + SGD, "    @Dense(units = 3) Layer h;\n"
                    + "    @LayerNorm(epsilon = 0) Layer n;\n" + out),
                    "@LayerNorm epsilon must be greater than 0, but was 0.0", "epsilon = 0"),
            rule("layer norm after batch norm", model(MODEL + SGD, "    @Dense(units = 3) Layer h;\n"
                    + "    @BatchNorm Layer n1;\n    @LayerNorm Layer n2;\n" + out),
                    "@LayerNorm n2 normalises a block that is already normalised (by n1)", "Layer n2;"),
            rule("layer norm before any dense", model(MODEL + SGD, "    @LayerNorm Layer n;\n" + out),
                    "@LayerNorm n must follow a @Dense layer", "Layer n;"),
            rule("layer norm after the output", model(MODEL + SGD, out + "    @LayerNorm Layer n;\n"),
                    "@LayerNorm n comes after the output layer", "Layer n;"),
            rule("layer norm after dropout", model(MODEL + SGD, "    @Dense(units = 3) Layer h;\n"
                    + "    @Dropout(rate = 0.1) Layer d;\n    @LayerNorm Layer n;\n" + out),
                    "@LayerNorm n follows @Dropout d in the same block", "Layer n;"),
            rule("residual from an unknown layer", model(MODEL + SGD, "    @Dense(units = 3) Layer h1;\n"
                    + "    @Dense(units = 3) Layer h2;\n    @Residual(from = \"h0\") Layer s;\n" + out),
                    "@Residual s adds the output of \"h0\", but this class has no layer field of that name."
                            + " The layers before it are h1, h2.", "from = \"h0\""),
            rule("residual from a later layer", model(MODEL + SGD, "    @Dense(units = 3) Layer h1;\n"
                    + "    @Dense(units = 3) Layer h2;\n    @Residual(from = \"out\") Layer s;\n" + out),
                    "but out comes after s; a residual adds the output of an earlier layer", "from = \"out\""),
            rule("residual from its own block", model(MODEL + SGD, "    @Dense(units = 3) Layer h1;\n"
                    + "    @Dense(units = 3) Layer h2;\n    @Residual(from = \"h2\") Layer s;\n" + out),
                    "which is in its own block (that of @Dense h2)", "from = \"h2\""),
            rule("residual from inside a block", model(MODEL + SGD, "    @Dense(units = 3) Layer h1;\n"
                    + "    @Activate(Activation.RELU) Layer a1;\n    @Dense(units = 3) Layer h2;\n"
                    + "    @Residual(from = \"h1\") Layer s;\n" + out),
                    "h1's block goes on to a1: from must name the last layer of its block", "from = \"h1\""),
            rule("residual of another width", model(MODEL + SGD, "    @Dense(units = 3) Layer h1;\n"
                    + "    @Dense(units = 5) Layer h2;\n    @Residual(from = \"h1\") Layer s;\n" + out),
                    "adds the output of h1 (3 units) to the block of @Dense h2 (5 units)", "from = \"h1\""),
            rule("residual from itself", model(MODEL + SGD, "    @Dense(units = 3) Layer h1;\n"
                    + "    @Dense(units = 3) Layer h2;\n    @Residual(from = \"s\") Layer s;\n" + out),
                    "@Residual s names itself in from", "from = \"s\""),
            rule("residual from a layer before any dense", model(MODEL + SGD, "    @LayerNorm Layer n0;\n"
                    + "    @Dense(units = 3) Layer h1;\n    @Residual(from = \"n0\") Layer s;\n" + out),
                    "which stands before any @Dense and so ends no block", "from = \"n0\""),
            rule("residual after the output", model(MODEL + SGD, "    @Dense(units = 1) Layer h1;\n" + out
                    + "    @Residual(from = \"h1\") Layer s;\n"),
                    "@Residual s comes after the output layer", "Layer s;"),
            rule("huberDelta without Huber", model(MODEL.replace(")", ", huberDelta = 2.0)") + SGD, out),
                    "@Model huberDelta applies to Loss.HUBER, but this model is trained on MEAN_SQUARED_ERROR",
                    "huberDelta = 2.0"),
            rule("huberDelta of 0", model("@Model(inputs = 4, loss = Loss.HUBER, huberDelta = 0)\n" + SGD, out),
                    "@Model huberDelta must be greater than 0, but was 0.0", "huberDelta = 0"),
            rule("label smoothing without softmax", model(MODEL.replace(")", ", labelSmoothing = 0.1)") + SGD,
                    out), "@Model labelSmoothing applies to Loss.SOFTMAX_CROSS_ENTROPY", "labelSmoothing = 0.1"),
            rule("label smoothing of 1", model("@Model(inputs = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY,"
                    + " labelSmoothing = 1.0)\n" + SGD, "    @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;\n"),
                    "@Model labelSmoothing must be in [0, 1), but was 1.0", "labelSmoothing = 1.0"),
            rule("schedule factor", model(MODEL + SGD + "@Schedule(type = ScheduleType.STEP, factor = 2)\n", out),
                    "@Schedule factor must be in (0, 1], but was 2.0", "factor = 2"),
            rule("layer without model", HEADER + "abstract class M {\n" + out + "}\n",
                    "@Dense fields are only read in a class annotated with @Model", "Layer out;"),
            rule("optimizer without model", HEADER + SGD + "abstract class M {\n}\n",
                    "@Optimizer is only read on a class that also has @Model", "@Optimizer("));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachMistakeGetsItsMessageOnItsLine(String name, String source, String message, String line) {
        JavaFileObject file = JavaFileObjects.forSourceString("shop." + (source.contains("class Outer") ? "Outer"
                : "M"), source);
        Compilation c = javac().withProcessors(new ModelProcessor()).compile(file);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining(message).inFile(file).onLineContaining(line);
    }

    @org.junit.jupiter.api.Test
    void aTypeWithTheGeneratedNameIsReported() {
        JavaFileObject model = JavaFileObjects.forSourceString("shop.M", model(MODEL + SGD,
                "    @Dense(units = 1) Layer out;\n"));
        JavaFileObject taken = JavaFileObjects.forSourceString("shop.MModel", "package shop;\nclass MModel {}\n");
        Compilation c = javac().withProcessors(new ModelProcessor()).compile(model, taken);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("Kiln generates MModel for this @Model, but a type of that name already"
                + " exists").inFile(model).onLineContaining("@Model(");
    }

    @org.junit.jupiter.api.Test
    void twoModelsThatWouldGenerateTheSameClassAreReported() {
        JavaFileObject flat = JavaFileObjects.forSourceString("shop.A_B", HEADER + MODEL + SGD
                + "abstract class A_B {\n    @Dense(units = 1) Layer out;\n}\n");
        JavaFileObject nested = JavaFileObjects.forSourceString("shop.A", HEADER + "class A {\n" + MODEL + SGD
                + "    abstract static class B {\n        @Dense(units = 1) Layer out;\n    }\n}\n");
        Compilation c = javac().withProcessors(new ModelProcessor()).compile(flat, nested);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("Kiln would generate shop.A_BModel for this @Model, but generates it for");
        assertThat(c).hadErrorCount(1);
    }

    @org.junit.jupiter.api.Test
    void aFailureInsideTheProcessorBecomesAnErrorOnThatClassAndOthersAreStillProcessed() {
        ModelProcessor failing = new ModelProcessor(type -> {
            if (type.getSimpleName().contentEquals("Boom")) {
                throw new IllegalStateException("simulated defect");
            }
        });
        JavaFileObject boom = JavaFileObjects.forSourceString("shop.Boom", HEADER + MODEL + SGD
                + "abstract class Boom {\n    @Dense(units = 1) Layer out;\n}\n");
        // A second model with a mistake of its own: its message shows that processing went on after Boom.
        JavaFileObject other = JavaFileObjects.forSourceString("shop.M", model(MODEL + SGD,
                "    @Dense(units = -3) Layer out;\n"));
        Compilation c = javac().withProcessors(failing).compile(boom, other);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("Kiln's processor (version").inFile(boom).onLineContaining("abstract class Boom");
        assertThat(c).hadErrorContaining("failed on shop.Boom: java.lang.IllegalStateException: simulated defect");
        assertThat(c).hadErrorContaining("@Dense units must be at least 1, but was -3").inFile(other)
                .onLineContaining("units = -3");
    }
}
