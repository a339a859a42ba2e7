package dev.kiln.runtime.kernels;

/**
 * Decides once per JVM whether kernels run on the Vector API or on their scalar twins.
 *
 * <p>The Vector API lives in the incubating module {@code jdk.incubator.vector}, which the JVM only loads
 * when asked ({@code --add-modules jdk.incubator.vector}). Without it Kiln still trains, on the scalar
 * twins, and says so once on standard error with the flag to add. Setting the system property
 * {@code kiln.simd=false} forces the scalar kernels (useful to compare results).
 */
public final class Simd {

    /** True when the vector kernels are used. Static final, so the JIT folds every dispatch on it. */
    public static final boolean ENABLED = decide();

    private Simd() {}

    private static boolean decide() {
        if ("false".equalsIgnoreCase(System.getProperty("kiln.simd"))) {
            return false;
        }
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!present) {
            System.err.println("Kiln: the Vector API module is not loaded, so training runs on scalar kernels"
                    + " (several times slower). Add --add-modules jdk.incubator.vector to the java command"
                    + " (for Maven Surefire or exec, to its argLine or arguments).");
        }
        return present;
    }

    /** One line naming the kernels in use, e.g. for a sample's banner. */
    public static String describe() {
        return ENABLED ? "SIMD kernels, " + VectorKernels.describe() : "scalar kernels";
    }
}
