package dev.kiln.spark;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.Tensor;
import dev.kiln.runtime.train.TrainableNetwork;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a replica needs to continue training where the driver's model stands, and all it hands back: the
 * parameters, then the optimizer's moments and the BatchNorm statistics, in the model's own order, and the
 * optimizer's scalars (step count, dropout generator). Plain arrays, so that a round ships a few megabytes and
 * no checksum work.
 *
 * @param values  parameters then state tensors, flattened in order
 * @param scalars what {@link TrainableNetwork#saveScalars} wrote
 */
record ModelState(float[] values, Map<String, String> scalars) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The state of {@code net} now (a copy). */
    static ModelState of(TrainableNetwork net) {
        float[] values = new float[size(net)];
        int at = 0;
        for (Parameter p : net.parameters()) {
            System.arraycopy(p.values(), p.offset(), values, at, p.size());
            at += p.size();
        }
        for (Tensor t : net.stateTensors()) {
            System.arraycopy(t.values(), t.offset(), values, at, t.size());
            at += t.size();
        }
        Map<String, String> scalars = new LinkedHashMap<>();
        net.saveScalars(scalars);
        return new ModelState(values, scalars);
    }

    /** Writes this state into {@code net}, which must have the structure it was read from. */
    void writeTo(TrainableNetwork net) {
        if (values.length != size(net)) {
            throw new IllegalStateException("A replica's state has " + values.length + " values, but "
                    + net.getClass().getSimpleName() + " has " + size(net) + "; the driver and the executors run"
                    + " different versions of the model class. Ship the same jar to both.");
        }
        net.loadScalars(scalars);
        int at = 0;
        for (Parameter p : net.parameters()) {
            System.arraycopy(values, at, p.values(), p.offset(), p.size());
            at += p.size();
        }
        for (Tensor t : net.stateTensors()) {
            System.arraycopy(values, at, t.values(), t.offset(), t.size());
            at += t.size();
        }
    }

    /**
     * The mean of the replicas' states, summed in the order given (replica 0 first) in double and rounded once,
     * so that the result depends on nothing but the states; one state is returned to the bit. The scalars are
     * replica 0's: its step count and dropout generator go on, as one model's would.
     */
    static ModelState average(List<ModelState> states) {
        if (states.size() == 1) {
            return states.get(0);
        }
        int n = states.get(0).values.length;
        double[] sum = new double[n];
        for (ModelState s : states) {
            if (s.values.length != n) {
                throw new IllegalStateException("Replicas returned states of different sizes (" + n + " and "
                        + s.values.length + "); the executors run different versions of the model class.");
            }
            for (int i = 0; i < n; i++) {
                sum[i] += s.values[i];
            }
        }
        float[] mean = new float[n];
        for (int i = 0; i < n; i++) {
            mean[i] = (float) (sum[i] / states.size());
        }
        return new ModelState(mean, states.get(0).scalars);
    }

    private static int size(TrainableNetwork net) {
        long n = 0;
        for (Parameter p : net.parameters()) {
            n += p.size();
        }
        for (Tensor t : net.stateTensors()) {
            n += t.size();
        }
        return Math.toIntExact(n);
    }
}
