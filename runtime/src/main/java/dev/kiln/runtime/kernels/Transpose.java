package dev.kiln.runtime.kernels;

/**
 * Transposes a row-major matrix. Used once per training step to give the backward pass a row-major
 * {@code Wᵀ}, so that {@code Δ·Wᵀ} runs on the same register-tiled product as everything else; its cost is
 * one pass over the weights, against a product that passes over them batch-size times.
 */
public final class Transpose {

    private static final int BLOCK = 32;

    private Transpose() {}

    /** Writes the transpose of {@code src} (rows × cols, at {@code srcOff}) into {@code dst} (cols × rows). */
    public static void transpose(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
        // Blocked so that both the reads and the writes stay within a few cache lines per block.
        for (int i0 = 0; i0 < rows; i0 += BLOCK) {
            int i1 = Math.min(rows, i0 + BLOCK);
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
