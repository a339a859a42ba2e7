package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameter counts of the layer views, and the summary table over them. */
class LayerViewsTest {

    @Test
    void layerNormCountsOnlyTheParametersItHas() {
        float[] values = new float[8];
        float[] gradients = new float[8];
        Parameter gamma = new Parameter("norm.gamma", 1, 4, values, gradients, 0);
        Parameter beta = new Parameter("norm.beta", 1, 4, values, gradients, 4);
        assertEquals(8, new LayerNormLayer("norm", "LayerNorm", 4, gamma, beta, 1e-5f).parameterCount());
        assertEquals(4, new LayerNormLayer("norm", "LayerNorm", 4, gamma, null, 1e-5f).parameterCount());
        assertEquals(4, new LayerNormLayer("norm", "LayerNorm", 4, null, beta, 1e-5f).parameterCount());
        assertEquals(0, new LayerNormLayer("norm", "LayerNorm", 4, null, null, 1e-5f).parameterCount());
    }

    @Test
    void summaryListsLayerNormAndResidualLayers() {
        float[] values = new float[3 * 4 + 4 + 8];
        Parameter weights = new Parameter("hidden.weights", 3, 4, values, values, 0);
        Parameter bias = new Parameter("hidden.bias", 1, 4, values, values, 12);
        Parameter gamma = new Parameter("norm.gamma", 1, 4, values, values, 16);
        Parameter beta = new Parameter("norm.beta", 1, 4, values, values, 20);
        List<Layer> layers = List.of(
                new DenseLayer("hidden", "Dense(4, relu)", 3, 4, weights, bias, "RELU", 0f),
                new LayerNormLayer("norm", "LayerNorm(ε = 1e-5)", 4, gamma, beta, 1e-5f),
                new ResidualLayer("skip", "Residual(+ hidden)", 4, "hidden"));
        assertEquals(0, layers.get(2).parameterCount());
        String table = Summary.format("Model", 3, layers, 1000, 32);
        assertTrue(table.contains("norm"), table);
        assertTrue(table.contains("LayerNorm(ε = 1e-5)"), table);
        assertTrue(table.contains("Residual(+ hidden)"), table);
        assertTrue(table.contains("total parameters: 24"), table);
    }
}
