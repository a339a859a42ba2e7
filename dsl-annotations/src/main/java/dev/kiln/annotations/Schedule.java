package dev.kiln.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The learning-rate schedule a {@link Model} trains with by default; without it the rate is constant.
 * {@code FitOptions.withSchedule} overrides it for one {@code fit} call without recompiling. Attributes
 * that the chosen type does not use are compile errors.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Schedule {

    /** Which schedule. */
    ScheduleType type();

    /** Decay rate k ≥ 0 of INVERSE and EXPONENTIAL. */
    double k() default Double.NaN;

    /** Factor in (0, 1] of STEP. */
    double factor() default Double.NaN;

    /** Epochs between STEP decays, at least 1. */
    int every() default 0;

    /** Length of the COSINE decay in epochs (or steps with {@code perStep}), at least 1. */
    int period() default 0;

    /** Final rate η_min ≥ 0 of COSINE. Default 0. */
    double minRate() default 0;

    /** Whether δ counts optimizer steps (true) or epochs (false, the default). STEP is per epoch only. */
    boolean perStep() default false;
}
