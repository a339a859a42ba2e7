package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The depth limit is real: a model of {@link ModelValidator#MAX_LAYERS} layer fields of the kinds that
 * generate the most code compiles and trains, and one more field is Kiln's error, not javac's "code too
 * large" or a stack overflow inside javac.
 */
class DepthLimitTest {

    /** One block of four fields with every option that adds generated statements. */
    private static String block(int i) {
        return "    @Dense(units = 2, l1 = 0.01, l2 = 0.01, maxNorm = 2, dropConnect = 0.1) Layer d" + i + ";\n"
                + "    @BatchNorm Layer n" + i + ";\n"
                + "    @Activate(Activation.PRELU) Layer a" + i + ";\n"
                + "    @Dropout(rate = 0.1) Layer p" + i + ";\n";
    }

    /** A dense layer with every option; every one is its own stage. */
    private static String dense(int i) {
        return "    @Dense(units = 2, activation = Activation." + (i % 2 == 0 ? "PRELU" : "RRELU")
                + ", l1 = 0.01, l2 = 0.01, maxNorm = 2, dropConnect = 0.1) Layer d" + i + ";\n";
    }

    private static String source(String name, String optimizer, String body) {
        return "package shop;\nimport dev.kiln.annotations.*;\nimport dev.kiln.runtime.Layer;\n"
                + "@Model(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY)\n" + optimizer
                + "abstract class " + name + " {\n" + body
                + "    @Dense(units = 2, activation = Activation.SOFTMAX) Layer out;\n}\n";
    }

    private static String blocks(int fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < fields / 4; i++) {
            body.append(block(i));
        }
        for (int i = 0; i < fields % 4; i++) {
            body.append(dense(1000 + i));
        }
        return body.toString();
    }

    private static String denses(int fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < fields; i++) {
            body.append(dense(i));
        }
        return body.toString();
    }

    private static final String NADAM = "@Optimizer(type = OptimizerType.NADAM, clipNorm = 1.0, weightDecay = 0.01)\n";
    private static final String AMSGRAD = "@Optimizer(type = OptimizerType.AMSGRAD, clipNorm = 1.0)\n";

    @Test
    void theDeepestAcceptedModelsCompileAndTrain() throws Exception {
        int hidden = ModelValidator.MAX_LAYERS - 1;
        String[][] cases = {{"Blocks", NADAM, blocks(hidden)}, {"BlocksAms", AMSGRAD, blocks(hidden)},
            {"Denses", AMSGRAD, denses(hidden)}, {"DensesNadam", NADAM, denses(hidden)}};
        for (String[] k : cases) {
            String src = source(k[0], k[1], k[2]);
            Compilation c = javac().withProcessors(new ModelProcessor())
                    .compile(JavaFileObjects.forSourceString("shop." + k[0], src));
            assertThat(c).succeeded();
            assertTrue(RandomModelsTest.trainOneStep(c, "shop." + k[0] + "Model", k[0]));
        }
    }

    /**
     * Widths of 32768 and more are constants the bytecode loads from the constant pool (3 bytes an instruction
     * rather than 1): the deepest models still compile with them. Compiled only; their arrays would need gigabytes.
     */
    @Test
    void theDeepestAcceptedModelsCompileWithWideLayers() {
        int hidden = ModelValidator.MAX_LAYERS - 1;
        String[][] cases = {{"WideBlocks", NADAM, blocks(hidden)}, {"WideDenses", AMSGRAD, denses(hidden)}};
        for (String[] k : cases) {
            String src = source(k[0], k[1], k[2].replace("units = 2", "units = 40000"));
            Compilation c = javac().withProcessors(new ModelProcessor())
                    .compile(JavaFileObjects.forSourceString("shop." + k[0], src));
            assertThat(c).succeeded();
        }
    }

    @Test
    void oneLayerMoreIsKilnsError() {
        JavaFileObject file = JavaFileObjects.forSourceString("shop.Deep",
                source("Deep", NADAM, denses(ModelValidator.MAX_LAYERS)));
        Compilation c = javac().withProcessors(new ModelProcessor()).compile(file);
        assertThat(c).hadErrorContaining("has " + (ModelValidator.MAX_LAYERS + 1) + " layer fields; Kiln generates"
                + " code for at most " + ModelValidator.MAX_LAYERS).inFile(file).onLineContaining("@Model(");
    }

    @Test
    void thousandsOfLayersAreRefusedQuickly() {
        JavaFileObject file = JavaFileObjects.forSourceString("shop.Deep", source("Deep", NADAM, denses(5000)));
        Compilation c = javac().withProcessors(new ModelProcessor()).compile(file);
        assertThat(c).hadErrorContaining("has 5001 layer fields");
    }
}
