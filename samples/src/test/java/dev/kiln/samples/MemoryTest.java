package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.train.TrainableNetwork;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a model says about its memory is what it holds: the sizes the processor computes at compile time equal
 * the arrays the constructor allocates, and a heap too small for them gets that figure in Kiln's words.
 */
class MemoryTest {

    /** Bytes of every array field the generated class declares, read through reflection. */
    private static long arrayBytes(Object model) throws IllegalAccessException {
        long bytes = 0;
        for (Field f : model.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            Object v = f.get(model);
            if (v instanceof float[] a) {
                bytes += 4L * a.length;
            } else if (v instanceof int[] a) {
                bytes += 4L * a.length;
            }
        }
        return bytes;
    }

    private static long bufferBytes(Object model) throws ReflectiveOperationException {
        Method m = model.getClass().getDeclaredMethod("bufferBytes");
        m.setAccessible(true);
        return (long) m.invoke(model);
    }

    @Test
    void theComputedMemoryIsTheAllocatedMemory() throws Exception {
        List<TrainableNetwork> models = List.of(new TestModels_ClassifierModel(), new TestModels_BinaryModel(3),
                new TestModels_DeepMixModel(7), new TestModels_NormBeforeModel(), new TestModels_ParametricModel(5),
                new TestModels_DropoutVariantsModel(), new TestModels_CheckpointedNadamModel(), new FashionMlpModel(1));
        for (TrainableNetwork m : models) {
            assertEquals(arrayBytes(m), bufferBytes(m), m.getClass().getSimpleName());
        }
    }

    /** Builds the Fashion-MNIST model for a batch far beyond a 64 MB heap. */
    public static final class TooLarge {
        public static void main(String[] args) {
            new FashionMlpModel(200_000);
        }
    }

    @Test
    void aHeapTooSmallIsToldHowMuchTheModelNeeds() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), TooLarge.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, child.waitFor(), output);
        long one = bufferBytes(new FashionMlpModel(1));
        long needed = one + 199_999 * (bufferBytes(new FashionMlpModel(2)) - one);
        assertTrue(output.contains("java.lang.OutOfMemoryError: FashionMlp needs " + String.format("%.1f MB",
                needed / 1e6) + " for its parameters") && output.contains("batches of up to 200,000 rows")
                && output.contains("-Xmx"), output);
    }
}
