package dev.kiln.processor;

import dev.kiln.annotations.ScheduleType;

/**
 * A {@code @Schedule}.
 *
 * @param type    schedule
 * @param site    declaration
 * @param k       decay rate (INVERSE, EXPONENTIAL)
 * @param factor  factor (STEP)
 * @param every   epochs between decays (STEP)
 * @param period  length (COSINE)
 * @param minRate final rate (COSINE)
 * @param perStep whether the clock counts steps
 */
record ScheduleDescription(ScheduleType type, Site site, double k, double factor, int every, int period,
                           double minRate, boolean perStep) {}
