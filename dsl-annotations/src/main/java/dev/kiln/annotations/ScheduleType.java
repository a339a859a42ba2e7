package dev.kiln.annotations;

/** Learning-rate schedules of {@link Schedule}; δ counts epochs, or steps with {@code perStep = true}. */
public enum ScheduleType {
    /** η = η₀. */
    CONSTANT,
    /** η = η₀ / (1 + k·δ). */
    INVERSE,
    /** η = η₀ · e^(−k·δ). */
    EXPONENTIAL,
    /** η = η₀ · factor^⌊epoch / every⌋ (per epoch only). */
    STEP,
    /** η = η_min + ½(η₀ − η_min)(1 + cos(π·δ/period)), then η_min. */
    COSINE
}
