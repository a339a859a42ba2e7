package dev.kiln.runtime.kernels;

/** Scalar twin of {@link VectorResiduals}; one float addition per element, so the two agree exactly. */
public final class ScalarResiduals {

    private ScalarResiduals() {}

    /** Same contract as {@link Residuals#add}. */
    public static void add(float[] a, float[] b, float[] out, int count) {
        add(a, b, out, 0, count);
    }

    static void add(float[] a, float[] b, float[] out, int from, int count) {
        for (int i = from; i < count; i++) {
            out[i] = a[i] + b[i];
        }
    }

    /** Same contract as {@link Residuals#addInto}. */
    public static void addInto(float[] target, float[] source, int count) {
        add(target, source, target, 0, count);
    }
}
