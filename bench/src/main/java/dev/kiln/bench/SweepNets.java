package dev.kiln.bench;

import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Dense;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.runtime.Layer;

/**
 * The width sweep's networks: {@code width} inputs, 2 or 4 hidden ReLU layers of {@code width} units, 10 classes,
 * Adam; one class per shape, as Kiln generates code for each (WidthSweep trains them, pytorch_sweep.py the same
 * shapes in PyTorch).
 */
final class SweepNets {

    private SweepNets() {}

    /** 2 hidden layers of 32 units on 32 inputs. */
    @Model(inputs = 32, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
    abstract static class W32D2 {
        @Dense(units = 32, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 32, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
    }

    /** 4 hidden layers of 32 units on 32 inputs. */
    @Model(inputs = 32, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
    abstract static class W32D4 {
        @Dense(units = 32, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 32, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 32, activation = Activation.RELU) Layer hidden3;
        @Dense(units = 32, activation = Activation.RELU) Layer hidden4;
        @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
    }

    /** 2 hidden layers of 64 units on 64 inputs. */
    @Model(inputs = 64, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
    abstract static class W64D2 {
        @Dense(units = 64, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 64, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
    }

    /** 4 hidden layers of 64 units on 64 inputs. */
    @Model(inputs = 64, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
    abstract static class W64D4 {
        @Dense(units = 64, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 64, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 64, activation = Activation.RELU) Layer hidden3;
        @Dense(units = 64, activation = Activation.RELU) Layer hidden4;
        @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
    }

    /** 2 hidden layers of 128 units on 128 inputs. */
    @Model(inputs = 128, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
    abstract static class W128D2 {
        @Dense(units = 128, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 128, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
    }

    /** 4 hidden layers of 128 units on 128 inputs. */
    @Model(inputs = 128, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
    abstract static class W128D4 {
        @Dense(units = 128, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 128, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 128, activation = Activation.RELU) Layer hidden3;
        @Dense(units = 128, activation = Activation.RELU) Layer hidden4;
        @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
    }

    /** 2 hidden layers of 256 units on 256 inputs. */
    @Model(inputs = 256, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
    abstract static class W256D2 {
        @Dense(units = 256, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 256, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
    }

    /** 4 hidden layers of 256 units on 256 inputs. */
    @Model(inputs = 256, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
    abstract static class W256D4 {
        @Dense(units = 256, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 256, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 256, activation = Activation.RELU) Layer hidden3;
        @Dense(units = 256, activation = Activation.RELU) Layer hidden4;
        @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
    }

    /** 2 hidden layers of 512 units on 512 inputs. */
    @Model(inputs = 512, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
    abstract static class W512D2 {
        @Dense(units = 512, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 512, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
    }

    /** 4 hidden layers of 512 units on 512 inputs. */
    @Model(inputs = 512, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
    abstract static class W512D4 {
        @Dense(units = 512, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 512, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 512, activation = Activation.RELU) Layer hidden3;
        @Dense(units = 512, activation = Activation.RELU) Layer hidden4;
        @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
    }

    /** 2 hidden layers of 1024 units on 1024 inputs. */
    @Model(inputs = 1024, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
    abstract static class W1024D2 {
        @Dense(units = 1024, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 1024, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
    }

    /** 4 hidden layers of 1024 units on 1024 inputs. */
    @Model(inputs = 1024, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
    abstract static class W1024D4 {
        @Dense(units = 1024, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 1024, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 1024, activation = Activation.RELU) Layer hidden3;
        @Dense(units = 1024, activation = Activation.RELU) Layer hidden4;
        @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
    }

    /** 2 hidden layers of 2048 units on 2048 inputs. */
    @Model(inputs = 2048, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
    abstract static class W2048D2 {
        @Dense(units = 2048, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 2048, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
    }

    /** 4 hidden layers of 2048 units on 2048 inputs. */
    @Model(inputs = 2048, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
    abstract static class W2048D4 {
        @Dense(units = 2048, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 2048, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 2048, activation = Activation.RELU) Layer hidden3;
        @Dense(units = 2048, activation = Activation.RELU) Layer hidden4;
        @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
    }

    /** 2 hidden layers of 4096 units on 4096 inputs. */
    @Model(inputs = 4096, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
    abstract static class W4096D2 {
        @Dense(units = 4096, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 4096, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
    }

    /** 4 hidden layers of 4096 units on 4096 inputs. */
    @Model(inputs = 4096, loss = Loss.SOFTMAX_CROSS_ENTROPY, seed = 1, maxBatchSize = 512)
    @Optimizer(type = OptimizerType.ADAM, learningRate = 1e-3)
    abstract static class W4096D4 {
        @Dense(units = 4096, activation = Activation.RELU) Layer hidden1;
        @Dense(units = 4096, activation = Activation.RELU) Layer hidden2;
        @Dense(units = 4096, activation = Activation.RELU) Layer hidden3;
        @Dense(units = 4096, activation = Activation.RELU) Layer hidden4;
        @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
    }
}
