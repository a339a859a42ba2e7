package dev.kiln.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.FitOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables in: inference of each column's kind, the fitted encodings checked value by value, single records
 * encoded as the file's rows, RFC 4180 details (quotes, embedded commas and line breaks, a byte-order mark,
 * CRLF), and every malformed table refused with its file, line and column.
 */
class TablesTest {

    @TempDir
    Path dir;

    private Path csv(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static final String FLIGHTS = """
            airport,speed,damaged,date,size,note
            KSEA,120,yes,2003-08-15,Small,"quiet, clear"
            KSEA,,no,2003-08-16,Medium,"two
            lines"
            KJFK,140,no,,Small,
            KJFK,100,yes,2004-01-02,Large,NA
            KORD,160,no,2004-02-29,Small,x
            """;

    @Test
    void infersEachColumnAndPrintsWhatItDecided() throws IOException {
        TableSpec spec = TableSpec.infer(csv("flights.csv", FLIGHTS), "size");
        assertInstanceOf(Column.Categorical.class, spec.columns().get("airport"));
        assertInstanceOf(Column.Numeric.class, spec.columns().get("speed"));
        assertInstanceOf(Column.Bool.class, spec.columns().get("damaged"));
        assertInstanceOf(Column.Date.class, spec.columns().get("date"));
        assertInstanceOf(Column.Categorical.class, spec.columns().get("note"));
        assertEquals(TableSpec.Target.CLASSES, spec.targetKind());
        assertTrue(spec.toString().contains("speed    numeric, standardised, missing → mean\n"), spec.toString());
        assertTrue(spec.toString().contains("size     target, classes"), spec.toString());
        assertEquals(TableSpec.Target.BINARY,
                TableSpec.infer(csv("b.csv", "x,y\n1,0\n2,1\n3,1\n"), "y").targetKind());
        assertEquals(TableSpec.Target.NUMBER,
                TableSpec.infer(csv("n.csv", "x,y\n1,0.5\n2,1\n3,7\n"), "y").targetKind());
    }

    @Test
    void encodesWithStatisticsOfTheTrainingRowsOnly() throws IOException {
        Path train = csv("flights.csv", FLIGHTS);
        TableSpec spec = TableSpec.infer(train, "size").with("speed",
                Column.numeric().imputeMedian().withMissingIndicator()).drop("note", "date");
        Preprocessor p = Preprocessor.fit(train, spec);
        // airport: KJFK, KSEA (2 each, by name), KORD, other; speed and its indicator; damaged
        assertEquals(List.of("airport=KJFK", "airport=KSEA", "airport=KORD", "airport=(other)", "speed",
                "speed missing", "damaged"), p.featureNames());
        assertEquals(List.of("Large", "Medium", "Small"), p.classNames());
        Dataset d = p.encode(train);
        assertEquals(5, d.rows());
        assertArrayEquals(new int[] {2, 1, 2, 0, 2}, d.labels());
        // speed 120, 140, 100, 160: mean 130, population deviation sqrt(500); the missing one takes the median 130
        double sd = Math.sqrt(500);
        float[] x = d.features();
        assertEquals((float) ((120 - 130) / sd), x[4], 1e-6);
        assertEquals(0f, x[7 + 4], 1e-6, "median of the four");
        assertEquals(1f, x[7 + 5], "missing indicator");
        assertEquals(1f, x[6], "yes");
        assertEquals(0f, x[7 + 6], "no");

        Map<String, Object> record = new HashMap<>();
        record.put("airport", "KSEA");
        record.put("speed", 120);
        record.put("damaged", "yes");
        assertArrayEquals(java.util.Arrays.copyOfRange(x, 0, 7), p.encode(record), "a record as its row");
        record.put("airport", "EGLL");
        record.put("speed", null);
        float[] unseen = p.encode(record);
        assertEquals(1f, unseen[3], "a value first seen now is other");
        assertEquals(1f, unseen[5], "a null is a missing cell");
        assertArrayEquals(java.util.Arrays.copyOfRange(x, 0, 7),
                p.encode(new String[] {"KSEA", "120", "yes", "2003-08-15", "?", "anything"}));
        assertTrue(p.describe().contains("7 features; target size: 3 classes (Large, Medium, Small)"), p.describe());
    }

    @Test
    void readsRfc4180WithAByteOrderMarkAndCrlf() throws IOException {
        Path f = csv("bom.csv", "\uFEFFname,city,y\r\n\"Smith, J\",\"New\r\nYork\",a\r\nDoe,Paris,b\r\n");
        Preprocessor p = Preprocessor.fit(f, TableSpec.infer(f, "y"));
        assertEquals(List.of("name=Doe", "name=Smith, J", "name=(other)", "city=New\r\nYork", "city=Paris",
                "city=(other)"), p.featureNames());
        assertEquals(2, p.encode(f).rows());
    }

    @Test
    void minCountSendsRareValuesToOther() throws IOException {
        Path f = csv("rare.csv", "c,y\na,0\na,1\nb,0\nc,1\n");
        Preprocessor p = Preprocessor.fit(f, TableSpec.infer(f, "y").with("c", Column.categorical(2)));
        assertEquals(List.of("c=a", "c=(other)"), p.featureNames());
        Dataset d = p.encode(f);
        assertArrayEquals(new float[] {1, 0, 1, 0, 0, 1, 0, 1}, d.features());
        assertArrayEquals(new float[] {0, 1, 0, 1}, d.targets(), "binary 0/1 targets");
    }

    @Test
    void aNumericTargetIsStandardisedAndMappedBack() throws IOException {
        Path f = csv("cost.csv", "x,cost\n1,100\n2,300\n3,200\n");
        Preprocessor p = Preprocessor.fit(f, TableSpec.infer(f, "cost").with("x", Column.numeric().minMax()));
        Dataset d = p.encode(f);
        assertArrayEquals(new float[] {0, 0.5f, 1}, new float[] {d.features()[0], d.features()[1], d.features()[2]});
        assertThrows(IllegalStateException.class, () -> p.className(0), "a number has no classes");
        for (int i = 0; i < 3; i++) {
            assertEquals(new double[] {100, 300, 200}[i], p.toUnits(d.targets()[i]), 1e-4);
        }
        assertEquals(0, d.targets()[2], 1e-6, "the mean is 0");
    }

    @Test
    void malformedTablesNameTheFileLineAndColumn() throws IOException {
        assertMessage(() -> TableSpec.infer(csv("ragged.csv", "a,b,y\n1,2,x\n3,y\n"), "y"),
                "ragged.csv, line 3: the row has 2 cells, but the header has 3 columns");
        assertMessage(() -> TableSpec.infer(csv("t.csv", "a,b\n1,2\n"), "y"), "has no column 'y' to predict; its"
                + " columns are a, b");
        assertMessage(() -> TableSpec.infer(csv("t2.csv", "a,y\n1,x\n2,z\n"), "y").with("b", Column.drop()),
                "has no column 'b'; its feature columns are a");
        assertTrue(TableSpec.infer(csv("empty.csv", "a,b,y\n,1,x\n,2,z\n"), "y").toString()
                .contains("dropped (no value in any row)"), "a column without values is left out, and says so");
        assertMessage(() -> TableSpec.infer(csv("header.csv", "a,y\n"), "y"), "header.csv has a header but no rows");
        assertMessage(() -> Preprocessor.fit(csv("one.csv", "a,y\n1,x\n2,x\n"), TableSpec.infer(csv("one.csv",
                "a,y\n1,x\n2,x\n"), "y")), "one.csv, column 'y': every row has the class 'x'");
        assertMessage(() -> TableSpec.infer(csv("noname.csv", "a,,y\n1,2,x\n"), "y"),
                "noname.csv, line 1: column 2 of the header has no name");
        assertMessage(() -> TableSpec.infer(csv("twice.csv", "a,a,y\n1,2,x\n"), "y"),
                "twice.csv, line 1: the header names the column 'a' twice");
        assertMessage(() -> TableSpec.infer(csv("nothing.csv", ""), "y"), "nothing.csv is empty");
        assertMessage(() -> TableSpec.infer(csv("notarget.csv", "a,y\n1,x\n2,\n"), "y"),
                "notarget.csv, line 3, column 'y': the target is missing");
        Path train = csv("train.csv", "a,y\n1,x\n2,z\n");
        Preprocessor p = Preprocessor.fit(train, TableSpec.infer(train, "y"));
        assertMessage(() -> p.encode(csv("test.csv", "a,y\n1,x\nlots,z\n")),
                "test.csv, line 3, column 'a': 'lots' is not a number");
        assertMessage(() -> p.encode(csv("test2.csv", "a,y\n1,w\n")),
                "test2.csv, line 2, column 'y': the class 'w' was not in the training rows, whose classes are x, z");
        assertMessage(() -> p.encode(Map.of("b", 1)), "The record has no value for column 'a'");
        assertMessage(() -> TableSpec.infer(dir.resolve("absent.csv"), "y"), "No table at");
        assertMessage(() -> Preprocessor.fit(train, TableSpec.infer(train, "y").drop("a")),
                "the spec leaves no feature column");
        assertMessage(() -> Preprocessor.fit(csv("neg.csv", "a,y\n-1,x\n2,z\n"), TableSpec.infer(csv("neg.csv",
                "a,y\n-1,x\n2,z\n"), "y").with("a", Column.numeric().log1p())), "neg.csv, line 2, column 'a': -1.0"
                + " is negative, and the column takes log(1 + x)");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        TableException e = assertThrows(TableException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** A classifier for the table below: 7 features in (phase 4 and other, speed and its indicator), 2 classes. */
    @Model(inputs = 7, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 3)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.05)
    abstract static class Damage {
        @Dense(units = 8, activation = Activation.RELU) Layer hidden;
        @Dense(units = 2, activation = Activation.SOFTMAX) Layer out;
    }

    @Test
    void aModelTrainsOnAnEncodedTableAndAWrongWidthIsExplained() throws IOException {
        StringBuilder sb = new StringBuilder("phase,speed,label\n");
        Random r = new Random(1);
        String[] phases = {"climb", "approach", "landing", "taxi"};
        for (int i = 0; i < 400; i++) {
            String phase = phases[r.nextInt(4)];
            double speed = 50 + 200 * r.nextDouble();
            boolean damaged = speed > 150 ^ phase.equals("taxi");
            sb.append(phase).append(',').append(r.nextInt(20) == 0 ? "" : String.format("%.1f", speed)).append(',')
                    .append(damaged ? "damage" : "none").append('\n');
        }
        Path f = csv("strikes.csv", sb.toString());
        Preprocessor p = Preprocessor.fit(f, TableSpec.infer(f, "label").with("speed",
                Column.numeric().withMissingIndicator()));
        TablesTest_DamageModel model = new TablesTest_DamageModel();
        p.checkFits(model);
        Dataset data = p.encode(f);
        model.fit(data, FitOptions.defaults().withEpochs(60).withVerbose(false));
        assertTrue(model.evaluate(data).metric() > 0.9, "accuracy " + model.evaluate(data).metric());
        Map<String, Object> record = Map.of("phase", "taxi", "speed", 60.0);
        assertEquals("damage", p.className(model.predictClass(p.encode(record))));
        Preprocessor.Prediction prediction = p.predict(model, record);
        assertEquals("damage", prediction.className());
        assertEquals(model.predict(p.encode(record))[0], prediction.probability(), 0.0, "damage is class 0");
        assertTrue(prediction.probability() > 0.5, "" + prediction.probability());
        assertEquals(prediction, p.predict(model.predictor(), record), "a predictor answers the same");

        Path wide = csv("wide.csv", "phase,speed,gate,label\nclimb,100,A,none\ntaxi,50,B,damage\ntaxi,70,C,none\n");
        Preprocessor q = Preprocessor.fit(wide, TableSpec.infer(wide, "label"));
        assertMessage(() -> q.checkFits(model), "The table encodes to 8 features (phase 3, speed 1, gate 4), but the"
                + " model takes 7. Write @Model(inputs = 8)");
    }

    @Test
    void thePreprocessingTravelsInTheModelsCheckpointAndIsCheckedOnLoad() throws IOException {
        Path f = csv("mixed.csv", "phase,speed,when,note,label\n"
                + "climb,100,2003-01-02,\"a, b\",none\n"
                + "taxi,,2003-02-03,\"say \"\"hi\"\"\",damage\n"
                + "\"new\nline\",140,,x,none\n"
                + "climb,120,2004-05-06,,damage\n");
        TableSpec spec = TableSpec.infer(f, "label").with("speed", Column.numeric().log1p().withMissingIndicator());
        Preprocessor p = Preprocessor.fit(f, spec);
        TablesTest_MixedModel model = new TablesTest_MixedModel();
        p.checkFits(model);
        model.fit(p.encode(f), FitOptions.defaults().withEpochs(3).withVerbose(false));
        Path saved = dir.resolve("model.safetensors");
        p.save(model, saved);

        Preprocessor back = Preprocessor.load(saved);
        assertEquals(p.featureNames(), back.featureNames());
        assertEquals(p.describe(), back.describe());
        assertEquals(p.classNames(), back.classNames());
        assertArrayEquals(p.encode(f).features(), back.encode(f).features(), "the same features, bit for bit");
        TablesTest_MixedModel loaded = TablesTest_MixedModel.load(saved);
        float[] row = back.encode(Map.of("phase", "taxi", "speed", 90, "when", "2003-03-03", "note", "x"));
        assertArrayEquals(model.predict(row), loaded.predict(row), "the model loads from the same file");

        // it travels (to Spark's executors, say) as what save stores, and comes back the same
        java.io.ByteArrayOutputStream bytes0 = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(bytes0)) {
            o.writeObject(p);
        }
        Preprocessor copy;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes0.toByteArray()))) {
            copy = (Preprocessor) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
        assertEquals(p.describe(), copy.describe());
        assertArrayEquals(p.encode(f).features(), copy.encode(f).features());
        assertEquals(List.of("phase", "speed", "when", "note", "label"), copy.header());
        assertEquals(1f, copy.target("none"), "classes in sorted order: damage, none");
        assertMessage(() -> copy.target("w"), "the class 'w' was not in the training rows");

        Path plain = dir.resolve("plain.safetensors");
        model.save(plain);
        assertMessage(() -> Preprocessor.load(plain), "holds a model but no table preprocessing");
        byte[] bytes = Files.readAllBytes(saved);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("climb");
        bytes[at] = 'C';
        Path edited = dir.resolve("edited.safetensors");
        Files.write(edited, bytes);
        IOException e = assertThrows(IOException.class, () -> Preprocessor.load(edited));
        assertTrue(e.getMessage().contains("fails its checksum"), e.getMessage());
    }

    /** A classifier for the mixed table: phase 3 and other, speed and its indicator, 3 date parts, note 3 and other. */
    @Model(inputs = 13, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 4)
    @Optimizer(type = OptimizerType.ADAM)
    abstract static class Mixed {
        @Dense(units = 4, activation = Activation.TANH) Layer hidden;
        @Dense(units = 2, activation = Activation.SOFTMAX) Layer out;
    }

    @Test
    void aStratifiedSplitOfTheFileKeepsEachClassesShareAndEveryCell() throws IOException {
        StringBuilder sb = new StringBuilder("note,label\n");
        for (int i = 0; i < 50; i++) {
            sb.append("\"row ").append(i).append(", with a comma\",").append(i < 40 ? "common" : "rare").append('\n');
        }
        Path f = csv("all.csv", sb.toString());
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        assertArrayEquals(new int[] {40, 10}, TableSplit.stratified(f, "label", 0.8, 3, a, b));
        TableSpec spec = TableSpec.infer(a, "label");
        Preprocessor p = Preprocessor.fit(a, spec);
        assertEquals(List.of("common", "rare"), p.classNames());
        Dataset first = p.encode(a);
        int rare = 0;
        for (int l : first.labels()) {
            rare += l;
        }
        assertEquals(8, rare, "0.8 of the 10 rare rows");
        assertTrue(Files.readString(b).contains("\"row"), "quoted cells stay quoted");
        assertArrayEquals(Files.readAllBytes(a), readAfterSplit(f, 3), "seeded");
    }

    private byte[] readAfterSplit(Path f, long seed) throws IOException {
        Path a = dir.resolve("again-a.csv");
        TableSplit.stratified(f, "label", 0.8, seed, a, dir.resolve("again-b.csv"));
        return Files.readAllBytes(a);
    }

    @Test
    void edgesOfRealTables() throws IOException {
        // True/False as a spreadsheet writes them: the most frequent value fills a missing cell
        Path bools = csv("bools.csv", "flag,y\nTrue,a\nTrue,b\nFalse,a\n,b\n");
        Preprocessor pb = Preprocessor.fit(bools, TableSpec.infer(bools, "y"));
        assertEquals(1f, pb.encode(bools).features()[3], "missing → true, the most frequent");
        // a 0/1 target spelled +1, 1.0 and 0 is two classes, 0 first
        Path signs = csv("signs.csv", "x,y\n1,+1\n2,0\n3,1.0\n4,0\n");
        Preprocessor ps = Preprocessor.fit(signs, TableSpec.infer(signs, "y"));
        assertArrayEquals(new float[] {1, 0, 1, 0}, ps.encode(signs).targets());
        // cells of a record follow the header the spec was made from, whatever the order of the file fitted on
        Path ab = csv("ab.csv", "a,b,y\n1,10,x\n2,20,z\n3,30,x\n");
        Path ba = csv("ba.csv", "b,y,a\n10,x,1\n20,z,2\n30,x,3\n");
        Preprocessor pab = Preprocessor.fit(ba, TableSpec.infer(ab, "y"));
        assertArrayEquals(pab.encode(ab).features(), pab.encode(ba).features());
        assertArrayEquals(java.util.Arrays.copyOf(pab.encode(ab).features(), 2),
                pab.encode(new String[] {"1", "10", "x"}));
        // not UTF-8
        Path latin = dir.resolve("latin.csv");
        Files.write(latin, "name,y\nCaf\u00e9,x\n".getBytes(StandardCharsets.ISO_8859_1));
        assertMessage(() -> TableSpec.infer(latin, "y"), "is not UTF-8 text");
        // a numeric target has no classes to keep in proportion: the split is of all rows
        StringBuilder sb = new StringBuilder("x,cost\n");
        for (int i = 0; i < 20; i++) {
            sb.append(i).append(',').append(i * 1.5).append('\n');
        }
        Path costs = csv("costs.csv", sb.toString());
        assertArrayEquals(new int[] {16, 4}, TableSplit.stratified(costs, "cost", 0.8, 1, dir.resolve("c1.csv"),
                dir.resolve("c2.csv")));
        assertThrows(IllegalArgumentException.class, () -> TableSplit.stratified(costs, "cost", 0.8, 1, costs,
                dir.resolve("c2.csv")), "the source is never overwritten");
        // a cost that is mostly 0 is still a quantity: its few distinct amounts are not classes of one row each,
        // which would all land on the first side
        StringBuilder z = new StringBuilder("x,cost\n");
        for (int i = 0; i < 100; i++) {
            z.append(i).append(',').append(i % 4 == 0 ? 1000 + i : 0).append('\n');
        }
        Path zeros = csv("zeros.csv", z.toString());
        Path z1 = dir.resolve("z1.csv");
        Path z2 = dir.resolve("z2.csv");
        assertArrayEquals(new int[] {80, 20}, TableSplit.stratified(zeros, "cost", 0.8, 1, z1, z2));
        long paid = Files.readAllLines(z2).stream().skip(1).filter(l -> !l.endsWith(",0")).count();
        assertTrue(paid > 0 && paid < 20, "the test side has some of the 25 costs: " + paid);
        byte[] stratifiedBytes = Files.readAllBytes(z2);
        assertArrayEquals(new int[] {80, 20}, TableSplit.random(zeros, 0.8, 1, z1, z2));
        assertArrayEquals(stratifiedBytes, Files.readAllBytes(z2), "as a random split of all rows");
    }

    /** A regression for the cost table below: x standardised, one output. */
    @Model(inputs = 1, loss = Loss.MEAN_SQUARED_ERROR, seed = 5)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 0.05)
    abstract static class Cost {
        @Dense(units = 8, activation = Activation.TANH) Layer hidden;
        @Dense(units = 1, activation = Activation.LINEAR) Layer out;
    }

    @Test
    void aHeavyTailedTargetIsLearnedAsLog1pAndScoredInItsOwnUnits() throws IOException {
        StringBuilder sb = new StringBuilder("x,cost\n");
        Random r = new Random(2);
        double[] cost = new double[200];
        for (int i = 0; i < cost.length; i++) {
            double x = r.nextDouble();
            cost[i] = x < 0.7 ? 0 : Math.round(Math.expm1(12 * x));
            sb.append(String.format(java.util.Locale.ROOT, "%.4f,%.0f%n", x, cost[i]));
        }
        Path f = csv("costs.csv", sb.toString());
        TableSpec spec = TableSpec.infer(f, "cost").logTarget();
        assertTrue(spec.toString().contains("target, number, learned as log1p"), spec.toString());
        Preprocessor p = Preprocessor.fit(f, spec);
        Dataset d = p.encode(f);
        double mean = java.util.Arrays.stream(cost).map(Math::log1p).average().orElseThrow();
        for (int i = 0; i < cost.length; i++) {
            assertEquals(cost[i], p.toUnits(d.targets()[i]), 1e-5 * (1 + cost[i]), "row " + i + " maps back");
        }
        assertEquals(0, java.util.Arrays.stream(cost).map(c -> Math.log1p(c) - mean).sum(), 1e-9, "log1p, then"
                + " standardised: the learned targets' mean is the log1p mean");

        TablesTest_CostModel model = new TablesTest_CostModel();
        model.fit(d, FitOptions.defaults().withEpochs(30).withVerbose(false));
        var metrics = p.regressionMetrics(model, f);
        float[][] out = model.predict(d.featureRows());
        double se = 0;
        double ae = 0;
        for (int i = 0; i < cost.length; i++) {
            double e = (float) p.toUnits(out[i][0]) - (float) cost[i];
            se += e * e;
            ae += Math.abs(e);
        }
        assertEquals(ae / cost.length, metrics.mae(), 1e-6 * (1 + ae / cost.length), "MAE in dollars, not in"
                + " standard deviations of the log");
        assertEquals(se / cost.length, metrics.mse(), 1e-6 * se / cost.length);
        assertTrue(metrics.mae() > 10, "in units: " + metrics.mae());
        assertMessage(() -> p.classificationMetrics(model, f), "is a number; use regressionMetrics");

        Path saved = dir.resolve("cost.safetensors");
        p.save(model, saved);
        Preprocessor back = Preprocessor.load(saved);
        assertTrue(back.spec().hasLogTarget(), "the log target is saved with the model");
        assertEquals(p.predict(model, Map.of("x", 0.9)), back.predict(model, Map.of("x", 0.9)));
        assertEquals(p.describe(), back.describe());

        assertMessage(() -> Preprocessor.fit(csv("below.csv", "x,cost\n1,3\n2,-1\n"),
                TableSpec.infer(csv("below.csv", "x,cost\n1,3\n2,-1\n"), "cost").logTarget()),
                "below.csv, line 3, column 'cost': -1 has no log1p");
        Path classes = csv("classes.csv", "x,y\n1,a\n2,b\n");
        assertMessage(() -> TableSpec.infer(classes, "y").logTarget(), "only a numeric target can be learned as"
                + " log1p");
        assertTrue(!TableSpec.infer(f, "cost").logTarget().target(TableSpec.Target.CLASSES).hasLogTarget(),
                "classes are never logged");
    }

    @Test
    void aColumnThatIsNumbersButForOneCellSaysWhichCell() throws IOException {
        StringBuilder sb = new StringBuilder("speed,when,y\n");
        for (int i = 0; i < 30; i++) {
            sb.append(i == 17 ? "1e400" : String.valueOf(100 + i)).append(',')
                    .append(i == 5 ? "2003-02-30" : "2003-02-1" + (i % 10)).append(',').append(i % 2 == 0 ? "a" : "b")
                    .append('\n');
        }
        Path f = csv("typo.csv", sb.toString());
        TableSpec spec = TableSpec.infer(f, "y");
        assertInstanceOf(Column.Categorical.class, spec.columns().get("speed"));
        assertTrue(spec.toString().contains("29 of its 30 values are numbers, but line 19 holds '1e400'; fix it, or"
                + " read the column with Column.numeric()"), spec.toString());
        assertTrue(spec.toString().contains("29 of its 30 values are dates, but line 7 holds '2003-02-30'"),
                spec.toString());
        assertTrue(!spec.with("speed", Column.categorical()).toString().contains("1e400"), "a choice silences it");
        assertMessage(() -> Preprocessor.fit(f, spec.with("speed", Column.numeric())),
                "typo.csv, line 19, column 'speed': '1e400' is not a number");
        Path words = csv("words.csv", "w,y\n1,a\nx,b\ny,a\n");
        assertTrue(!TableSpec.infer(words, "y").toString().contains("values are numbers"), "a text column is quiet");
    }
}
