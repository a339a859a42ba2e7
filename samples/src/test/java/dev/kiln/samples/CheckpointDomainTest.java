package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.runtime.Rng;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.io.CheckpointException;
import dev.kiln.runtime.io.CheckpointRules;
import dev.kiln.runtime.io.CheckpointRules.Domain;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.KilnModel;
import dev.kiln.runtime.train.TrainableNetwork;
import dev.kiln.runtime.train.Trainer;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints whose values are outside their domain, made from real saves of generated models with the
 * checksum recomputed, so that only the domain check can refuse them; every name a generated model saves has
 * a rule; and paths that are not checkpoint files give a {@link CheckpointException} naming the path.
 */
class CheckpointDomainTest {

    private static final FitOptions QUIET = FitOptions.defaults().withVerbose(false);

    @TempDir
    Path dir;

    /** A fresh instance of every generated model of {@link TestModels} and {@link OptimizerModels}. */
    private static List<TrainableNetwork> allModels() throws ReflectiveOperationException {
        List<TrainableNetwork> out = new ArrayList<>();
        for (Class<?> outer : List.of(TestModels.class, OptimizerModels.class)) {
            Class<?>[] nested = outer.getDeclaredClasses();
            Arrays.sort(nested, Comparator.comparing(Class::getName));
            for (Class<?> c : nested) {
                if (Modifier.isAbstract(c.getModifiers())) {
                    String generated = outer.getName() + "_" + c.getSimpleName() + "Model";
                    out.add((TrainableNetwork) Class.forName(generated).getConstructor().newInstance());
                }
            }
        }
        return out;
    }

