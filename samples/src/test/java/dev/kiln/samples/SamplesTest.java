package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Standardizer;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The samples do what their Javadoc says. */
class SamplesTest {

    @Test
    void xorNetworkLearnsXor() {
        XorNetModel model = new XorNetModel();
        model.fit(XorSample.XOR, FitOptions.defaults().withVerbose(false));
        float[] expected = {0, 1, 1, 0};
        for (int i = 0; i < 4; i++) {
            float p = model.predict(new float[] {XorSample.XOR.features()[2 * i], XorSample.XOR.features()[2 * i + 1]})[0];
            assertEquals(expected[i], p, 0.1, "point " + i);
        }
    }

    @Test
    void sineRegressionReachesTheNoiseFloor() {
        Dataset.Split split = RegressionSample.sine(2000, 11).split(0.8, 12);
        Standardizer scale = Standardizer.fit(split.first());
        SineNetModel model = new SineNetModel();
        model.fit(scale.apply(split.first()), FitOptions.defaults().withVerbose(false).withEpochs(60));
        Evaluation e = model.evaluate(scale.apply(split.second()));
        // The noise has variance 0.01; a fitted curve gets close to it, a constant gets 0.5.
        assertTrue(e.loss() < 0.02, "test mse " + e.loss());
    }

    @Test
    void optimizerComparisonRunsEveryOptimizerOnTheSameStart() {
        Map<String, History> h = OptimizerComparison.run(3);
        assertEquals(7, h.size());
        h.forEach((name, history) -> assertEquals(3, history.epochs().size(), name));
        // Adam's default rate moves faster than plain SGD's 0.01 on this problem.
        assertTrue(h.get("Adam").last().loss() < h.get("SGD").last().loss(), h.toString());
    }

    @Test
    void residualBlocksTrainTheDeepNetworkThePlainChainCannot() {
        History[] h = ResidualSample.run(10);
        double plain = h[0].last().metric();
        double residual = h[1].last().metric();
        // measured: 0.654 and 0.993 after 10 epochs
        assertTrue(residual > 0.95, "residual network's accuracy " + residual);
        assertTrue(plain < residual - 0.2, "plain " + plain + " against residual " + residual);
    }

    @Test
    void standardizerUsesTrainingStatisticsOnly() {
        Dataset train = Dataset.ofTargets(new float[] {1, 3}, 1, new float[] {0, 0}, 1);
        Dataset test = Dataset.ofTargets(new float[] {5}, 1, new float[] {0}, 1);
        Standardizer s = Standardizer.fit(train);
        assertEquals(2f, s.mean()[0]);
        assertEquals(3f, s.apply(test).features()[0], 1e-6); // (5 - 2) / 1
    }
}
