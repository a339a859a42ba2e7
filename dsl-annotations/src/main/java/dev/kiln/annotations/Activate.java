package dev.kiln.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An activation as a layer of its own, so that a {@link BatchNorm} can sit between a {@link Dense} layer
 * (with linear activation) and its activation: {@code @Dense(units = 256) @BatchNorm @Activate(RELU)}.
 * Equivalent to setting the activation on the dense layer when nothing stands between them.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Activate {

    /** The activation; SOFTMAX is only allowed on the output {@link Dense} layer. */
    Activation value();

    /** The activation's parameter, as {@link Dense#alpha()}. */
    double alpha() default Double.NaN;
}
