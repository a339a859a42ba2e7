package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.Callback;
import dev.kiln.runtime.train.CsvLogger;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.ModelCheckpoint;
import dev.kiln.runtime.train.ReduceLearningRateOnPlateau;
import dev.kiln.runtime.train.TrainingContext;
import dev.kiln.runtime.train.Verbosity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in callbacks, the order of callback events, history as CSV, and what {@code fit} prints. */
class CallbacksTest {

    private static final FitOptions QUIET = FitOptions.defaults().withVerbose(false);

    @TempDir
    Path dir;

    @Test
    void callbacksSeeEveryEventInOrder() {
        Dataset train = CheckpointTest.data(20, 1);
        List<String> events = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onTrainBegin(TrainingContext c) {
                events.add("begin " + c.epochs());
            }

            @Override
            public void onEpochBegin(int epoch, TrainingContext c) {
                events.add("epoch " + epoch);
            }

            @Override
            public void onBatchEnd(int epoch, int batch, double loss, TrainingContext c) {
                assertTrue(Double.isFinite(loss) && loss > 0);
                events.add("batch " + epoch + "." + batch);
            }

            @Override
            public void onEpochEnd(EpochResult r, TrainingContext c) {
                events.add("end " + r.epoch() + " done " + c.model().progress().epochsDone());
            }

            @Override
            public void onTrainEnd(History h, TrainingContext c) {
                events.add("finish " + h.epochs().size());
            }
        };
        new TestModels_CheckpointedModel().fit(train, QUIET.withEpochs(2).withBatchSize(8).withCallbacks(recorder));
        assertEquals(List.of("begin 2", "epoch 1", "batch 1.0", "batch 1.1", "batch 1.2", "end 1 done 1",
                "epoch 2", "batch 2.0", "batch 2.1", "batch 2.2", "end 2 done 2", "finish 2"), events);
    }

    @Test
    void reduceOnPlateauLowersTheRateAfterPatienceEpochsWithoutImprovement() {
        // A min delta no epoch can beat: every epoch after the first is a plateau.
        ReduceLearningRateOnPlateau reduce = ReduceLearningRateOnPlateau.monitor("loss").withFactor(0.5)
                .withPatience(1).withMinDelta(100);
        History h = new TestModels_CheckpointedModel().fit(CheckpointTest.data(20, 2),
                QUIET.withEpochs(4).withLearningRate(0.01).withCallbacks(reduce));
        double[] rates = h.series("learning_rate");
        assertEquals(0.01, rates[0], 1e-12);
        assertEquals(0.01, rates[1], 1e-12, "epoch 2 is the first plateau; the reduction applies from epoch 3");
        assertEquals(0.005, rates[2], 1e-12);
        assertEquals(0.0025, rates[3], 1e-12);
    }

    @Test
    void reduceOnPlateauKeepsTheRateWhileTheLossImproves() {
        History h = new TestModels_CheckpointedModel().fit(CheckpointTest.data(40, 3), QUIET.withEpochs(3)
                .withLearningRate(0.01).withCallbacks(ReduceLearningRateOnPlateau.monitor("loss").withPatience(1)));
        double[] loss = h.series("loss");
        assertTrue(loss[1] < loss[0] && loss[2] < loss[1], "the loss improves: " + java.util.Arrays.toString(loss));
        for (double rate : h.series("learning_rate")) {
            assertEquals(0.01, rate, 1e-12);
        }
    }

    @Test
    void csvLoggerWritesWhatHistoryWrites() throws IOException {
        Path log = dir.resolve("log.csv");
        History h = new TestModels_CheckpointedModel().fit(CheckpointTest.data(30, 4),
                QUIET.withEpochs(3).withValidationSplit(0.2).withCallbacks(new CsvLogger(log)));
        String csv = Files.readString(log);
        assertEquals(h.toCsv(), csv);
        List<String> lines = csv.lines().toList();
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds,samples_per_second", lines.get(0));
        assertEquals(4, lines.size());
        for (int e = 1; e <= 3; e++) {
            String[] cells = lines.get(e).split(",");
            EpochResult r = h.epochs().get(e - 1);
            assertEquals(Integer.toString(e), cells[0]);
            assertEquals(r.loss(), Double.parseDouble(cells[1]));
            assertEquals(r.metric(), Double.parseDouble(cells[2]));
            assertEquals(r.validationLoss(), Double.parseDouble(cells[3]));
            assertEquals(r.validationMetric(), Double.parseDouble(cells[4]));
            assertEquals(r.learningRate(), Double.parseDouble(cells[5]));
        }
        Path written = dir.resolve("history.csv");
        h.writeCsv(written);
        assertEquals(csv, Files.readString(written));
    }

    @Test
    void bestOnlyCheckpointHoldsTheBestEpoch() throws IOException {
        Path best = dir.resolve("best.safetensors");
        History h = new TestModels_CheckpointedModel().fit(CheckpointTest.data(40, 5), QUIET.withEpochs(6)
                .withLearningRate(0.2).withValidationSplit(0.25)
                .withCallbacks(ModelCheckpoint.best(best, "val_loss")));
        int bestEpoch = 1;
        for (EpochResult r : h.epochs()) {
            if (r.validationLoss() < h.epochs().get(bestEpoch - 1).validationLoss()) {
                bestEpoch = r.epoch();
            }
        }
        assertEquals(bestEpoch, TestModels_CheckpointedModel.load(best).progress().epochsDone());
    }

    @Test
    void aMonitorTheRunDoesNotProduceFailsBeforeTraining() {
        TestModels_CheckpointedModel model = new TestModels_CheckpointedModel();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.fit(
                CheckpointTest.data(20, 6), QUIET.withCallbacks(ReduceLearningRateOnPlateau.monitor("val_loss"))));
        assertTrue(e.getMessage().contains("needs validation data"), e.getMessage());
        assertEquals(0, model.progress().epochsDone());
        IllegalArgumentException mae = assertThrows(IllegalArgumentException.class, () -> model.fit(
                CheckpointTest.data(20, 6), QUIET.withCallbacks(ModelCheckpoint.best(Path.of("x"), "mae"))));
        assertTrue(mae.getMessage().contains("reports loss and accuracy"), mae.getMessage());
        // A refused call leaves a recorded run alone, so it can still be resumed.
        model.fit(CheckpointTest.data(20, 6), QUIET.withEpochs(2));
        assertThrows(IllegalArgumentException.class, () -> model.fit(CheckpointTest.data(20, 6),
                QUIET.withCallbacks(ReduceLearningRateOnPlateau.monitor("val_loss"))));
        assertEquals(2, model.progress().epochsDone());
        assertEquals(List.of(3), model.fit(CheckpointTest.data(20, 6), QUIET.withEpochs(3).withResume()).epochs()
                .stream().map(EpochResult::epoch).toList());
    }

    @Test
    void linesModePrintsOneLinePerEpochAndSilentNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new TestModels_CheckpointedModel().fit(CheckpointTest.data(20, 7), FitOptions.defaults().withEpochs(3)
                .withVerbosity(Verbosity.LINES).withOutput(out));
        String text = bytes.toString(StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        assertEquals(3, lines.size(), text);
        assertTrue(lines.get(2).startsWith("epoch 3/3  loss "), lines.get(2));
        assertTrue(lines.get(2).contains("samples/s)"), lines.get(2));
        assertFalse(text.contains("\r"), "no carriage returns in log output");

        bytes.reset();
        new TestModels_CheckpointedModel().fit(CheckpointTest.data(20, 7), FitOptions.defaults().withEpochs(3)
                .withVerbosity(Verbosity.SILENT).withOutput(out));
        assertEquals(0, bytes.size());
    }
}
