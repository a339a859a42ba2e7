package dev.kiln.runtime.train;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A copy of a model's whole training state: parameters, state tensors (optimizer moments, BatchNorm running
 * statistics) and scalars (step count, dropout generator). {@code fit} keeps one for the start of each epoch,
 * to put back when training diverges (a forward pass updates running statistics before the loss shows a NaN),
 * and one for early stopping's best epoch, so restored weights and their running statistics belong together.
 * The best-epoch copy leaves the optimizer out, as Keras's {@code restore_best_weights} does. The arrays are
 * allocated once; {@link #take} copies into them.
 */
final class StateSnapshot {

    private final TrainableNetwork net;
    private final float[][] store;
    private final boolean optimizer;
    private final Map<String, String> scalars = new HashMap<>();

    /** A snapshot of everything, or without the optimizer's tensors and scalars. */
    StateSnapshot(TrainableNetwork net, boolean optimizer) {
        this.net = net;
        this.optimizer = optimizer;
        List<Parameter> params = net.parameters();
        List<Tensor> state = state();
        store = new float[params.size() + state.size()][];
        for (int i = 0; i < params.size(); i++) {
            store[i] = new float[params.get(i).size()];
        }
        for (int i = 0; i < state.size(); i++) {
            store[params.size() + i] = new float[state.get(i).size()];
        }
    }

    void take() {
        List<Parameter> params = net.parameters();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            System.arraycopy(p.values(), p.offset(), store[i], 0, p.size());
        }
        List<Tensor> state = state();
        for (int i = 0; i < state.size(); i++) {
            Tensor t = state.get(i);
            System.arraycopy(t.values(), t.offset(), store[params.size() + i], 0, t.size());
        }
        if (optimizer) {
            scalars.clear();
            net.saveScalars(scalars);
        }
    }

    void restore() {
        List<Parameter> params = net.parameters();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            System.arraycopy(store[i], 0, p.values(), p.offset(), p.size());
        }
        List<Tensor> state = state();
        for (int i = 0; i < state.size(); i++) {
            Tensor t = state.get(i);
            System.arraycopy(store[params.size() + i], 0, t.values(), t.offset(), t.size());
        }
        if (optimizer) {
            net.loadScalars(scalars);
        }
    }

    private List<Tensor> state() {
        List<Tensor> all = net.stateTensors();
        return optimizer ? all : all.stream().filter(t -> !t.name().startsWith("optimizer.")).toList();
    }
}
