package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.io.TorchWeights;
import dev.kiln.runtime.train.KilnModel;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network trained in PyTorch predicts the same in Kiln after its weights are loaded: the files and the
 * outputs PyTorch computed were written by tools/reference/torch_weights.py (Linear, BatchNorm1d, ReLU, Dropout,
 * Linear, PReLU, Linear; softmax of the output in eval mode), in F32, F16 and BF16; and a network with two
 * LayerNorms (one without γ and β) and two skips, with and without its first LayerNorm's β.
 */
class TorchWeightsTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(TorchWeightsTest.class.getResource("/reference/" + name).toURI());
    }

    /** The sections of torch_mlp.txt: inputs, then the outputs PyTorch computed from each file. */
    private static Map<String, List<float[]>> reference() throws Exception {
        return reference("torch_mlp.txt");
    }

    /** The sections of one of the script's text files: inputs, then the outputs PyTorch computed per file. */
    private static Map<String, List<float[]>> reference(String name) throws Exception {
        Map<String, List<float[]>> sections = new LinkedHashMap<>();
        List<float[]> current = null;
        for (String line : Files.readAllLines(resource(name))) {
            if (!line.contains(" ")) {
                current = new ArrayList<>();
                sections.put(line.strip(), current);
                continue;
            }
            String[] parts = line.strip().split(" ");
            float[] row = new float[parts.length];
            for (int i = 0; i < row.length; i++) {
                row[i] = Float.parseFloat(parts[i]);
            }
            current.add(row);
        }
        return sections;
    }

    @Test
    void aPyTorchModelPredictsTheSameInKiln() throws Exception {
        Map<String, List<float[]>> ref = reference();
        List<float[]> inputs = ref.get("inputs");
        for (String dtype : List.of("f32", "f16", "bf16")) {
            TestModels_TorchMirrorModel model = new TestModels_TorchMirrorModel();
            TorchWeights.load(model, resource("torch_mlp_" + dtype + ".safetensors"));
            float[][] batch = model.predict(inputs.toArray(new float[0][]));
            double worst = 0;
            for (int i = 0; i < inputs.size(); i++) {
                float[] expected = ref.get(dtype).get(i);
                float[] single = model.predict(inputs.get(i));
                for (int k = 0; k < expected.length; k++) {
                    worst = Math.max(worst, Math.abs(expected[k] - single[k]));
                    worst = Math.max(worst, Math.abs(expected[k] - batch[i][k]));
                }
            }
            System.out.printf("PyTorch weights in %s: largest difference from PyTorch's outputs %.2e%n", dtype, worst);
            assertTrue(worst <= 1e-6, dtype + ": largest difference from PyTorch " + worst);
        }
    }

    /** The largest difference between PyTorch's outputs and the model's, row by row and in one batch. */
    private static double worst(KilnModel model, List<float[]> inputs, List<float[]> expected) {
        float[][] batch = model.predict(inputs.toArray(new float[0][]));
        double worst = 0;
        for (int i = 0; i < inputs.size(); i++) {
            float[] single = model.predict(inputs.get(i));
            for (int k = 0; k < expected.get(i).length; k++) {
                worst = Math.max(worst, Math.abs(expected.get(i)[k] - single[k]));
                worst = Math.max(worst, Math.abs(expected.get(i)[k] - batch[i][k]));
            }
        }
        return worst;
    }

    @Test
    void aPyTorchNetworkWithLayerNormsAndSkipsPredictsTheSameInKiln() throws Exception {
        Map<String, List<float[]>> ref = reference("torch_residual.txt");
        List<float[]> inputs = ref.get("inputs");
        // The LayerNorm without γ and β holds no tensors and the skips none: the file's five modules pair with
        // stem, block1, norm1, block2 and out.
        KilnModel model = new TestModels_TorchResidualModel();
        TorchWeights.load(model, resource("torch_residual.safetensors"));
        double full = worst(model, inputs, ref.get("f32"));
        // Here norm1's module holds a weight alone, as nn.PReLU's does: the model's LayerNorm without β there
        // takes it as γ.
        KilnModel noBias = new TestModels_TorchResidualNoBiasModel();
        TorchWeights.load(noBias, resource("torch_residual_nobias.safetensors"));
        double scaleOnly = worst(noBias, inputs, ref.get("nobias"));
        System.out.printf("PyTorch LayerNorms and skips: largest difference from PyTorch's outputs %.2e, %.2e"
                + " without β%n", full, scaleOnly);
        assertTrue(full <= 1e-6, "largest difference from PyTorch " + full);
        assertTrue(scaleOnly <= 1e-6, "without β: largest difference from PyTorch " + scaleOnly);
    }

    @Test
    void aLayerNormsTensorsMustMatchWhatTheLayerLearns() throws Exception {
        // The file's first LayerNorm has a β that this model's does not learn, and the other way round.
        for (KilnModel model : List.<KilnModel>of(new TestModels_TorchResidualNoBiasModel(),
                new TestModels_TorchResidualModel())) {
            String file = model instanceof TestModels_TorchResidualModel ? "torch_residual_nobias.safetensors"
                    : "torch_residual.safetensors";
            float[] before = Weights.of(model);
            IOException e = assertThrows(IOException.class, () -> TorchWeights.load(model, resource(file)));
            assertTrue(e.getMessage().contains(model instanceof TestModels_TorchResidualModel ? "no tensor 4.bias"
                    : "has 4.bias, a β, but the model's layer norm1 learns none"), e.getMessage());
            assertArrayEquals(before, Weights.of(model));
        }
    }

    @Test
    void namesCanBeGivenWhenLayersAndModulesDoNotPairUp() throws Exception {
        TestModels_TorchMirrorModel byOrder = new TestModels_TorchMirrorModel();
        TorchWeights.load(byOrder, resource("torch_mlp_f32.safetensors"));
        Map<String, String> names = new LinkedHashMap<>();
        names.put("fc1.weights", "0.weight");
        names.put("fc1.bias", "0.bias");
        names.put("bn1.gamma", "1.weight");
        names.put("bn1.beta", "1.bias");
        names.put("bn1.running_mean", "1.running_mean");
        names.put("bn1.running_var", "1.running_var");
        names.put("fc2.weights", "4.weight");
        names.put("fc2.bias", "4.bias");
        names.put("fc2.slope", "5.weight");
        names.put("out.weights", "6.weight");
        names.put("out.bias", "6.bias");
        TestModels_TorchMirrorModel byName = new TestModels_TorchMirrorModel();
        TorchWeights.load(byName, resource("torch_mlp_f32.safetensors"), names);
        float[] row = reference().get("inputs").get(0);
        assertArrayEquals(byOrder.predict(row), byName.predict(row));
    }

    @Test
    void aFileThatDoesNotFitIsRefusedAndTheModelIsUnchanged(@TempDir Path dir) throws Exception {
        // The classifier has no batch normalisation or PReLU: its layers and the file's modules do not pair up.
        TestModels_ClassifierModel other = new TestModels_ClassifierModel();
        float[] before = Weights.of(other);
        IOException e = assertThrows(IOException.class,
                () -> TorchWeights.load(other, resource("torch_mlp_f32.safetensors")));
        assertTrue(e.getMessage().contains("do not pair up in order"), e.getMessage());
        assertArrayEquals(before, Weights.of(other));

        TestModels_TorchMirrorModel mirror = new TestModels_TorchMirrorModel();
        Map<String, String> wrong = new LinkedHashMap<>();
        for (String n : List.of("fc1.weights", "fc1.bias", "bn1.gamma", "bn1.beta", "bn1.running_mean",
                "bn1.running_var", "fc2.weights", "fc2.bias", "fc2.slope", "out.weights", "out.bias")) {
            wrong.put(n, "0.weight");
        }
        float[] mirrorBefore = Weights.of(mirror);
        IOException shape = assertThrows(IOException.class,
                () -> TorchWeights.load(mirror, resource("torch_mlp_f32.safetensors"), wrong));
        assertTrue(shape.getMessage().contains("tensor 0.weight has shape [8, 6], but the model's fc1.bias needs [8]"),
                shape.getMessage());

        Path truncated = dir.resolve("cut.safetensors");
        byte[] bytes = Files.readAllBytes(resource("torch_mlp_f32.safetensors"));
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 40));
        IOException cut = assertThrows(IOException.class, () -> TorchWeights.load(mirror, truncated));
        assertTrue(cut.getMessage().contains("do not fit the file's"), cut.getMessage());

        // A header whose shape overflows, or whose byte range runs backwards, is refused as a file error.
        for (String tensor : List.of("{\"dtype\":\"F32\",\"shape\":[4611686018427387908,4],\"data_offsets\":[4,0]}",
                "{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,2000000]}")) {
            Path hostile = dir.resolve("hostile.safetensors");
            byte[] header = ("{\"0.weight\":" + tensor + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.nio.ByteBuffer file = java.nio.ByteBuffer.allocate(8 + header.length + 16)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(header.length).put(header);
            Files.write(hostile, file.array());
            IOException h = assertThrows(IOException.class, () -> TorchWeights.load(mirror, hostile));
            assertTrue(h.getMessage().contains("0.weight"), h.getMessage());
        }
        assertArrayEquals(mirrorBefore, Weights.of(mirror), "no refused file changed the model");
    }

}
