package dev.kiln.runtime.kernels;

/**
 * The activations whose slope for z &lt; 0 is not one constant: PReLU (one learned slope per unit, He et al.
 * 2015) and RReLU (a random slope per element in training, Xu et al. 2015). Scalar only: these layers are
 * rare in the dense networks Kiln targets, and their passes are small next to the products around them.
 */
public final class ParametricActivations {

    /** RReLU's slope range, PyTorch's defaults: [1/8, 1/3]; inference uses the mean. */
    public static final float RRELU_LOWER = 1f / 8f;
    /** Upper end of RReLU's slope range. */
    public static final float RRELU_UPPER = 1f / 3f;
    /** RReLU's slope at inference, the mean of the range. */
    public static final float RRELU_MEAN = (RRELU_LOWER + RRELU_UPPER) / 2f;
    /** PReLU's slopes before training, PyTorch's default. */
    public static final float PRELU_INITIAL_SLOPE = 0.25f;

    private ParametricActivations() {}

    /**
     * PReLU forward: {@code z ← z + bias} (bias may be null), {@code out = z > 0 ? z : α_j·z} with α from
     * {@code slopes[slopesOff + j]}, and with a mask, {@code dropped = out ⊙ mask}.
     */
    public static void preluForward(float[] z, int rows, int cols, float[] bias, int biasOff, float[] slopes,
                                    int slopesOff, float[] out, float[] mask, float[] dropped) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int k = i * cols + j;
                float v = bias == null ? z[k] : z[k] + bias[biasOff + j];
                z[k] = v;
                float a = v > 0f ? v : slopes[slopesOff + j] * v;
                out[k] = a;
                if (mask != null) {
                    dropped[k] = a * mask[k];
                }
            }
        }
    }

    /**
     * PReLU backward, in place on {@code delta}: first {@code δ ← δ ⊙ mask} (when non-null), then the slope
     * gradient {@code ∂L/∂α_j = Σ_i δ_ij·z_ij} over {@code z ≤ 0} into {@code slopeGrads}, then
     * {@code δ ← δ · (z > 0 ? 1 : α_j)}.
     */
    public static void preluBackward(float[] delta, float[] z, int rows, int cols, float[] slopes, int slopesOff,
                                     float[] slopeGrads, int gradOff, float[] mask) {
        for (int j = 0; j < cols; j++) {
            slopeGrads[gradOff + j] = 0f;
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int k = i * cols + j;
                float d = mask == null ? delta[k] : delta[k] * mask[k];
                if (z[k] > 0f) {
                    delta[k] = d;
                } else {
                    slopeGrads[gradOff + j] += d * z[k];
                    delta[k] = d * slopes[slopesOff + j];
                }
            }
        }
    }

    /**
     * RReLU forward in training: {@code z ← z + bias}, {@code out = z > 0 ? z : r·z} with the per-element
     * slope {@code r} from {@code slopes}, and with a mask, {@code dropped = out ⊙ mask}.
     */
    public static void rreluForward(float[] z, int rows, int cols, float[] bias, int biasOff, float[] slopes,
                                    float[] out, float[] mask, float[] dropped) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int k = i * cols + j;
                float v = bias == null ? z[k] : z[k] + bias[biasOff + j];
                z[k] = v;
                float a = v > 0f ? v : slopes[k] * v;
                out[k] = a;
                if (mask != null) {
                    dropped[k] = a * mask[k];
                }
            }
        }
    }

    /** RReLU backward in training: {@code δ ← δ ⊙ mask · (out > 0 ? 1 : r)}. */
    public static void rreluBackward(float[] delta, float[] out, float[] slopes, float[] mask, int count) {
        for (int k = 0; k < count; k++) {
            float d = mask == null ? delta[k] : delta[k] * mask[k];
            delta[k] = out[k] > 0f ? d : d * slopes[k];
        }
    }
}
