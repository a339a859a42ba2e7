package dev.kiln.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A residual (skip) connection: adds the output of an earlier layer to the value at this point of the network,
 * {@code y = x + from} (He et al., 2016). In the backward pass the gradient flows both ways: unchanged to
 * {@code x}, and added to the gradient of {@code from}'s output.
 *
 * <p>Place it inside a block, after its {@link Dense} and before its {@link Dropout}; {@code from} names a layer
 * field of an earlier block whose output the next {@code @Dense} reads (the last layer of its block), with as
 * many units as this block. For example, a block of two layers with a skip around the second:
 *
 * <pre>{@code
 * @Dense(units = 64, activation = Activation.RELU) Layer hidden1;
 * @Dense(units = 64) Layer hidden2;
 * @Residual(from = "hidden1") Layer skip;
 * @Activate(Activation.RELU) Layer act2;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Residual {

    /** The name of the layer field whose output is added. */
    String from();
}
