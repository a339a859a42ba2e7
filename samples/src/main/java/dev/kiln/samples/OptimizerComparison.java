package dev.kiln.samples;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Playground;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.KilnModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Trains the same network with SGD, momentum, Nesterov, AdaGrad, RMSProp, AdaDelta and Adam, each with its
 * default hyperparameters, on the same data in the same order, and prints their training loss after each
 * epoch side by side, as the slides compare them, and draws the loss curves on one chart
 * ({@code out/optimizers-loss.png}).
 */
public final class OptimizerComparison {

    private OptimizerComparison() {}

    /** The compared optimizers, in the slides' order. */
    static Map<String, Supplier<KilnModel>> models() {
        Map<String, Supplier<KilnModel>> m = new LinkedHashMap<>();
        m.put("SGD", ComparedNets_SgdModel::new);
        m.put("Momentum", ComparedNets_MomentumModel::new);
        m.put("Nesterov", ComparedNets_NesterovModel::new);
        m.put("AdaGrad", ComparedNets_AdagradModel::new);
        m.put("RMSProp", ComparedNets_RmspropModel::new);
        m.put("AdaDelta", ComparedNets_AdadeltaModel::new);
        m.put("Adam", ComparedNets_AdamModel::new);
        return m;
    }

    /** Per optimizer, the training history on the two-spiral set. */
    static Map<String, History> run(int epochs) {
        Dataset data = Playground.spiral(500, 0.1, 21);
        Map<String, History> histories = new LinkedHashMap<>();
        models().forEach((name, factory) -> histories.put(name,
                factory.get().fit(data, FitOptions.defaults().withEpochs(epochs).withVerbose(false))));
        return histories;
    }

    /**
     * Entry point.
     *
     * @param args optional: number of epochs (default 30)
     * @throws java.io.IOException when the chart cannot be written
     */
    public static void main(String[] args) throws java.io.IOException {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Map<String, History> histories = run(epochs);
        List<String> names = new ArrayList<>(histories.keySet());
        StringBuilder header = new StringBuilder("epoch");
        names.forEach(n -> header.append(String.format("%10s", n)));
        System.out.println("training loss per epoch, two-spiral set, 2-32-32-2 ReLU, each optimizer's defaults");
        System.out.println(header);
        for (int e = 0; e < epochs; e++) {
            StringBuilder line = new StringBuilder(String.format("%5d", e + 1));
            for (String n : names) {
                line.append(String.format("%10.4f", histories.get(n).epochs().get(e).loss()));
            }
            System.out.println(line);
        }
        StringBuilder acc = new StringBuilder("acc. ");
        names.forEach(n -> acc.append(String.format("%10.3f", histories.get(n).last().metric())));
        System.out.println(acc);
        System.out.println("chart: " + dev.kiln.charts.TrainingCharts.writeComparison(histories, "loss",
                "training loss by optimizer (two spirals, 2-32-32-2)",
                TrainFashion.outputDir().resolve("optimizers-loss.png")));
    }
}
