package dev.kiln.samples;

import dev.kiln.runtime.Parameter;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Child process of {@link AtomicSaveTest}: saves the Fashion-MNIST model to one path over and over, with every
 * parameter set to 1 and then to 2 in turn, until it is killed.
 */
public final class SaveLoop {

    private SaveLoop() {}

    /** Arguments: the checkpoint path. */
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        FashionMlpModel model = new FashionMlpModel();
        for (long i = 0; ; i++) {
            float value = 1 + (i & 1);
            for (Parameter p : model.parameters()) {
                Arrays.fill(p.values(), p.offset(), p.offset() + p.size(), value);
            }
            model.save(path);
            if (i == 0) {
                System.out.println("saved");
                System.out.flush();
            }
        }
    }
}
