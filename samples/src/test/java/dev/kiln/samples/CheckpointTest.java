package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.Rng;
import dev.kiln.runtime.Tensor;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.io.Checkpoint;
import dev.kiln.runtime.io.CheckpointException;
import dev.kiln.runtime.io.CheckpointRules;
import dev.kiln.runtime.train.Callback;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.ImageAugmentation;
import dev.kiln.runtime.train.ModelCheckpoint;
import dev.kiln.runtime.train.TrainableNetwork;
import dev.kiln.runtime.train.TrainingContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Save and load through generated models: identical predictions and identical continued training after a
 * round trip, exact resume after an interrupted run, and refusal of files that do not fit, leaving the
 * model unchanged.
 */
class CheckpointTest {

    private static final FitOptions QUIET = FitOptions.defaults().withVerbose(false);

    @TempDir
    Path dir;

    /** Four separable-ish clusters in four features, three classes. */
    static Dataset data(int rows, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[rows * 4];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = rng.nextInt(3);
            for (int c = 0; c < 4; c++) {
                x[r * 4 + c] = (float) (rng.nextGaussian() * 0.7 + (c % 3 == y[r] ? 1.5 : 0));
            }
        }
        return Dataset.ofClasses(x, 4, y);
    }

    /** Every parameter and state tensor, flattened, for bit-exact comparison. */
    static float[] state(TrainableNetwork net) {
        List<float[]> parts = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            float[] v = new float[p.size()];
            System.arraycopy(p.values(), p.offset(), v, 0, v.length);
            parts.add(v);
        }
        for (Tensor t : net.stateTensors()) {
            float[] v = new float[t.size()];
            System.arraycopy(t.values(), t.offset(), v, 0, v.length);
            parts.add(v);
        }
        int n = parts.stream().mapToInt(a -> a.length).sum();
        float[] all = new float[n];
        int at = 0;
        for (float[] a : parts) {
            System.arraycopy(a, 0, all, at, a.length);
            at += a.length;
        }
        return all;
    }

    @Test
    void loadGivesIdenticalPredictionsAndIdenticalContinuedTraining() throws IOException {
        Dataset train = data(60, 1);
        TestModels_CheckpointedModel model = new TestModels_CheckpointedModel();
        model.fit(train, QUIET.withEpochs(2));
        Path file = dir.resolve("model.safetensors");
        model.save(file);
        TestModels_CheckpointedModel loaded = TestModels_CheckpointedModel.load(file);
        assertArrayEquals(state(model), state(loaded), "every tensor restored");
        float[][] rows = {{0.5f, 1, -1, 2}, {1.5f, 0, 0, 1.5f}};
        assertArrayEquals(model.predict(rows), loaded.predict(rows), "identical predictions (running statistics too)");

        // Continued training: new runs on both draw the same shuffles, and the same dropout masks because the
        // dropout generator's state was saved, and take the same Adam steps because the moments and t were.
        History a = model.fit(train, QUIET.withEpochs(2));
        History b = loaded.fit(train, QUIET.withEpochs(2));
        assertEquals(a.epochs().stream().map(EpochResult::loss).toList(),
                b.epochs().stream().map(EpochResult::loss).toList());
        assertArrayEquals(state(model), state(loaded), "identical weights after continued training");
    }

    /** Stops training after a given epoch, like a crash after the checkpoint was written. */
    private static Callback stopAfter(int epoch) {
        return new Callback() {
            @Override
            public void onEpochEnd(EpochResult result, TrainingContext context) {
                if (result.epoch() == epoch) {
                    context.stopTraining();
                }
            }
        };
    }

    @Test
    void interruptedRunResumedFromItsCheckpointEndsWithTheSameWeights() throws IOException {
        Dataset train = data(50, 2);
        FitOptions run = QUIET.withEpochs(5).withBatchSize(6).withValidationSplit(0.2)
                .withAugmentation(ImageAugmentation.of(2, 2).withNoise(0.05).withHorizontalFlip());
        TestModels_CheckpointedModel straight = new TestModels_CheckpointedModel();
        History full = straight.fit(train, run);

        Path file = dir.resolve("run.safetensors");
        TestModels_CheckpointedModel first = new TestModels_CheckpointedModel();
        first.fit(train, run.withCallbacks(ModelCheckpoint.everyEpoch(file), stopAfter(2)));
        TestModels_CheckpointedModel resumed = TestModels_CheckpointedModel.load(file);
        assertEquals(2, resumed.progress().epochsDone());
        History rest = resumed.fit(train, run.withResume());
        assertEquals(List.of(3, 4, 5), rest.epochs().stream().map(EpochResult::epoch).toList());
        assertEquals(full.epochs().subList(2, 5).stream().map(EpochResult::loss).toList(),
                rest.epochs().stream().map(EpochResult::loss).toList(), "same losses epoch by epoch");
        assertArrayEquals(state(straight), state(resumed), "bit-identical weights and optimizer state");
    }

    @Test
    void nadamAndGaussianDropoutResumeExactlyToo() throws IOException {
        Dataset train = data(40, 3);
        FitOptions run = QUIET.withEpochs(4);
        TestModels_CheckpointedNadamModel straight = new TestModels_CheckpointedNadamModel();
        straight.fit(train, run);
        Path file = dir.resolve("nadam.safetensors");
        new TestModels_CheckpointedNadamModel().fit(train, run.withCallbacks(ModelCheckpoint.everyEpoch(file),
                stopAfter(1)));
        TestModels_CheckpointedNadamModel resumed = TestModels_CheckpointedNadamModel.load(file);
        resumed.fit(train, run.withResume());
        assertArrayEquals(state(straight), state(resumed));
    }

    @Test
    void resumeWithOtherDataOrNothingToResumeIsRefused() throws IOException {
        TestModels_CheckpointedModel model = new TestModels_CheckpointedModel();
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> model.fit(data(30, 4), QUIET.withResume()));
        assertTrue(none.getMessage().contains("no run to resume"), none.getMessage());
        model.fit(data(30, 4), QUIET.withEpochs(1));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> model.fit(data(31, 4), QUIET.withResume()));
        assertTrue(other.getMessage().contains("over 30 training rows, but this call trains on 31"), other.getMessage());
    }

    @Test
    void aCheckpointOfAnotherStructureIsRefusedAndTheModelIsUnchanged() throws IOException {
        Path file = dir.resolve("classifier.safetensors");
        TestModels_ClassifierModel classifier = new TestModels_ClassifierModel();
        classifier.save(file);
        TestModels_CheckpointedModel model = new TestModels_CheckpointedModel();
        float[] before = state(model);
        CheckpointException e = assertThrows(CheckpointException.class, () -> model.restore(file));
        assertTrue(e.getMessage().startsWith("Checkpoint " + file + " was saved by another model class,"
                + " dev.kiln.samples.TestModels_ClassifierModel, with another structure than this model's"
                + " (dev.kiln.samples.TestModels_CheckpointedModel); the first difference: 'inputs="), e.getMessage());
        assertTrue(e.getMessage().endsWith(". The file's structure: " + classifier.structure() + ". This model's"
                + " structure: " + model.structure() + ". Load it into the model class that saved it. The model in"
                + " memory is unchanged."), e.getMessage());
        assertArrayEquals(before, state(model));
    }

    @Test
    void theReadmesExampleNamesTheFirstDifferenceAndBothStructures() throws IOException {
        Path file = dir.resolve("spiral.safetensors");
        new SpiralNetModel().save(file);
        CheckpointException e = assertThrows(CheckpointException.class, () -> new FashionMlpModel().restore(file));
        assertEquals("Checkpoint " + file + " was saved by another model class, dev.kiln.samples.SpiralNetModel, with"
                + " another structure than this model's (dev.kiln.samples.FashionMlpModel); the first difference:"
                + " 'inputs=2' in the file, 'inputs=784' in this model. The file's structure: inputs=2;"
                + " hidden1=Dense(2->32, relu, bias); hidden2=Dense(32->32, relu, bias); output=Dense(32->2, softmax,"
                + " bias); loss=softmax_cross_entropy; optimizer=adam. This model's structure: inputs=784;"
                + " hidden1=Dense(784->256, relu, bias); drop1=Dropout(standard); hidden2=Dense(256->128, relu, bias);"
                + " output=Dense(128->10, softmax, bias); loss=softmax_cross_entropy; optimizer=adam. Load it into the"
                + " model class that saved it. The model in memory is unchanged.", e.getMessage());
    }

    @Test
    void aCheckpointOfAnotherDefinitionOfTheSameClassSaysWhatChangedAndNotToSwitchClass() throws IOException {
        // As if TestModels_CheckpointedModel had been edited since it saved: the file names this very class.
        Path source = dir.resolve("classifier.safetensors");
        TestModels_ClassifierModel classifier = new TestModels_ClassifierModel();
        classifier.save(source);
        Path file = dir.resolve("edited.safetensors");
        Files.write(file, new CheckpointFile(Files.readAllBytes(source))
                .setMetadata("model", TestModels_CheckpointedModel.class.getName()).bytes());
        TestModels_CheckpointedModel model = new TestModels_CheckpointedModel();
        float[] before = state(model);
        CheckpointException e = assertThrows(CheckpointException.class, () -> model.restore(file));
        String[] saved = classifier.structure().split("; ");
        String[] mine = model.structure().split("; ");
        int first = 0;
        while (saved[first].equals(mine[first])) {
            first++;
        }
        assertEquals("Checkpoint " + file + " was saved by another definition of"
                + " dev.kiln.samples.TestModels_CheckpointedModel; the first difference: '" + saved[first] + "' in the"
                + " file, '" + mine[first] + "' in this model. The file's structure: " + classifier.structure()
                + ". This model's structure: " + model.structure() + ". The model's definition changed since the"
                + " file was saved: load it with the definition that saved it, or train afresh. The model in memory"
                + " is unchanged.", e.getMessage());
        assertArrayEquals(before, state(model));
    }

    @Test
    void aFingerprintThatDoesNotMatchItsOwnStructureIsAnEditNotAnotherStructure() throws IOException {
        Path source = dir.resolve("model.safetensors");
        TestModels_CheckpointedModel model = new TestModels_CheckpointedModel();
        model.save(source);
        Path file = dir.resolve("edited.safetensors");
        String zeros = "0".repeat(64);
        Files.write(file, new CheckpointFile(Files.readAllBytes(source)).setMetadata("fingerprint", zeros).bytes());
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> new TestModels_CheckpointedModel().restore(file));
        assertEquals("Checkpoint " + file + " has fingerprint " + zeros + ", which is not the SHA-256 of its own"
                + " structure (" + Checkpoint.fingerprint(model.structure()) + "): not written by Kiln, or edited."
                + " Load a checkpoint that a Kiln model saved. The model in memory is unchanged.", e.getMessage());
    }

    @Test
    void aModelWithAnInfiniteWeightIsNotSavedAndThePreviousFileStays() throws IOException {
        TestModels_CheckpointedModel model = new TestModels_CheckpointedModel();
        Path file = dir.resolve("model.safetensors");
        model.save(file);
        byte[] previous = Files.readAllBytes(file);
        Parameter first = model.parameters().get(0);
        first.values()[first.offset() + 3] = Float.POSITIVE_INFINITY;
        CheckpointException e = assertThrows(CheckpointException.class, () -> model.save(file));
        assertEquals("Cannot save the checkpoint to " + file + ": the model holds Infinity in " + first.name()
                + " at index 3, but " + CheckpointRules.ruleFor(first.name()).orElseThrow().what() + " must be a finite"
                + " number: training diverged; the file was not written, and any previous file there is unchanged."
                + " Load an earlier checkpoint, or train again with a lower learning rate or gradient clipping.",
                e.getMessage());
        assertArrayEquals(previous, Files.readAllBytes(file));
        Path fresh = dir.resolve("fresh.safetensors");
        assertThrows(CheckpointException.class, () -> model.save(fresh));
        assertFalse(Files.exists(fresh), "nothing written");
        try (var listing = Files.list(dir)) {
            assertEquals(List.of("model.safetensors"), listing.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file is left behind");
        }
        // A value outside a narrower domain than "finite" is refused the same way.
        TestModels_CheckpointedModel norm = new TestModels_CheckpointedModel();
        Tensor variance = norm.stateTensors().stream().filter(t -> t.name().equals("norm.running_var")).findFirst()
                .orElseThrow();
        variance.values()[variance.offset()] = -1f;
        CheckpointException negative = assertThrows(CheckpointException.class, () -> norm.save(fresh));
        assertTrue(negative.getMessage().contains(": the model holds -1.0 in norm.running_var at index 0, but a"
                + " BatchNorm running variance must be a finite number at least 0: training diverged;"),
                negative.getMessage());
    }

    @Test
    void nullArgumentsAreNamedBeforeAnyFileIsTouched() {
        Path missing = dir.resolve("missing.safetensors");
        TestModels_CheckpointedModel model = new TestModels_CheckpointedModel();
        assertEquals("Checkpoint.save needs a model, but got null.",
                assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(null, missing)).getMessage());
        assertEquals("Checkpoint.restore needs a model to load into, but got null.",
                assertThrows(IllegalArgumentException.class, () -> Checkpoint.restore(null, missing)).getMessage());
        assertEquals("Checkpoint.save needs a file path, but got null.",
                assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(model, null)).getMessage());
        assertEquals("Checkpoint.fingerprint needs a structure, but got null.",
                assertThrows(IllegalArgumentException.class, () -> Checkpoint.fingerprint(null)).getMessage());
        assertEquals("CheckpointRules.ruleFor needs a name, but got null.",
                assertThrows(IllegalArgumentException.class, () -> CheckpointRules.ruleFor(null)).getMessage());
        assertEquals("Checkpoint metadata lookup needs the metadata, but got null.",
                assertThrows(IllegalArgumentException.class, () -> Checkpoint.longValue(null, "k")).getMessage());
    }

    @Test
    void aTinyFileClaimingAHugeTensorIsRefusedBeforeAllocating() throws IOException {
        String header = "{\"__metadata__\":{\"format\":\"kiln-checkpoint\",\"format_version\":\"1\"},"
                + "\"hidden.weights\":{\"dtype\":\"F32\",\"shape\":[1000000,1000000],\"data_offsets\":[0,4000000000000]}}";
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + head.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(head.length).put(head).putFloat(1f);
        Path file = dir.resolve("huge.safetensors");
        Files.write(file, buf.array());
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> new TestModels_CheckpointedModel().restore(file));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());

        Path twenty = dir.resolve("twenty.safetensors");
        ByteBuffer claim = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(1_000_000_000_000L);
        Files.write(twenty, claim.array());
        CheckpointException small = assertThrows(CheckpointException.class,
                () -> new TestModels_CheckpointedModel().restore(twenty));
        assertTrue(small.getMessage().contains("declares a header of 1000000000000 bytes"), small.getMessage());
    }

    @Test
    void truncatedAndBitFlippedCheckpointsAreRefusedCleanlyAndChangeNothing() throws IOException {
        TestModels_CheckpointedModel source = new TestModels_CheckpointedModel();
        source.fit(data(40, 5), QUIET.withEpochs(1));
        Path good = dir.resolve("good.safetensors");
        source.save(good);
        byte[] valid = Files.readAllBytes(good);
        TestModels_CheckpointedModel target = new TestModels_CheckpointedModel();
        float[] before = state(target);
        Path file = dir.resolve("fuzz.safetensors");
        int refused = 0;
        int cases = 0;
        for (int len = 0; len < valid.length; len += Math.max(1, valid.length / 1500)) {
            cases++;
            refused += outcome(target, file, java.util.Arrays.copyOf(valid, len), before);
        }
        Rng rng = new Rng(99);
        for (int i = 0; i < 2500; i++) {
            byte[] bad = valid.clone();
            int flips = 1 + rng.nextInt(3);
            for (int f = 0; f < flips; f++) {
                // Half of the damage lands in the header, where parsing is most exposed.
                int at = rng.nextInt(2) == 0 ? rng.nextInt(Math.min(valid.length, 1200)) : rng.nextInt(valid.length);
                bad[at] ^= (byte) (1 << rng.nextInt(8));
            }
            cases++;
            refused += outcome(target, file, bad, before);
        }
        assertEquals(cases, refused, "every damaged file is refused (the checksum covers header and data)");
    }

    /** 1 when the damaged file was refused with Kiln's exception and the model did not change; fails otherwise. */
    private static int outcome(TestModels_CheckpointedModel target, Path file, byte[] bytes, float[] before)
            throws IOException {
        Files.write(file, bytes);
        try {
            target.restore(file);
            return 0;
        } catch (CheckpointException expected) {
            assertTrue(expected.getMessage().startsWith("Checkpoint " + file), expected.getMessage());
            assertArrayEquals(before, state(target), "a refused file changes nothing");
            assertFalse(target.inUse().get());
            return 1;
        } catch (Throwable t) {
            fail("restore threw " + t + " instead of a CheckpointException", t);
            return -1;
        }
    }
}
