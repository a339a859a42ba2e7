package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.RandomSearch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seeded random search over run-time settings. */
class RandomSearchTest {

    private static final Dataset DATA = CheckpointTest.data(80, 9);

    private static RandomSearch<TestModels_CheckpointedModel> search() {
        return RandomSearch.of(TestModels_CheckpointedModel::new).learningRate(1e-4, 0.3).batchSize(4, 16)
                .dropoutRate("drop", 0.0, 0.5).trials(6).seed(3)
                .baseOptions(FitOptions.defaults().withVerbose(false).withEpochs(3));
    }

    @Test
    void drawsWithinTheRangesAndPicksTheBestScore() {
        RandomSearch.Result<TestModels_CheckpointedModel> r = search().run(DATA);
        assertEquals(6, r.trials().size());
        double bestScore = Double.POSITIVE_INFINITY;
        for (RandomSearch.Trial t : r.trials()) {
            assertTrue(t.learningRate() >= 1e-4 && t.learningRate() <= 0.3, t.toString());
            assertTrue(t.batchSize() == 4 || t.batchSize() == 16, t.toString());
            double drop = t.dropoutRates().get("drop");
            assertTrue(drop >= 0 && drop < 0.5, t.toString());
            assertEquals(3, t.history().epochs().size());
            double minVal = t.history().epochs().stream().mapToDouble(e -> e.validationLoss()).min().orElseThrow();
            assertEquals(minVal, t.score(), "score is the best epoch's val_loss");
            bestScore = Math.min(bestScore, t.score());
        }
        assertEquals(bestScore, r.best().score());
        long distinctRates = r.trials().stream().mapToDouble(RandomSearch.Trial::learningRate).distinct().count();
        assertEquals(6, distinctRates, "each trial draws its own learning rate");
        assertTrue(r.table().contains("best: trial " + String.format("%2d", r.best().number())), r.table());
    }

    @Test
    void theSameSeedGivesTheSameSearchAndTheBestModelIsTheBestTrialsModel() {
        RandomSearch.Result<TestModels_CheckpointedModel> a = search().run(DATA);
        RandomSearch.Result<TestModels_CheckpointedModel> b = search().run(DATA);
        assertEquals(a.trials().stream().map(RandomSearch.Trial::toString).toList(),
                b.trials().stream().map(RandomSearch.Trial::toString).toList());
        RandomSearch.Trial best = a.best();
        TestModels_CheckpointedModel again = new TestModels_CheckpointedModel();
        again.fit(DATA, FitOptions.defaults().withVerbose(false).withEpochs(3).withValidationSplit(0.2)
                .withLearningRate(best.learningRate()).withBatchSize(best.batchSize())
                .withDropoutRate("drop", best.dropoutRates().get("drop")));
        assertArrayEquals(CheckpointTest.state(again), CheckpointTest.state(a.bestModel()));
        List<String> other = search().seed(4).run(DATA).trials().stream().map(RandomSearch.Trial::toString).toList();
        assertTrue(!other.equals(a.trials().stream().map(RandomSearch.Trial::toString).toList()));
    }

    @Test
    void scoringOnATrainingFigureIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> search().objective("loss").run(DATA));
        assertTrue(e.getMessage().contains("is a training figure"), e.getMessage());
    }
}
