package dev.kiln.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Dropout on the output of the layer declared just before it; by default inverted dropout, or the
 * Gaussian and alpha variants of {@link #type()}. In training each unit is dropped
 * (set to 0) with probability {@link #rate()} and kept units are scaled by {@code 1 / (1 - rate)}, so the
 * expected activation is unchanged; at inference the layer is the identity. Masks come from the model's
 * seeded generator. Dropout may not follow the output layer.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Dropout {

    /** Probability of dropping a unit, in [0, 1) (the Keras and PyTorch meaning). */
    double rate();

    /** Which dropout. Default {@link DropoutType#STANDARD}. */
    DropoutType type() default DropoutType.STANDARD;
}
