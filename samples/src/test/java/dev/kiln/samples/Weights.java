package dev.kiln.samples;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.train.KilnModel;

/** Every learnable value of a model, in order: what tests compare to see whether a model changed. */
final class Weights {

    private Weights() {}

    static float[] of(KilnModel model) {
        int count = 0;
        for (Parameter p : model.parameters()) {
            count += p.size();
        }
        float[] all = new float[count];
        int at = 0;
        for (Parameter p : model.parameters()) {
            System.arraycopy(p.values(), p.offset(), all, at, p.size());
            at += p.size();
        }
        return all;
    }
}
