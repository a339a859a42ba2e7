package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The processor through javac: valid models generate code that compiles cleanly under
 * {@code -Xlint:all -Werror} and matches the golden files; each invalid model gets Kiln's message on the
 * line that holds the mistake. Run with {@code -Dkiln.regenerateGolden=true} to rewrite the golden files
 * after an intended change to the generated code, then review the diff.
 */
class ProcessorTest {

    private static JavaFileObject resource(String path) {
        return JavaFileObjects.forResource(path);
    }

    private static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new ModelProcessor()).withOptions("-Xlint:all", "-Werror").compile(sources);
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop.FashionMlpModel:good/FashionMlp.java", "shop.Regression_PriceModel:good/Regression.java",
        "shop.NormMlpModel:good/NormMlp.java", "shop.VariantsModel:good/Variants.java",
        "shop.ResidualMlpModel:good/ResidualMlp.java"})
    void validModelGeneratesCleanCodeMatchingGolden(String spec) throws IOException {
        String generated = spec.substring(0, spec.indexOf(':'));
        Compilation c = compile(resource(spec.substring(spec.indexOf(':') + 1)));
        assertThat(c).succeededWithoutWarnings();
        JavaFileObject file = c.generatedSourceFile(generated).orElseThrow();
        String actual = file.getCharContent(true).toString();
        actual.lines().filter(line -> line.length() > 120).findFirst().ifPresent(line ->
                org.junit.jupiter.api.Assertions.fail("a generated line over 120 characters: " + line));
        String simple = generated.substring(generated.lastIndexOf('.') + 1);
        Path golden = Path.of(System.getProperty("kiln.goldenDir", "src/test/resources/expected"), simple + ".java");
        if (Boolean.getBoolean("kiln.regenerateGolden")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(golden), "no golden file " + golden + "; run with -Dkiln.regenerateGolden=true");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
                "generated source differs from " + golden + " (regenerate with -Dkiln.regenerateGolden=true)");
    }

    @Test
    void outputIsDeterministic() {
        String first = source(compile(resource("good/FashionMlp.java")), "shop.FashionMlpModel");
        String second = source(compile(resource("good/FashionMlp.java")), "shop.FashionMlpModel");
        assertEquals(first, second);
    }

    private static String source(Compilation c, String name) {
        try {
            return c.generatedSourceFile(name).orElseThrow().getCharContent(true).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertError(String file, String message, String line) {
        JavaFileObject source = resource("bad/" + file);
        Compilation c = compile(source);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining(message).inFile(source).onLineContaining(line);
    }

    @Test
    void unitsMustBePositive() {
        assertError("NegativeUnits.java", "@Dense units must be at least 1, but was -3", "units = -3");
    }

    @Test
    void dropoutRateMustBeAProbabilityOfDropping() {
        assertError("DropoutRate.java", "@Dropout rate is the probability of dropping a unit and must be in [0, 1),"
                + " but was 1.5", "rate = 1.5");
    }

    @Test
    void optimizerIsRequired() {
        assertError("MissingOptimizer.java", "has no @Optimizer", "@Model(");
    }

    @Test
    void lossMustFitOutputActivation() {
        assertError("LossActivation.java", "Loss SOFTMAX_CROSS_ENTROPY needs the output layer to use SOFTMAX, but out"
                + " uses SIGMOID", "Activation.SIGMOID");
    }

    @Test
    void modelClassMustBeExtensible() {
        assertError("FinalClass.java", "must not be final", "@Model(");
    }

    @Test
    void attributesOfAnotherOptimizerAreRefused() {
        assertError("ForeignAttribute.java", "@Optimizer beta2 does not apply to SGD", "beta2 = 0.99");
    }

    @Test
    void dropoutNeverFollowsTheOutputLayer() {
        assertError("DropoutOnOutput.java", "comes after the output layer", "rate = 0.5");
    }

    @Test
    void severalBinaryOutputsMustBeDeclaredMultiLabel() {
        assertError("MultiLabel.java", "Declare @Model(multiLabel = true) if that is meant", "units = 3");
    }

    @Test
    void seluWithoutItsInitializerOrWithStandardDropoutWarnsButCompiles() {
        JavaFileObject source = resource("bad/SeluWarnings.java");
        Compilation c = javac().withProcessors(new ModelProcessor()).compile(source);
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining("SELU self-normalises only with LECUN_NORMAL").inFile(source)
                .onLineContaining("Initializer.HE_NORMAL");
        assertThat(c).hadWarningContaining("Use type = DropoutType.ALPHA").inFile(source)
                .onLineContaining("rate = 0.1");
    }

    @Test
    void squaredErrorAfterSoftmaxWarnsButCompiles() {
        JavaFileObject source = resource("bad/MseAfterSoftmax.java");
        Compilation c = javac().withProcessors(new ModelProcessor()).compile(source);
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining("trains slowly; for class labels use SOFTMAX_CROSS_ENTROPY").inFile(source)
                .onLineContaining("Activation.SOFTMAX");
    }

    @Test
    void parametricActivationsOnHiddenLayersOnly() {
        assertError("PreluOutput.java", "PRELU is for hidden layers, but out is the output layer", "Activation.PRELU");
    }

    @Test
    void batchNormFollowsADenseLayer() {
        assertError("NormBeforeDense.java", "@BatchNorm norm must follow a @Dense layer", "@BatchNorm Layer norm");
    }

    @Test
    void batchNormIsNeverTheLastLayer() {
        assertError("NormLast.java", "@BatchNorm norm comes after the output layer", "@BatchNorm Layer norm");
    }

    @Test
    void twoActivationsInARowAreRefused() {
        assertError("TwoActivations.java", "two activations in a row", "Activation.TANH");
    }

    @Test
    void dropoutGoesLastInItsBlock() {
        assertError("NormAfterDropout.java", "@BatchNorm norm follows @Dropout drop in the same block",
                "@BatchNorm Layer norm");
    }

    @Test
    void alphaOnlyForActivationsThatTakeIt() {
        assertError("AlphaOnRelu.java", "@Dense alpha is the parameter of LEAKY_RELU and ELU; RELU takes none",
                "alpha = 0.2");
    }

    @Test
    void scheduleAttributesMustBelongToTheType() {
        assertError("ScheduleAttribute.java", "@Schedule every does not apply to EXPONENTIAL", "every = 3");
    }

    @Test
    void oneWayOfClipping() {
        assertError("TwoClippings.java", "@Optimizer sets clipValue and globalClipNorm; choose one way",
                "globalClipNorm = 5.0");
    }

    @Test
    void explicitBatchSizeFitsTheBuffers() {
        assertError("BatchAboveMax.java", "@Model batchSize 128 is larger than maxBatchSize 64", "batchSize = 128");
    }

    @Test
    void layerFieldsMustBeAssignableLayers() {
        JavaFileObject source = resource("bad/WrongFieldType.java");
        Compilation c = compile(source);
        assertThat(c).hadErrorContaining("must have type dev.kiln.runtime.Layer, but has type java.lang.Object")
                .inFile(source).onLineContaining("private Object out");
        assertThat(c).hadErrorContaining("must not be private").inFile(source).onLineContaining("private Object out");
    }

    @Test
    void everyMistakeIsReportedInOneCompile() {
        JavaFileObject source = resource("bad/ManyMistakes.java");
        Compilation c = compile(source);
        assertThat(c).hadErrorContaining("@Model inputs must be at least 1, but was 0").inFile(source)
                .onLineContaining("inputs = 0");
        assertThat(c).hadErrorContaining("@Optimizer learningRate must be greater than 0, but was -0.1")
                .inFile(source).onLineContaining("learningRate = -0.1");
        assertThat(c).hadErrorContaining("@Optimizer beta1 must be in [0, 1), but was 1.0").inFile(source)
                .onLineContaining("beta1 = 1.0");
        assertThat(c).hadErrorContaining("uses SOFTMAX, which is only allowed on the output").inFile(source)
                .onLineContaining("units = 8");
        assertThat(c).hadErrorContaining("needs at least 2 output units").inFile(source)
                .onLineContaining("units = 1");
        long errors = c.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).count();
        assertEquals(5, errors, c.diagnostics().toString());
    }
}