    /** Two epochs on random data of the model's kind, so that progress, row order and generators are saved too. */
    private static void fitBriefly(TrainableNetwork net) {
        Rng rng = new Rng(1);
        int rows = 24;
        float[] x = new float[rows * net.inputWidth()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        Dataset data = switch (net.task()) {
            case CLASSIFICATION -> {
                int[] y = new int[rows];
                for (int r = 0; r < rows; r++) {
                    y[r] = rng.nextInt(net.outputWidth());
                }
                yield Dataset.ofClasses(x, net.inputWidth(), y);
            }
            case BINARY, REGRESSION -> {
                float[] t = new float[rows * net.outputWidth()];
                for (int i = 0; i < t.length; i++) {
                    t[i] = rng.nextInt(2);
                }
                yield Dataset.ofTargets(x, net.inputWidth(), t, net.outputWidth());
            }
        };
        int batch = Math.min(8, net.maxBatchSize());
        Trainer.fit(net, data, QUIET.withEpochs(2).withBatchSize(batch).withLearningRate(1e-3));
    }

    private byte[] saved(TrainableNetwork net) throws IOException {
        Path file = dir.resolve("snapshot.safetensors");
        ((KilnModel) net).save(file);
        return Files.readAllBytes(file);
    }

    @Test
    void everyNameAGeneratedModelSavesHasARuleAndEveryRuleIsUsed() throws Exception {
        Set<String> unruled = new TreeSet<>();
        Set<String> usedPatterns = new TreeSet<>();
        List<TrainableNetwork> models = allModels();
        assertTrue(models.size() >= 30, "found " + models.size() + " generated models");
        for (TrainableNetwork net : models) {
            fitBriefly(net);
            byte[] bytes = saved(net);
            for (String name : new CheckpointFile(bytes).names()) {
                CheckpointRules.ruleFor(name).ifPresentOrElse(r -> usedPatterns.add(r.pattern()),
                        () -> unruled.add(net.getClass().getSimpleName() + ": " + name));
            }
            // The rules accept what Kiln writes: every model's own file loads back.
            ((KilnModel) net.getClass().getConstructor().newInstance()).restore(dir.resolve("snapshot.safetensors"));
        }
        assertEquals(Set.of(), unruled, "names without a rule in CheckpointRules");
        Set<String> allPatterns = new TreeSet<>();
        CheckpointRules.rules().forEach(r -> allPatterns.add(r.pattern()));
        assertEquals(allPatterns, usedPatterns, "every rule matches something a model saves (no stale rule)");
    }

    /** Models that between them hold every kind of stored tensor and counter. */
    private static List<Supplier<TrainableNetwork>> stateful() {
        return List.of(TestModels_CheckpointedModel::new, TestModels_CheckpointedNadamModel::new,
                TestModels_ParametricModel::new, OptimizerModels_AmsgradModel::new, OptimizerModels_AdamaxModel::new,
                OptimizerModels_AdadeltaModel::new, OptimizerModels_AdagradModel::new,
                OptimizerModels_MomentumModel::new);
    }

    /** Metadata values outside their domains, for the keys a file holds. */
    private static final Map<String, List<String>> BAD_METADATA = new LinkedHashMap<>();

    static {
        BAD_METADATA.put("optimizer.step", List.of("-1", "1.5", "", " 3", "9223372036854775808"));
        BAD_METADATA.put("optimizer.mu_product", List.of("1.5", "-0.1", "NaN", "Infinity", "0x1p-1"));
        BAD_METADATA.put("progress.epochs", List.of("-1", "2147483648"));
        BAD_METADATA.put("progress.steps", List.of("-5", "many"));
        BAD_METADATA.put("progress.seed", List.of("1e3", "9223372036854775808"));
        BAD_METADATA.put("progress.rate_factor", List.of("0", "0.0", "-1", "NaN", "Infinity"));
        BAD_METADATA.put("dropout.rng", List.of("zz", "1:", "1:7ff0000000000000"));
        BAD_METADATA.put("progress.shuffle_rng", List.of("not-hex"));
        BAD_METADATA.put("progress.augment_rng", List.of("5"));
    }

    @Test
    void valuesOutsideTheirDomainAreRefusedByNameBeforeTheModelChanges() throws IOException {
        int refused = 0;
        for (Supplier<TrainableNetwork> factory : stateful()) {
            TrainableNetwork source = factory.get();
            fitBriefly(source);
            byte[] valid = saved(source);
            TrainableNetwork target = factory.get();
            byte[] before = saved(target);
            CheckpointFile file = new CheckpointFile(valid);
            for (Map.Entry<String, String> t : file.tensors().entrySet()) {
                String name = t.getKey();
                int n = file.size(name);
                if (t.getValue().equals("I32")) {
                    int first = file.getInt(name, 0);
                    refused += refuse(target, before, new CheckpointFile(valid).setInt(name, 1, first),
                            "holds " + first + " in progress.order at index 1", "must be a permutation of 0 to "
                                    + (n - 1) + " (each row index exactly once); " + first + " appears twice");
                    refused += refuse(target, before, new CheckpointFile(valid).setInt(name, 0, n),
                            "holds " + n + " in progress.order at index 0", "permutation of 0 to " + (n - 1));
                    refused += refuse(target, before, new CheckpointFile(valid).setInt(name, n - 1, -1),
                            "holds -1 in progress.order at index " + (n - 1), "permutation");
                    continue;
                }
                Domain domain = CheckpointRules.ruleFor(name).orElseThrow().domain();
                // Decided here, apart from the table, so that a wrong rule cannot make this test weaker.
                boolean nonNegative = name.endsWith(".running_var")
                        || name.matches("optimizer\\.(v|vmax|u|square_avg|delta_avg)\\..*");
                assertEquals(nonNegative ? Domain.NON_NEGATIVE : Domain.REAL, domain, name);
                List<Float> bad = new ArrayList<>(List.of(Float.NaN, Float.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY));
                if (nonNegative) {
                    bad.addAll(List.of(-1f, -Float.MIN_VALUE));
                }
                int index = n / 2;
                for (float v : bad) {
                    refused += refuse(target, before, new CheckpointFile(valid).setFloat(name, index, v),
                            "holds " + v + " in " + name + " at index " + index, "must be " + domain.words());
                }
            }
            for (Map.Entry<String, List<String>> m : BAD_METADATA.entrySet()) {
                if (file.metadata().containsKey(m.getKey())) {
                    for (String v : m.getValue()) {
                        refused += refuse(target, before, new CheckpointFile(valid).setMetadata(m.getKey(), v),
                                "has " + m.getKey() + " = '" + v + "' in its metadata", "must be "
                                        + CheckpointRules.ruleFor(m.getKey()).orElseThrow().domain().words());
                    }
                }
            }
        }
        assertTrue(refused > 300, "only " + refused + " mutations were tried");
    }

    @Test
    void theSameEditsInsideTheDomainLoad() throws IOException {
        // The control for the test above: the rewritten files are sound, so only the values made them fail.
        TrainableNetwork source = new TestModels_CheckpointedNadamModel();
        fitBriefly(source);
        CheckpointFile file = new CheckpointFile(saved(source));
        file.setMetadata("optimizer.step", "0").setMetadata("optimizer.mu_product", "0.0")
                .setMetadata("progress.rate_factor", "1.0E-300").setMetadata("progress.seed", "-9223372036854775808");
        int n = file.size("progress.order");
        for (int i = 0; i < n; i++) {
            file.setInt("progress.order", i, n - 1 - i);
        }
        file.setFloat("optimizer.v.hidden.weights", 0, 0f).setFloat("optimizer.m.hidden.weights", 0, -3f)
                .setFloat("hidden.weights", 1, Float.MAX_VALUE).setFloat("optimizer.v.hidden.weights", 1, -0f);
        Path path = dir.resolve("edited.safetensors");
        Files.write(path, file.bytes());
        TestModels_CheckpointedNadamModel target = new TestModels_CheckpointedNadamModel();
        target.restore(path);
        assertEquals(-9223372036854775808L, target.progress().seed());
        assertEquals(n - 1, target.progress().order()[0]);
        assertEquals(Float.MAX_VALUE, target.parameters().get(0).values()[target.parameters().get(0).offset() + 1]);

        TestModels_CheckpointedModel norm = new TestModels_CheckpointedModel();
        fitBriefly(norm);
        CheckpointFile withNorm = new CheckpointFile(saved(norm)).setFloat("norm.running_var", 0, 0f);
        Files.write(path, withNorm.bytes());
        new TestModels_CheckpointedModel().restore(path);
    }

    /** 1 when {@code file} is refused with a message holding both fragments and {@code target} is unchanged. */
    private int refuse(TrainableNetwork target, byte[] before, CheckpointFile file, String what, String domain)
            throws IOException {
        Path path = dir.resolve("mutated.safetensors");
        Files.write(path, file.bytes());
        try {
            ((KilnModel) target).restore(path);
            fail("loaded a checkpoint that " + what);
        } catch (CheckpointException e) {
            String m = e.getMessage();
            assertTrue(m.startsWith("Checkpoint " + path + " " + what + ", but "), m);
            assertTrue(m.contains(domain), "'" + m + "' lacks '" + domain + "'");
            assertTrue(m.endsWith("The model in memory is unchanged."), m);
        } catch (Throwable t) {
            fail("restore threw " + t + " instead of a CheckpointException", t);
        }
        assertArrayEquals(before, saved(target), "the refused file changed the model");
        return 1;
    }

    @Test
    void aRunningVarianceOfMinusOneNoLongerLoadsAndPredictsNaN() throws IOException {
        TestModels_CheckpointedModel model = new TestModels_CheckpointedModel();
        fitBriefly(model);
        Path path = dir.resolve("variance.safetensors");
        Files.write(path, new CheckpointFile(saved(model)).setFloat("norm.running_var", 2, -1f).bytes());
        TestModels_CheckpointedModel target = new TestModels_CheckpointedModel();
        CheckpointException e = assertThrows(CheckpointException.class, () -> target.restore(path));
        assertEquals("Checkpoint " + path + " holds -1.0 in norm.running_var at index 2, but a BatchNorm running"
                + " variance must be a finite number at least 0: not written by Kiln, or edited. Load a checkpoint"
                + " that a Kiln model saved. The model in memory is unchanged.", e.getMessage());
        float[][] rows = {{0.5f, 1, -1, 2}};
        assertFalse(Float.isNaN(target.predict(rows)[0][0]), "the model still predicts numbers");
    }

    @Test
    void aShapeThatFitsWithDataOfAnotherLengthSaysWhichLengthIsWrong() throws IOException {
        TestModels_CheckpointedModel model = new TestModels_CheckpointedModel();
        CheckpointFile file = new CheckpointFile(saved(model));
        // hidden.weights is [4, 8]: 128 bytes, first in the data.
        file.replaceInHeader("\"shape\":[4,8],\"data_offsets\":[0,128]", "\"shape\":[4,8],\"data_offsets\":[0,124]");
        Path path = dir.resolve("offsets.safetensors");
        Files.write(path, file.bytes());
        CheckpointException e = assertThrows(CheckpointException.class, () -> model.restore(path));
        assertEquals("Checkpoint " + path + " gives hidden.weights shape [4, 8], which is 128 bytes of F32, but data"
                + " offsets [0, 124] span 124 bytes: damaged, or not written by Kiln. Load an intact copy that a Kiln"
                + " model saved. The model in memory is unchanged.", e.getMessage());
    }

    @Test
    void pathsThatAreNotCheckpointFilesAreRefusedWithThePathAndWhatToDo() throws IOException {
        TestModels_CheckpointedModel model = new TestModels_CheckpointedModel();
        String unchanged = " The model in memory is unchanged.";
        Path missing = dir.resolve("missing.safetensors");
        assertEquals("Checkpoint " + missing + " does not exist. Check the path, or save a model there first."
                + unchanged, assertThrows(CheckpointException.class, () -> model.restore(missing)).getMessage());
        Path relative = Path.of("no-such-checkpoint.safetensors");
        assertEquals("Checkpoint no-such-checkpoint.safetensors does not exist. Check the path (relative to "
                + Path.of("").toAbsolutePath() + "), or save a model there first." + unchanged,
                assertThrows(CheckpointException.class, () -> model.restore(relative)).getMessage());
        assertEquals("Checkpoint " + dir + " is a directory, not a checkpoint file. Give the path of the"
                + " .safetensors file." + unchanged,
                assertThrows(CheckpointException.class, () -> model.restore(dir)).getMessage());
        assertEquals("Checkpoint " + dir + " is a directory, not a checkpoint file. Give the path of the"
                + " .safetensors file." + unchanged,
                assertThrows(CheckpointException.class, () -> TestModels_CheckpointedModel.load(dir)).getMessage());

        assertEquals("Cannot save the checkpoint to " + dir + ": it is a directory. Give a file path, such as "
                + dir.resolve("TestModels_CheckpointedModel.safetensors") + ".",
                assertThrows(CheckpointException.class, () -> model.save(dir)).getMessage());
        Path orphan = dir.resolve("no").resolve("such").resolve("model.safetensors");
        assertEquals("Cannot save the checkpoint to " + orphan + ": its directory " + orphan.getParent()
                + " does not exist. Create it first (Files.createDirectories), or save elsewhere.",
                assertThrows(CheckpointException.class, () -> model.save(orphan)).getMessage());
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        Path underFile = file.resolve("model.safetensors");
        assertEquals("Cannot save the checkpoint to " + underFile + ": " + file + " is a file, not a directory."
                + " Save elsewhere.",
                assertThrows(CheckpointException.class, () -> model.save(underFile)).getMessage());
        try (var listing = Files.list(dir)) {
            assertEquals(List.of("plain.txt"), listing.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file is left behind");
        }
    }

    @Test
    void aFailedWriteNamesTheGivenPathNeverTheTemporaryFile() {
        // /proc accepts no new files, so the temporary file cannot be made; the user never saw its name.
        Path proc = Path.of("/proc/kiln-checkpoint.safetensors");
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && Files.isDirectory(proc.getParent()));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> new TestModels_CheckpointedModel().save(proc));
        assertTrue(e.getMessage().startsWith("Cannot save the checkpoint to " + proc + ": "), e.getMessage());
        assertTrue(e.getMessage().startsWith("Cannot save the checkpoint to " + proc + ": writing in /proc failed"
                + " ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("). Check that the directory is writable and the disk has room, or save"
                + " elsewhere; any previous file there is unchanged."), e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
    }

    @Test
    void anUnreadableFileIsNamedAsSuch() throws IOException {
        Path file = dir.resolve("locked.safetensors");
        new TestModels_CheckpointedModel().save(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "this user reads every file (root), so there is nothing to refuse");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> new TestModels_CheckpointedModel().restore(file));
        assertEquals("Checkpoint " + file + " cannot be read: permission denied. Check its permissions. The model in"
                + " memory is unchanged.", e.getMessage());
        assertNotEquals(null, e.getCause());
    }
}
