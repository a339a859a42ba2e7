package dev.kiln.runtime.kernels;

/** Scalar twin of {@link VectorEpilogue}, and its tail. */
public final class ScalarEpilogue {

    private ScalarEpilogue() {}

    /** Same contract as {@link Epilogue#forward}. */
    public static void forward(ActivationFunction f, float alpha, float[] z, int rows, int cols,
                               float[] bias, int biasOff, float[] out, float[] mask, float[] dropped) {
        for (int i = 0; i < rows; i++) {
            forwardRow(f, alpha, z, i * cols, 0, cols, bias, biasOff, out, mask, dropped);
        }
    }

    /** Columns {@code [from, to)} of the row starting at {@code row}. */
    static void forwardRow(ActivationFunction f, float alpha, float[] z, int row, int from, int to,
                           float[] bias, int biasOff, float[] out, float[] mask, float[] dropped) {
        for (int j = from; j < to; j++) {
            int k = row + j;
            float v = bias == null ? z[k] : z[k] + bias[biasOff + j];
            z[k] = v;
            float a = f.apply(v, alpha);
            out[k] = a;
            if (mask != null) {
                dropped[k] = a * mask[k];
            }
        }
    }

    /** Same contract as {@link Epilogue#backward}, over elements {@code [from, count)}. */
    public static void backward(ActivationFunction f, float alpha, float[] delta, float[] pre, float[] out,
                                float[] mask, int from, int count) {
        for (int i = from; i < count; i++) {
            float d = f == ActivationFunction.LINEAR ? delta[i]
                    : delta[i] * f.derivative(pre == null ? 0f : pre[i], out[i], alpha);
            delta[i] = mask == null ? d : d * mask[i];
        }
    }
}
