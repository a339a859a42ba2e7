package dev.kiln.samples;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.metrics.RegressionMetrics;
import dev.kiln.runtime.train.EarlyStopping;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.tables.Preprocessor;
import dev.kiln.tables.TableSpec;
import dev.kiln.tables.TableSplit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A regression on a real table: the repair cost, in dollars, of the FAA wildlife-strike reports of
 * vega-datasets' {@code birdstrikes.csv}, from the report (the damage among its columns). The cost is 0 for 98 %
 * of the strikes and up to $7 million for the others, so the model learns {@code log1p} of it (standardised)
 * and the metrics map its predictions back to dollars. The sample splits the file 80/20, infers and prints the
 * columns, drops the other cost columns (the total contains the repair cost), trains, prints the test set's MAE,
 * RMSE and R² in dollars and R² of the log, saves model and preprocessing in one file, loads both back and
 * predicts from raw records.
 */
public final class RepairCost {

    static final String TARGET = "Cost Repair";

    private RepairCost() {}

    /** The spec the sample uses: as the damage sample's, with the damage a column and the repair cost logged. */
    static TableSpec spec(Path train) throws IOException {
        return BirdStrikes.columns(TableSpec.infer(train, TARGET).logTarget().drop("Cost Other", "Cost Total $"));
    }

    /**
     * Entry point.
     *
     * @param args the path of birdstrikes.csv, then optionally the number of epochs (default 30)
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path file = TrainFashion.vegaFile(args, "birdstrikes.csv", "repaircost");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path out = TrainFashion.outputDir();
        Path train = out.resolve("repaircost-train.csv");
        Path test = out.resolve("repaircost-test.csv");
        int[] rows = TableSplit.random(file, 0.8, 1, train, test);
        System.out.printf("%s: %d training rows (%s), %d test rows (%s)%n", file, rows[0], train, rows[1], test);

        Preprocessor prep = BirdStrikes.fitAndShow(train, spec(train));

        RepairCostNetModel model = new RepairCostNetModel();
        prep.checkFits(model);
        Dataset trainRows = prep.encode(train);
        // 16,833 parameters for 7,200 training rows: without early stopping it learns them by heart
        model.fit(trainRows, FitOptions.defaults().withEpochs(epochs).withValidationSplit(0.1)
                .withEarlyStopping(EarlyStopping.monitor("val_loss").withPatience(5)));
        RegressionMetrics dollars = prep.regressionMetrics(model, test);
        System.out.println("\ntest set, in dollars:");
        System.out.print(dollars.report());
        System.out.printf("R² of log1p(cost), what the model learned: %.4f%n",
                model.regressionMetrics(prep.encode(test)).r2());

        Path saved = out.resolve("repaircost.safetensors");
        prep.save(model, saved);
        Preprocessor served = Preprocessor.load(saved);
        RepairCostNetModel loaded = RepairCostNetModel.load(saved);
        System.out.println("\nsaved " + saved + " (model and preprocessing); loaded back, predicting raw records:");
        for (Map<String, Object> record : records()) {
            System.out.printf("  %s damage, %s wildlife, %s -> $%,.2f%n", record.get(BirdStrikes.TARGET),
                    record.get("Wildlife Size"), record.get("Phase of flight"),
                    served.predict(loaded, record).value());
        }
    }

    /** The damage sample's two strikes, each reported with a damage. */
    static List<Map<String, Object>> records() {
        List<Map<String, Object>> records = BirdStrikes.records();
        records.get(0).put(BirdStrikes.TARGET, "Substantial");
        records.get(1).put(BirdStrikes.TARGET, "None");
        return records;
    }
}
