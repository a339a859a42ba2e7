package dev.kiln.spark;

import dev.kiln.runtime.train.Task;
import dev.kiln.tables.Preprocessor;
import dev.kiln.tables.TableException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/** Splits a Spark data set into the replicas' shards, checking every row on the way as {@code fit} would. */
final class Shards {

    private Shards() {}

    /**
     * How rows become features and a label or targets, decided on the driver from the schema.
     *
     * @param features     the feature columns: one array column, or numeric columns (none with a table)
     * @param featureArray whether {@code features} is one array column
     * @param label        the label or target column
     * @param labelArray   whether it is an array column (several targets)
     * @param task         the model's task: classification takes whole-number labels
     * @param width        features per row the model takes
     * @param outputs      the model's outputs
     * @param table        the table preprocessing that reads the rows, or null
     * @param tableColumns for each column of the table's header, its place among the selected columns, or -1
     */
    record Layout(String[] features, boolean featureArray, String label, boolean labelArray, Task task, int width,
                  int outputs, Preprocessor table, int[] tableColumns) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** One checked row with its index in the input. */
    private record Example(long index, float[] features, int label, float[] targets) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Refuses columns the data set does not have, or of a type that cannot be features or a label. */
    static Layout layout(StructType schema, String[] features, String label, Task task, int width, int outputs) {
        List<String> names = Arrays.asList(schema.fieldNames());
        List<String> wanted = new ArrayList<>(Arrays.asList(features));
        wanted.add(label);
        for (String name : wanted) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("The data set has no column '" + name + "'; its columns are "
                        + describe(schema) + ".");
            }
        }
        boolean featureArray = features.length == 1 && schema.apply(features[0]).dataType() instanceof ArrayType;
        if (featureArray) {
            requireNumbers(schema.apply(features[0]), true);
        } else {
            for (String f : features) {
                requireNumbers(schema.apply(f), false);
            }
            if (features.length != width) {
                throw new IllegalArgumentException("The model takes " + width + " features per row, but "
                        + features.length + " feature column" + (features.length == 1 ? " was" : "s were")
                        + " given (" + String.join(", ", features) + "). Give " + width + " numeric columns, or one"
                        + " array column.");
            }
        }
        StructField target = schema.apply(label);
        boolean labelArray = target.dataType() instanceof ArrayType;
        requireNumbers(target, labelArray);
        if (labelArray && task == Task.CLASSIFICATION) {
            throw new IllegalArgumentException("Column '" + label + "' holds arrays, but this model is a classifier"
                    + " and takes one whole-number class label per row.");
        }
        if (!labelArray && task != Task.CLASSIFICATION && outputs != 1) {
            throw new IllegalArgumentException("The model has " + outputs + " outputs, so column '" + label + "' must"
                    + " hold an array of " + outputs + " targets per row, but it holds one number.");
        }
        return new Layout(features, featureArray, label, labelArray, task, width, outputs, null, null);
    }

    /**
     * Rows read through a fitted table preprocessing: every column it uses and the target must be there (by name,
     * any type: cells are read as text, as from the CSV file it was fitted on); a dropped column may be absent.
     * Returns the layout and, through {@code selected}, the columns to select, in order.
     */
    static Layout tableLayout(StructType schema, Preprocessor table, Task task, int width, int outputs,
                              List<String> selected) {
        List<String> names = Arrays.asList(schema.fieldNames());
        List<String> header = table.header();
        int[] at = new int[header.size()];
        for (int i = 0; i < at.length; i++) {
            String column = header.get(i);
            boolean needed = column.equals(table.spec().target())
                    || !(table.spec().columns().get(column) instanceof dev.kiln.tables.Column.Drop);
            if (names.contains(column)) {
                at[i] = selected.size();
                selected.add(column);
            } else if (needed) {
                throw new IllegalArgumentException("The data set has no column '" + column + "', which the table"
                        + " preprocessing " + (column.equals(table.spec().target()) ? "reads the target from" : "uses")
                        + "; its columns are " + describe(schema) + ".");
            } else {
                at[i] = -1;
            }
        }
        return new Layout(new String[0], false, table.spec().target(), false, task, width, outputs, table, at);
    }

    private static void requireNumbers(StructField field, boolean array) {
        DataType t = array ? ((ArrayType) field.dataType()).elementType() : field.dataType();
        if (!(t instanceof NumericType)) {
            throw new IllegalArgumentException("Column '" + field.name() + "' is " + field.dataType().simpleString()
                    + ", but Kiln takes numbers" + (array ? " in arrays" : "") + " (int, long, float, double).");
        }
    }

    private static String describe(StructType schema) {
        List<String> parts = new ArrayList<>();
        for (StructField f : schema.fields()) {
            parts.add(f.name() + " " + f.dataType().simpleString());
        }
        return String.join(", ", parts);
    }

    /**
     * The shards of {@code rows} (the layout's columns, in the input's order), one Spark partition each, checked
     * and kept in memory (spilling to disk) for the rounds.
     */
    static JavaRDD<Shard> build(JavaRDD<Row> rows, Layout layout, int replicas) {
        JavaPairRDD<Integer, Example> keyed = rows.zipWithIndex().mapToPair(t -> {
            Example e = example(t._1(), t._2(), layout);
            return new Tuple2<>((int) (e.index() % replicas), e);
        });
        JavaRDD<Shard> shards = keyed.partitionBy(new ByReplica(replicas))
                .mapPartitionsWithIndex((replica, it) -> List.of(pack(replica, it, layout)).iterator(), true);
        return shards.persist(StorageLevel.MEMORY_AND_DISK());
    }

    private static Shard pack(int replica, Iterator<Tuple2<Integer, Example>> it, Layout layout) {
        List<Example> examples = new ArrayList<>();
        it.forEachRemaining(t -> examples.add(t._2()));
        // the shuffle delivers rows in no fixed order: index order makes the shard the data's, not the run's
        examples.sort(Comparator.comparingLong(Example::index));
        int n = examples.size();
        int w = layout.width();
        boolean classes = layout.task() == Task.CLASSIFICATION;
        int tw = classes ? 0 : layout.outputs();
        float[] x = new float[Math.multiplyExact(n, w)];
        int[] labels = classes ? new int[n] : null;
        float[] targets = classes ? null : new float[Math.multiplyExact(n, tw)];
        for (int i = 0; i < n; i++) {
            Example e = examples.get(i);
            System.arraycopy(e.features(), 0, x, i * w, w);
            if (classes) {
                labels[i] = e.label();
            } else {
                System.arraycopy(e.targets(), 0, targets, i * tw, tw);
            }
        }
        return new Shard(replica, w, x, labels, targets, tw);
    }

    /** One row's features and label, refused with its index and column when it cannot be trained on. */
    static Example example(Row row, long index, Layout layout) {
        if (layout.table() != null) {
            return tableExample(row, index, layout);
        }
        float[] x;
        if (layout.featureArray()) {
            x = floats(row, 0, index, layout.features()[0], layout.width(), "features");
        } else {
            x = new float[layout.width()];
            for (int j = 0; j < x.length; j++) {
                x[j] = number(row, j, index, layout.features()[j]);
            }
        }
        int labelAt = layout.featureArray() ? 1 : layout.width();
        if (layout.task() == Task.CLASSIFICATION) {
            float v = number(row, labelAt, index, layout.label());
            if (v != Math.rint(v) || v < 0 || v >= layout.outputs()) {
                throw new IllegalArgumentException("Row " + index + " has label " + v + " in column '" + layout.label()
                        + "', but the model has " + layout.outputs() + " classes, so labels are whole numbers from 0"
                        + " to " + (layout.outputs() - 1) + ". Fix the label, or give the output layer more units.");
            }
            return new Example(index, x, (int) v, null);
        }
        float[] t = layout.labelArray()
                ? floats(row, labelAt, index, layout.label(), layout.outputs(), "targets")
                : new float[] {number(row, labelAt, index, layout.label())};
        if (layout.task() == Task.BINARY) {
            for (float v : t) {
                if (v < 0 || v > 1) {
                    throw new IllegalArgumentException("Row " + index + " has target " + v + " in column '"
                            + layout.label() + "', but binary cross-entropy takes targets in [0, 1]. Map the"
                            + " targets into [0, 1].");
                }
            }
        }
        return new Example(index, x, 0, t);
    }

    /** A row as the table preprocessing reads a record: its cells as text, in the fitted file's column order. */
    private static Example tableExample(Row row, long index, Layout layout) {
        Preprocessor table = layout.table();
        int[] at = layout.tableColumns();
        String[] cells = new String[at.length];
        for (int i = 0; i < at.length; i++) {
            cells[i] = at[i] < 0 || row.isNullAt(at[i]) ? null : String.valueOf(row.get(at[i]));
        }
        try {
            float[] x = table.encode(cells);
            float t = table.target(cells[table.header().indexOf(table.spec().target())]);
            return layout.task() == Task.CLASSIFICATION ? new Example(index, x, (int) t, null)
                    : new Example(index, x, 0, new float[] {t});
        } catch (TableException e) {
            throw new IllegalArgumentException("Row " + index + " of the data set: "
                    + e.getMessage().replaceFirst("^The record, ", ""), e);
        }
    }

    private static float number(Row row, int at, long index, String column) {
        if (row.isNullAt(at)) {
            throw new IllegalArgumentException("Row " + index + " has no value in column '" + column + "'. Fill or"
                    + " drop the missing values (Dataset.na()) before training.");
        }
        float v = ((Number) row.get(at)).floatValue();
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException("Row " + index + " has " + v + " in column '" + column + "' (as a"
                    + " float); Kiln trains on finite values. Fix or drop the row.");
        }
        return v;
    }

    private static float[] floats(Row row, int at, long index, String column, int width, String what) {
        if (row.isNullAt(at)) {
            throw new IllegalArgumentException("Row " + index + " has no " + what + ": column '" + column + "' is"
                    + " null. Drop or fill the row before training.");
        }
        List<Object> values = row.getList(at);
        if (values.size() != width) {
            throw new IllegalArgumentException("Row " + index + " has " + values.size() + " " + what + " in column '"
                    + column + "', but the model takes " + width + ". Give every row " + width + ".");
        }
        float[] x = new float[width];
        for (int j = 0; j < width; j++) {
            Object v = values.get(j);
            if (v == null) {
                throw new IllegalArgumentException("Row " + index + " has a null at position " + j + " of column '"
                        + column + "'. Fill it before training.");
            }
            x[j] = ((Number) v).floatValue();
            if (!Float.isFinite(x[j])) {
                throw new IllegalArgumentException("Row " + index + " has " + x[j] + " at position " + j + " of column"
                        + " '" + column + "' (as a float); Kiln trains on finite values. Fix or drop the row.");
            }
        }
        return x;
    }

    /** Partition {@code g} holds replica {@code g}'s rows. */
    private static final class ByReplica extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int replicas;

        ByReplica(int replicas) {
            this.replicas = replicas;
        }

        @Override
        public int numPartitions() {
            return replicas;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByReplica b && b.replicas == replicas;
        }

        @Override
        public int hashCode() {
            return replicas;
        }
    }
}
