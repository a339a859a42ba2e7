package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.KilnModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Generic code over generated models: the interface they share, and the seed given at run time. */
class KilnModelTest {

    @Test
    void theSeedIsAConstructorArgumentAndTheAnnotationsSeedItsDefault() {
        assertArrayEquals(Weights.of(new TestModels_ClassifierModel()),
                Weights.of(new TestModels_ClassifierModel(16, 3)));
        assertEquals(3, new TestModels_ClassifierModel().seed());
        assertArrayEquals(Weights.of(new TestModels_ClassifierModel(16, 7)),
                Weights.of(new TestModels_ClassifierModel(4, 7)));
        assertFalse(java.util.Arrays.equals(Weights.of(new TestModels_ClassifierModel(16, 7)),
                Weights.of(new TestModels_ClassifierModel(16, 8))));
        assertEquals(8, new TestModels_ClassifierModel(16, 8).seed());
    }

    @Test
    void aSeedStudyIsALoopOverOneInterface() {
        float[] x = new float[40 * 5];
        int[] y = new int[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(0.37 * i);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = x[5 * i] > 0 ? 1 : 0;
        }
        Dataset data = Dataset.ofClasses(x, 5, y);
        List<Supplier<KilnModel>> factories = List.of(() -> new TestModels_ClassifierModel(16, 1),
                () -> new TestModels_ClassifierModel(16, 2));
        List<Double> losses = new ArrayList<>();
        for (Supplier<KilnModel> f : factories) {
            KilnModel m = f.get();
            m.fit(data, FitOptions.defaults().withVerbose(false).withEpochs(3));
            losses.add(m.evaluate(data).loss());
            int c = m.predictClass(java.util.Arrays.copyOf(x, m.inputs()));
            assertTrue(c >= 0 && c < m.outputs(), "class " + c);
        }
        assertEquals(2, losses.size());
        assertFalse(losses.get(0).equals(losses.get(1)), "two seeds, two results: " + losses);
    }

    @Test
    void predictClassSaysWhenAModelHasNoClasses() {
        KilnModel regression = new TestModels_RegressorModel();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> regression.predictClass(new float[3]));
        assertTrue(e.getMessage().contains("trained on mean squared error"), e.getMessage());
        KilnModel multiLabel = new TestModels_BinaryModel();
        e = assertThrows(IllegalStateException.class, () -> multiLabel.predictClass(new float[4]));
        assertTrue(e.getMessage().contains("2 independent yes/no outputs"), e.getMessage());
    }
}
