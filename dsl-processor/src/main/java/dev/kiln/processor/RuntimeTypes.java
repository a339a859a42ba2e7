package dev.kiln.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/** The runtime types generated code refers to, named once for all writers. */
final class RuntimeTypes {

    private RuntimeTypes() {}

    private static final String RUNTIME = "dev.kiln.runtime";
    private static final String KERNELS = "dev.kiln.runtime.kernels";
    private static final String TRAIN = "dev.kiln.runtime.train";

    static final ClassName GEMM = ClassName.get(KERNELS, "Gemm");
    static final ClassName EPILOGUE = ClassName.get(KERNELS, "Epilogue");
    static final ClassName ACTIVATION = ClassName.get(KERNELS, "ActivationFunction");
    static final ClassName BATCH_NORM = ClassName.get(KERNELS, "BatchNormKernels");
    static final ClassName LAYER_NORM = ClassName.get(KERNELS, "LayerNormKernels");
    static final ClassName RESIDUALS = ClassName.get(KERNELS, "Residuals");
    static final ClassName PARAMETRIC = ClassName.get(KERNELS, "ParametricActivations");
    static final ClassName REDUCTIONS = ClassName.get(KERNELS, "Reductions");
    static final ClassName UPDATES = ClassName.get(KERNELS, "Updates");
    static final ClassName LOSSES = ClassName.get(KERNELS, "Losses");
    static final ClassName MASKS = ClassName.get(KERNELS, "DropoutMasks");
    static final ClassName CLIPPING = ClassName.get(KERNELS, "Clipping");
    static final ClassName CHECKS = ClassName.get(KERNELS, "Checks");
    static final ClassName PENALTIES = ClassName.get(KERNELS, "Penalties");
    static final ClassName RNG = ClassName.get(RUNTIME, "Rng");
    static final ClassName TENSOR = ClassName.get(RUNTIME, "Tensor");
    static final ClassName CHECKPOINT = ClassName.get(RUNTIME + ".io", "Checkpoint");
    static final ClassName PROGRESS = ClassName.get(TRAIN, "TrainingProgress");
    static final TypeName TENSOR_LIST = ParameterizedTypeName.get(ClassName.get(List.class), TENSOR);
    static final TypeName STRING_MAP = ParameterizedTypeName.get(ClassName.get(java.util.Map.class),
            ClassName.get(String.class), ClassName.get(String.class));
    static final ClassName INITIALIZERS = ClassName.get(RUNTIME, "Initializers");
    static final ClassName PARAMETER = ClassName.get(RUNTIME, "Parameter");
    static final ClassName LAYER = ClassName.get(RUNTIME, "Layer");
    static final ClassName DENSE_LAYER = ClassName.get(RUNTIME, "DenseLayer");
    static final ClassName DROPOUT_LAYER = ClassName.get(RUNTIME, "DropoutLayer");
    static final ClassName BATCH_NORM_LAYER = ClassName.get(RUNTIME, "BatchNormLayer");
    static final ClassName LAYER_NORM_LAYER = ClassName.get(RUNTIME, "LayerNormLayer");
    static final ClassName RESIDUAL_LAYER = ClassName.get(RUNTIME, "ResidualLayer");
    static final ClassName ACTIVATION_LAYER = ClassName.get(RUNTIME, "ActivationLayer");
    static final ClassName SUMMARY = ClassName.get(RUNTIME, "Summary");
    static final ClassName TRAINER = ClassName.get(TRAIN, "Trainer");
    static final ClassName GENERATED_MODEL = ClassName.get(RUNTIME + ".model", "GeneratedModel");
    static final ClassName PREDICTOR = ClassName.get(TRAIN, "Predictor");
    static final ClassName TASK = ClassName.get(TRAIN, "Task");
    static final ClassName PASS = ClassName.get(TRAIN, "Pass");
    static final ClassName SCHEDULE = ClassName.get(TRAIN, "LearningRateSchedule");
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
    static final TypeName FLOATS = TypeName.get(float[].class);
    static final TypeName INTS = TypeName.get(int[].class);
    static final TypeName PARAMETER_LIST = ParameterizedTypeName.get(ClassName.get(List.class), PARAMETER);
    static final TypeName LAYER_LIST = ParameterizedTypeName.get(ClassName.get(List.class), LAYER);

    /** A float literal for generated code, e.g. {@code 0.01f}. */
    static String floatLiteral(double v) {
        return Float.toString((float) v) + "f";
    }

    /** A double literal for generated code. */
    static String doubleLiteral(double v) {
        return Double.toString(v);
    }
}
