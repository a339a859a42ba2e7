package dev.kiln.runtime.kernels;

/** The scalar twin of {@link VectorTranspose}, and the transpose used when the Vector API is not loaded. */
final class ScalarTranspose {

    private static final int BLOCK = 32;

    private ScalarTranspose() {}

    /**
     * Writes rows {@code [from, to)} of the transpose's source: {@code dst[j][i] = src[i][j]} for those {@code i},
     * with {@code src} rows × cols at {@code srcOff} and {@code dst} cols × rows at {@code dstOff}.
     */
    static void transpose(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff, int from, int to) {
        // Blocked so that both the reads and the writes stay within a few cache lines per block.
        for (int i0 = from; i0 < to; i0 += BLOCK) {
            int i1 = Math.min(to, i0 + BLOCK);
            for (int j0 = 0; j0 < cols; j0 += BLOCK) {
                int j1 = Math.min(cols, j0 + BLOCK);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        dst[dstOff + j * rows + i] = src[srcOff + i * cols + j];
                    }
                }
            }
        }
    }
}
