package dev.kiln.samples;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.metrics.ClassificationMetrics;
import dev.kiln.runtime.train.FitOptions;
import dev.kiln.tables.Column;
import dev.kiln.tables.Preprocessor;
import dev.kiln.tables.TableSpec;
import dev.kiln.tables.TableSplit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * From a real table to a model that predicts from raw records: the FAA wildlife-strike reports of vega-datasets'
 * {@code birdstrikes.csv} (10,000 rows; airport, aircraft, phase of flight, wildlife, time of day, speed), the
 * damage as the class, heavily imbalanced (89 % "None"). The sample splits the file stratified 80/20, infers
 * the columns and prints them, leaves out the cost columns (they are known only after the damage), fits the
 * preprocessing on the training rows, trains with balanced class weights, prints the test set's per-class
 * metrics and confusion matrix, saves the model with its preprocessing in one file, loads both back and
 * predicts from raw records.
 */
public final class BirdStrikes {

    static final String TARGET = "Effect Amount of damage";

    private BirdStrikes() {}

    /** The spec the sample uses: inferred, then the costs dropped and the long-tailed categories bucketed. */
    static TableSpec spec(Path train) throws IOException {
        return columns(TableSpec.infer(train, TARGET).drop("Cost Other", "Cost Repair", "Cost Total $"));
    }

    /**
     * The columns as both bird-strike samples read them: the flight date as year and month, the speed with a
     * missing indicator (28 % of the reports have none), and the long-tailed categories with values seen
     * fewer than 20 times in one "other" feature.
     */
    static TableSpec columns(TableSpec inferred) {
        return inferred.with("Flight Date", Column.date(Column.DatePart.YEAR, Column.DatePart.MONTH))
                .with("Speed IAS in knots", Column.numeric().withMissingIndicator())
                .with("Aircraft Make Model", Column.categorical(20))
                .with("Wildlife Species", Column.categorical(20))
                .with("Airport Name", Column.categorical(20))
                .with("Aircraft Airline Operator", Column.categorical(20))
                .with("Origin State", Column.categorical(20));
    }

    /**
     * Entry point.
     *
     * @param args the path of birdstrikes.csv, then optionally the number of epochs (default 20)
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path file = TrainFashion.vegaFile(args, "birdstrikes.csv", "birdstrikes");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path out = TrainFashion.outputDir();
        Path train = out.resolve("birdstrikes-train.csv");
        Path test = out.resolve("birdstrikes-test.csv");
        int[] rows = TableSplit.stratified(file, TARGET, 0.8, 1, train, test);
        System.out.printf("%s: %d training rows (%s), %d test rows (%s), stratified by damage%n", file, rows[0],
                train, rows[1], test);

        Preprocessor prep = fitAndShow(train, spec(train));

        StrikeNetModel model = new StrikeNetModel();
        prep.checkFits(model);
        Dataset trainRows = prep.encode(train);
        Dataset testRows = prep.encode(test);
        model.fit(trainRows, FitOptions.defaults().withEpochs(epochs).withBalancedClassWeights()
                .withValidationSplit(0.1));
        ClassificationMetrics metrics = model.classificationMetrics(testRows,
                prep.classNames().toArray(String[]::new));
        System.out.println("\ntest set:");
        System.out.print(metrics.report());

        Path saved = out.resolve("birdstrikes.safetensors");
        prep.save(model, saved);
        Preprocessor served = Preprocessor.load(saved);
        StrikeNetModel loaded = StrikeNetModel.load(saved);
        System.out.println("\nsaved " + saved + " (model and preprocessing); loaded back, predicting raw records:");
        for (Map<String, Object> record : records()) {
            System.out.printf("  %s, %s, %s, %s knots -> %s%n", record.get("Phase of flight"),
                    record.get("Wildlife Size"), record.get("Time of day"), record.get("Speed IAS in knots"),
                    served.predict(loaded, record));
        }
    }

    /** Prints the columns as read, fits the preprocessing on the training rows and prints what it learned. */
    static Preprocessor fitAndShow(Path train, TableSpec spec) throws IOException {
        System.out.println("\ncolumns as read:");
        System.out.print(spec);
        Preprocessor prep = Preprocessor.fit(train, spec);
        System.out.println("\nfitted on the training rows:");
        System.out.print(prep.describe());
        return prep;
    }

    /** Two strikes a service might be asked about. */
    static java.util.List<Map<String, Object>> records() {
        Map<String, Object> big = new HashMap<>();
        big.put("Airport Name", "DALLAS/FORT WORTH INTL ARPT");
        big.put("Aircraft Make Model", "B-737-300");
        big.put("Flight Date", "2001-05-14");
        big.put("Aircraft Airline Operator", "AMERICAN AIRLINES");
        big.put("Origin State", "Texas");
        big.put("Phase of flight", "Climb");
        big.put("Wildlife Size", "Large");
        big.put("Wildlife Species", "Canada goose");
        big.put("Time of day", "Day");
        big.put("Speed IAS in knots", 250);
        Map<String, Object> small = new HashMap<>(big);
        small.put("Phase of flight", "Landing Roll");
        small.put("Wildlife Size", "Small");
        small.put("Wildlife Species", "Unknown bird - small");
        small.put("Speed IAS in knots", null);
        return java.util.List.of(big, small);
    }
}
