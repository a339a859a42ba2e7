package dev.kiln.annotations;

/**
 * How a {@link Dense} layer's weights are initialised. Biases always start at zero. Normal variants are
 * untruncated normals. {@code fan_in} is the layer's input width, {@code fan_out} its number of units.
 */
public enum Initializer {
    /** He normal for the ReLU family (ReLU, leaky ReLU, ELU, GELU, SiLU), LeCun normal for SELU, else Glorot uniform. */
    DEFAULT,
    /** All weights 0 (only sensible for a single-layer model). */
    ZEROS,
    /** Glorot (Xavier) uniform: U(-r, r) with {@code r = sqrt(6 / (fan_in + fan_out))}. */
    GLOROT_UNIFORM,
    /** Glorot (Xavier) normal: N(0, σ²) with {@code σ² = 2 / (fan_in + fan_out)}. */
    GLOROT_NORMAL,
    /** He uniform: U(-r, r) with {@code r = sqrt(6 / fan_in)}. */
    HE_UNIFORM,
    /** He normal: N(0, σ²) with {@code σ² = 2 / fan_in}. */
    HE_NORMAL,
    /** LeCun normal: N(0, σ²) with {@code σ² = 1 / fan_in}. */
    LECUN_NORMAL
}
