package dev.kiln.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.kiln.runtime.kernels.DropoutMasks;
import org.junit.jupiter.api.Test;

/**
 * Rules that hold both at compile time (on the annotation) and at run time (on what {@code FitOptions} or a
 * search sets): the processor and the runtime must accept exactly the same values, which this test checks value
 * by value, at the edges.
 */
class SharedRulesTest {

    @Test
    void aDropoutRateIsAcceptedAtCompileTimeExactlyWhenTheRuntimeAcceptsIt() {
        String[] rates = {"-0.1", "-0.0", "0.0", "1e-46", "1e-45", "0.5", "0.9999999", "0.99999999", "1.0", "1.5",
            "Double.NaN", "Double.POSITIVE_INFINITY"};
        for (String rate : rates) {
            String src = RulesTest.HEADER + RulesTest.MODEL + "@Optimizer(type = OptimizerType.SGD)\n"
                    + "abstract class M {\n    @Dense(units = 3) Layer h;\n    @Dropout(rate = " + rate + ") Layer d;\n"
                    + "    @Dense(units = 1) Layer out;\n}\n";
            Compilation c = javac().withProcessors(new ModelProcessor())
                    .compile(JavaFileObjects.forSourceString("shop.M", src));
            boolean compiles = c.status() == Compilation.Status.SUCCESS;
            double value = switch (rate) {
                case "Double.NaN" -> Double.NaN;
                case "Double.POSITIVE_INFINITY" -> Double.POSITIVE_INFINITY;
                default -> Double.parseDouble(rate);
            };
            boolean runs;
            try {
                DropoutMasks.checkRate(value, "d");
                runs = true;
            } catch (IllegalArgumentException e) {
                runs = false;
            }
            assertEquals(runs, compiles, "rate " + rate + ": " + c.diagnostics());
        }
    }
}
