package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Models whose generated class could not compile, named one by one: colliding derived names, numbers that do not
 * survive the cast to float, members the subclass cannot live with, sizes past Java's arrays. Each gets Kiln's own
 * error on the line that holds the cause. {@link AdversarialModelsTest} draws many more of the same kinds.
 */
class RobustnessRulesTest {

    private static final String ADAM = "@Optimizer(type = OptimizerType.ADAM)\n";
    private static final String OUT = "    @Dense(units = 1) Layer out;\n";

    private static String model(String annotations, String body) {
        return RulesTest.model(annotations, body);
    }

    private static Arguments rule(String name, String source, String message, String line) {
        return RulesTest.rule(name, source, message, line);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
            // names derived from field names
            rule("dropout named like the learning rate", model(RulesTest.MODEL + ADAM,
                    "    @Dense(units = 3, activation = Activation.RELU) Layer hidden;\n"
                            + "    @Dropout(rate = 0.2) Layer learning;\n" + OUT),
                    "Field learning makes Kiln generate a member named LEARNING_RATE", "Layer learning;"),
            rule("names differing in case", model(RulesTest.MODEL + ADAM,
                    "    @Dense(units = 3) Layer hidden;\n    @Dense(units = 3) Layer Hidden;\n" + OUT),
                    "generate a member named HIDDEN_UNITS, which field", "Layer Hidden;"),
            rule("names differing in an underscore", model(RulesTest.MODEL + ADAM,
                    "    @Dense(units = 3) Layer hiddenA;\n    @Dense(units = 3) Layer hidden_a;\n" + OUT),
                    "generate a member named HIDDEN_A_UNITS", "Layer hidden_a;"),
            rule("dropConnect mask of another layer", model(RulesTest.MODEL + ADAM,
                    "    @Dense(units = 3, dropConnect = 0.2) Layer hidden;\n"
                            + "    @Dropout(rate = 0.2) Layer hiddenConnect;\n" + OUT),
                    "generate a member named hiddenConnectMask", "Layer hiddenConnect;"),
            rule("running statistics of another layer", model(RulesTest.MODEL + ADAM,
                    "    @Dense(units = 3) Layer a;\n    @BatchNorm Layer norm;\n    @Dense(units = 3) Layer b;\n"
                            + "    @BatchNorm Layer normRunning;\n" + OUT),
                    "generate a member named normRunningMean", "Layer normRunning;"),
            rule("a layer name too long for the generated string constants", model(RulesTest.MODEL + ADAM,
                    "    @Dense(units = 1) Layer " + "x".repeat(121) + ";\n"),
                    "This layer field's name is 121 characters long; Kiln takes names of up to 120", "Layer xxx"),
            rule("an interface default that clashes with KilnModel's", model(RulesTest.MODEL + ADAM, OUT)
                    .replace("abstract class M {", "abstract class M implements Classy {")
                    + "interface Classy { default int predictClass(float[] f) { return 0; } }\n",
                    "Method predictClass(float[]) of shop.Classy clashes", "@Model("),
            rule("a field that hides a type the generated code calls", model(RulesTest.MODEL + ADAM, OUT + "    int Math;\n"),
                    "The field Math (declared in shop.M) has the name of a type that the generated class uses", "int Math;"),
            // numbers that cannot be printed into the source
            rule("infinite l2", model(RulesTest.MODEL + ADAM, "    @Dense(units = 1, l2 = Double.POSITIVE_INFINITY) Layer out;\n"),
                    "@Dense l2 must be a finite number, but was Infinity", "l2 = Double"),
            rule("l1 beyond float", model(RulesTest.MODEL + ADAM, "    @Dense(units = 1, l1 = 1e300) Layer out;\n"),
                    "@Dense l1 is 1.0E300, beyond the range of float", "l1 = 1e300"),
            rule("infinite maxNorm", model(RulesTest.MODEL + ADAM, "    @Dense(units = 1, maxNorm = 1.0 / 0) Layer out;\n"),
                    "@Dense maxNorm must be a finite number", "maxNorm"),
            rule("infinite clipValue", model(RulesTest.MODEL + "@Optimizer(type = OptimizerType.ADAM, clipValue ="
                    + " Double.POSITIVE_INFINITY)\n", OUT), "@Optimizer clipValue must be a finite number",
                    "clipValue"),
            rule("infinite learning rate", model(RulesTest.MODEL + "@Optimizer(type = OptimizerType.SGD, learningRate ="
                    + " Double.POSITIVE_INFINITY)\n", OUT), "@Optimizer learningRate must be a finite number",
                    "learningRate"),
            rule("epsilon that is 0 as a float", model(RulesTest.MODEL + "@Optimizer(type = OptimizerType.ADAM, epsilon ="
                    + " 1e-50)\n", OUT), "@Optimizer epsilon is 1.0E-50, which becomes 0 as a float", "epsilon"),
            rule("BatchNorm epsilon that is 0 as a float", model(RulesTest.MODEL + ADAM, "    @Dense(units = 3) Layer h;\n"
                    + "    @BatchNorm(epsilon = 1e-50) Layer n;\n" + OUT),
                    "@BatchNorm epsilon is 1.0E-50, which becomes 0 as a float", "epsilon = 1e-50"),
            rule("dropout rate that is 1 as a float", model(RulesTest.MODEL + ADAM, "    @Dense(units = 3) Layer h;\n"
                    + "    @Dropout(rate = 0.999999999) Layer d;\n" + OUT),
                    "@Dropout rate is 0.999999999, which becomes 1.0 as a float", "rate = 0.999999999"),
            rule("infinite schedule k", model(RulesTest.MODEL + ADAM + "@Schedule(type = ScheduleType.EXPONENTIAL, k ="
                    + " Double.POSITIVE_INFINITY)\n", OUT), "@Schedule k must be a finite number", "k = Double"),
            rule("cosine floor above the rate", model(RulesTest.MODEL + "@Optimizer(type = OptimizerType.SGD,"
                    + " learningRate = 0.01)\n@Schedule(type = ScheduleType.COSINE, period = 10, minRate = 0.1)\n",
                    OUT), "@Schedule minRate 0.1 is above the learning rate 0.01", "minRate = 0.1"),
            rule("int attribute shown as an int", model(RulesTest.MODEL + ADAM + "@Schedule(type = ScheduleType.STEP,"
                    + " factor = 0.5, every = 0)\n", OUT), "@Schedule every must be at least 1, but was 0.",
                    "every = 0"),
            rule("a required schedule attribute left out", model(RulesTest.MODEL + ADAM
                    + "@Schedule(type = ScheduleType.STEP, every = 2)\n", OUT),
                    "@Schedule(type = STEP) needs factor (in (0, 1]), e.g. factor = 0.5.", "@Schedule("),
            rule("softmax as a layer of its own", model(RulesTest.MODEL + ADAM, "    @Dense(units = 3) Layer h;\n"
                    + "    @Activate(Activation.SOFTMAX) Layer act;\n" + OUT),
                    "@Activate act applies SOFTMAX, which Kiln computes only as the activation of the last @Dense",
                    "Activation.SOFTMAX"),
            rule("an activation after a dense layer that has one", model(RulesTest.MODEL + ADAM,
                    "    @Dense(units = 3, activation = Activation.RELU) Layer h;\n    @BatchNorm Layer n;\n"
                            + "    @Activate(Activation.RELU) Layer act;\n" + OUT),
                    "@Activate act is in the block of @Dense h, where @Dense h already applies RELU",
                    "@Activate(Activation.RELU)"),
            // the model class's shape
            rule("constructor with a checked exception", model(RulesTest.MODEL + ADAM,
                    "    M() throws java.io.IOException { }\n" + OUT),
                    "The no-argument constructor of M declares java.io.IOException", "M() throws"),
            rule("abstract method", model(RulesTest.MODEL + ADAM, "    abstract int score();\n" + OUT),
                    "Abstract method score() (declared in shop.M) is not implemented", "abstract int score"),
            rule("final method the generated class uses", model(RulesTest.MODEL + ADAM,
                    "    public final String summary() { return \"\"; }\n" + OUT),
                    "Method summary() of shop.M clashes", "public final String summary"),
            rule("a method Kiln implements for every model", model(RulesTest.MODEL + ADAM,
                    "    public float[] predict(float[] x) { return x; }\n" + OUT),
                    "Method predict(float[]) of shop.M clashes", "public float[] predict"),
            rule("an abstract method Kiln implements for every model", model(RulesTest.MODEL + ADAM,
                    "    public abstract dev.kiln.runtime.train.History fit(dev.kiln.runtime.data.Dataset d,"
                            + " dev.kiln.runtime.train.FitOptions o);\n" + OUT),
                    "Kiln's GeneratedModel implements it for every generated class", "public abstract"),
            rule("public method of a generated private one", model(RulesTest.MODEL + ADAM, "    public void update() { }\n"
                    + OUT), "Method update() of shop.M clashes", "public void update"),
            // sizes
            rule("units beyond an array", model(RulesTest.MODEL + ADAM, "    @Dense(units = Integer.MAX_VALUE) Layer out;\n"),
                    "@Dense out with 4 inputs and 2147483647 units has weights and bias that would hold", "units ="),
            rule("weights plus bias beyond an array", model("@Model(inputs = 46340, loss ="
                    + " Loss.MEAN_SQUARED_ERROR)\n" + ADAM, "    @Dense(units = 46341) Layer out;\n"),
                    "would hold 2,147,488,281 floats, more than a Java array can hold", "units = 46341"),
            rule("batch buffer beyond an array", model("@Model(inputs = 4096, loss = Loss.MEAN_SQUARED_ERROR,"
                    + " maxBatchSize = 1048576)\n" + ADAM, OUT),
                    "@Model maxBatchSize 1048576 means that the input batch would hold 4,294,967,296 floats",
                    "maxBatchSize = 1048576"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void refusedWithKilnsErrorOnTheLine(String name, String source, String message, String line) {
        JavaFileObject file = JavaFileObjects.forSourceString("shop.M", source);
        Compilation c = javac().withProcessors(new ModelProcessor()).compile(file);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining(message).inFile(file).onLineContaining(line);
    }

    @Test
    void aMissingOptimizerDoesNotHideTheOtherMistakes() {
        JavaFileObject file = JavaFileObjects.forSourceString("shop.M", model(RulesTest.MODEL,
                "    @Dense(units = 3) Layer h;\n    @Dropout(rate = 1.5) Layer d;\n" + OUT));
        Compilation c = javac().withProcessors(new ModelProcessor()).compile(file);
        assertThat(c).hadErrorContaining("has no @Optimizer").inFile(file).onLineContaining("@Model(");
        assertThat(c).hadErrorContaining("@Dropout rate is the probability").inFile(file)
                .onLineContaining("rate = 1.5");
        assertThat(c).hadErrorCount(2);
    }
}
