package dev.kiln.runtime.kernels;

/**
 * Losses fused with the output activation they belong to. Each returns the loss summed over the rows
 * (in double), and, when {@code grad} is non-null, writes the gradient with respect to the output layer's
 * pre-activation scaled by {@code gradScale} (the caller passes {@code 1/n} for a batch mean). Rows are
 * short (the output width), so these stay scalar.
 */
public final class Losses {

    private Losses() {}

    /**
     * Softmax cross-entropy with integer labels, from logits: per row {@code log Σ e^z - z[y]}, computed
     * with the row maximum subtracted so no exponent overflows. Gradient {@code softmax(z) - onehot(y)}.
     */
    public static double softmaxCrossEntropy(float[] logits, int[] labels, int rows, int classes,
                                             float[] grad, float gradScale) {
        return softmaxCrossEntropy(logits, labels, rows, classes, grad, gradScale, null);
    }

    /** As above, each row's loss and gradient weighted by {@code classWeights[label]} when that is non-null. */
    public static double softmaxCrossEntropy(float[] logits, int[] labels, int rows, int classes,
                                             float[] grad, float gradScale, float[] classWeights) {
        return softmaxCrossEntropy(logits, labels, rows, classes, grad, gradScale, classWeights, 0f);
    }

    /**
     * As above with label smoothing ε: the target of a row is {@code (1 − ε)·onehot(y) + ε/K} over its K
     * classes, as PyTorch's {@code CrossEntropyLoss(label_smoothing)} and Keras's {@code label_smoothing}
     * define it; per row {@code log Σ e^z − Σ_c t_c·z_c}, gradient {@code softmax(z) − t}. A class weight
     * multiplies the whole row, by its label's weight (Keras's {@code class_weight}).
     */
    public static double softmaxCrossEntropy(float[] logits, int[] labels, int rows, int classes,
                                             float[] grad, float gradScale, float[] classWeights,
                                             float smoothing) {
        double off = (double) smoothing / classes;
        double on = 1.0 - smoothing + off;
        // Each e^(z - max) is computed once and kept for the gradient: the exponentials are most of the cost.
        double[] e = exponentials(classes);
        double total = 0;
        for (int i = 0; i < rows; i++) {
            int row = i * classes;
            float max = logits[row];
            for (int j = 1; j < classes; j++) {
                max = Math.max(max, logits[row + j]);
            }
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                e[j] = Math.exp(logits[row + j] - max);
                sum += e[j];
            }
            int y = labels[i];
            double weight = classWeights == null ? 1.0 : classWeights[y];
            double targetLogit = logits[row + y];
            if (smoothing != 0f) {
                targetLogit = 0;
                for (int j = 0; j < classes; j++) {
                    targetLogit += (j == y ? on : off) * logits[row + j];
                }
            }
            total += weight * (Math.log(sum) + max - targetLogit);
            if (grad != null) {
                double inv = 1.0 / sum;
                double scale = weight * gradScale;
                for (int j = 0; j < classes; j++) {
                    double p = e[j] * inv;
                    double t = smoothing == 0f ? (j == y ? 1.0 : 0.0) : (j == y ? on : off);
                    grad[row + j] = (float) ((p - t) * scale);
                }
            }
        }
        return total;
    }

    /** Replaces each row of logits by its softmax (for predictions). */
    public static void softmax(float[] z, int rows, int classes) {
        double[] e = exponentials(classes);
        for (int i = 0; i < rows; i++) {
            int row = i * classes;
            float max = z[row];
            for (int j = 1; j < classes; j++) {
                max = Math.max(max, z[row + j]);
            }
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                e[j] = Math.exp(z[row + j] - max);
                sum += e[j];
            }
            double inv = 1.0 / sum;
            for (int j = 0; j < classes; j++) {
                z[row + j] = (float) (e[j] * inv);
            }
        }
    }

    private static final ThreadLocal<double[]> EXPONENTIALS = ThreadLocal.withInitial(() -> new double[16]);

    /** This thread's scratch row of exponentials, grown to {@code classes}: nothing is allocated per step. */
    private static double[] exponentials(int classes) {
        double[] e = EXPONENTIALS.get();
        if (e.length < classes) {
            e = new double[classes];
            EXPONENTIALS.set(e);
        }
        return e;
    }

    /**
     * Binary cross-entropy from logits, element-wise over {@code count} outputs with targets in [0, 1]:
     * {@code max(z,0) - z·t + log(1 + e^-|z|)}, stable for any z. Gradient {@code sigmoid(z) - t}.
     */
    public static double binaryCrossEntropy(float[] logits, float[] targets, int count,
                                            float[] grad, float gradScale) {
        return binaryCrossEntropy(logits, targets, count, grad, gradScale, null);
    }

    /**
     * As above, each output's loss and gradient weighted by {@code classWeights[t ≥ 0.5 ? 1 : 0]} when that
     * is non-null.
     */
    public static double binaryCrossEntropy(float[] logits, float[] targets, int count,
                                            float[] grad, float gradScale, float[] classWeights) {
        double total = 0;
        for (int i = 0; i < count; i++) {
            double z = logits[i];
            double t = targets[i];
            double weight = classWeights == null ? 1.0 : classWeights[t >= 0.5 ? 1 : 0];
            total += weight * (Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z))));
            if (grad != null) {
                grad[i] = (float) ((1.0 / (1.0 + Math.exp(-z)) - t) * weight * gradScale);
            }
        }
        return total;
    }

    /**
     * Mean squared error per row, {@code (1/k) Σ (y - t)²} over the row's {@code k} outputs, summed over
     * rows. Gradient {@code 2(y - t)/k}.
     */
    public static double meanSquaredError(float[] outputs, float[] targets, int rows, int k,
                                          float[] grad, float gradScale) {
        double total = 0;
        int count = rows * k;
        for (int i = 0; i < count; i++) {
            double d = (double) outputs[i] - targets[i];
            total += d * d;
            if (grad != null) {
                grad[i] = (float) (2.0 * d / k * gradScale);
            }
        }
        return total / k;
    }

    /**
     * Mean absolute error per row, {@code (1/k) Σ |y − t|} over the row's {@code k} outputs, summed over rows.
     * Gradient {@code sign(y − t)/k}, with sign(0) = 0 as PyTorch's {@code L1Loss} takes it.
     */
    public static double meanAbsoluteError(float[] outputs, float[] targets, int rows, int k,
                                           float[] grad, float gradScale) {
        double total = 0;
        int count = rows * k;
        for (int i = 0; i < count; i++) {
            double d = (double) outputs[i] - targets[i];
            total += Math.abs(d);
            if (grad != null) {
                grad[i] = (float) (Math.signum(d) / k * gradScale);
            }
        }
        return total / k;
    }

    /**
     * Huber loss per row, {@code (1/k) Σ h(y − t)} over the row's {@code k} outputs, summed over rows, with
     * {@code h(d) = d²/2} for {@code |d| ≤ δ} and {@code δ(|d| − δ/2)} beyond: squared error near the target,
     * absolute error far from it, so outliers pull with at most δ (PyTorch's {@code HuberLoss(delta)}).
     * Gradient {@code clamp(d, −δ, δ)/k}.
     */
    public static double huber(float[] outputs, float[] targets, int rows, int k, float[] grad, float gradScale,
                               float delta) {
        double total = 0;
        int count = rows * k;
        for (int i = 0; i < count; i++) {
            double d = (double) outputs[i] - targets[i];
            double a = Math.abs(d);
            total += a <= delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
            if (grad != null) {
                grad[i] = (float) (Math.max(-delta, Math.min(delta, d)) / k * gradScale);
            }
        }
        return total / k;
    }

    /**
     * Back-propagates through a softmax whose outputs {@code p} are given: each row of {@code delta} holding
     * {@code ∂L/∂p} becomes {@code ∂L/∂z = p ⊙ (δ - Σ_k δ_k p_k)}. Used when softmax is not fused with its
     * cross-entropy (a softmax output trained on another loss).
     */
    public static void softmaxBackward(float[] p, float[] delta, int rows, int classes) {
        for (int i = 0; i < rows; i++) {
            int row = i * classes;
            double dot = 0;
            for (int j = 0; j < classes; j++) {
                dot += (double) delta[row + j] * p[row + j];
            }
            for (int j = 0; j < classes; j++) {
                delta[row + j] = (float) (p[row + j] * (delta[row + j] - dot));
            }
        }
    }

    /** Replaces each value by its logistic sigmoid (for predictions of a sigmoid output). */
    public static void sigmoid(float[] z, int count) {
        for (int i = 0; i < count; i++) {
            z[i] = (float) (1.0 / (1.0 + Math.exp(-z[i])));
        }
    }
}
