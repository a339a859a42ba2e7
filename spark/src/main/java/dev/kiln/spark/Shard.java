package dev.kiln.spark;

import dev.kiln.runtime.data.Dataset;
import java.io.Serializable;

/**
 * One replica's rows, packed as Kiln trains on them and kept by Spark between rounds: the rows whose index in the
 * input modulo the replica count is the replica's, in index order, so that a shard depends on the data and the
 * replica count only, never on how Spark partitioned the input.
 *
 * @param replica  which replica's
 * @param width    features per row
 * @param features rows × width
 * @param labels   class labels, or null
 * @param targets  rows × targetWidth float targets, or null
 * @param targetWidth targets per row (0 with labels)
 */
record Shard(int replica, int width, float[] features, int[] labels, float[] targets, int targetWidth)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    int rows() {
        return features.length / width;
    }

    /** The rows as Kiln's in-memory data set, sharing the arrays. */
    Dataset dataset() {
        return labels != null ? Dataset.ofClasses(features, width, labels)
                : Dataset.ofTargets(features, width, targets, targetWidth);
    }
}
