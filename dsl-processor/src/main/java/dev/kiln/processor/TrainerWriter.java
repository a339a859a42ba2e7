package dev.kiln.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.processor.NetworkPlan.Stage;
import dev.kiln.processor.model.DenseDescription;
import dev.kiln.processor.model.DropoutDescription;
import dev.kiln.processor.model.LayerDescription;
import dev.kiln.processor.model.ModelDescription;
import dev.kiln.processor.model.OptimizerDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * Emits the trainer class for a valid model: constants, buffers allocated once, and one method per pass
 * (forward, loss, backward, update) that walks the layers in order with a comment naming each. Heavy work
 * is delegated to runtime kernels; this class only decides which kernel runs on which buffer.
 */
final class TrainerWriter {

    private static final String RUNTIME = "dev.kiln.runtime";
    private static final String KERNELS = "dev.kiln.runtime.kernels";
    private static final String TRAIN = "dev.kiln.runtime.train";
    private static final ClassName GEMM = ClassName.get(KERNELS, "Gemm");
    private static final ClassName EPILOGUE = ClassName.get(KERNELS, "Epilogue");
    private static final ClassName ACTIVATION = ClassName.get(KERNELS, "ActivationFunction");
    private static final ClassName REDUCTIONS = ClassName.get(KERNELS, "Reductions");
    private static final ClassName TRANSPOSE = ClassName.get(KERNELS, "Transpose");
    private static final ClassName UPDATES = ClassName.get(KERNELS, "Updates");
    private static final ClassName LOSSES = ClassName.get(KERNELS, "Losses");
    private static final ClassName MASKS = ClassName.get(KERNELS, "DropoutMasks");
    private static final ClassName RNG = ClassName.get(RUNTIME, "Rng");
    private static final ClassName INITIALIZERS = ClassName.get(RUNTIME, "Initializers");
    private static final ClassName PARAMETER = ClassName.get(RUNTIME, "Parameter");
    private static final ClassName LAYER = ClassName.get(RUNTIME, "Layer");
    private static final ClassName DENSE_LAYER = ClassName.get(RUNTIME, "DenseLayer");
    private static final ClassName DROPOUT_LAYER = ClassName.get(RUNTIME, "DropoutLayer");
    private static final ClassName SUMMARY = ClassName.get(RUNTIME, "Summary");
    private static final ClassName DATASET = ClassName.get(RUNTIME + ".data", "Dataset");
    private static final ClassName TRAINER = ClassName.get(TRAIN, "Trainer");
    private static final ClassName NETWORK = ClassName.get(TRAIN, "TrainableNetwork");
    private static final ClassName TASK = ClassName.get(TRAIN, "Task");
    private static final ClassName FIT_OPTIONS = ClassName.get(TRAIN, "FitOptions");
    private static final ClassName SCHEDULE = ClassName.get(TRAIN, "LearningRateSchedule");
    private static final ClassName CLIPPING = ClassName.get(KERNELS, "Clipping");
    private static final ClassName PENALTIES = ClassName.get(KERNELS, "Penalties");
    private static final ClassName HISTORY = ClassName.get(TRAIN, "History");
    private static final ClassName EVALUATION = ClassName.get(TRAIN, "Evaluation");
    private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
    private static final TypeName FLOATS = TypeName.get(float[].class);
    private static final TypeName INTS = TypeName.get(int[].class);

    /** Stream ids for {@code Rng.derive}: independent generators for initialisation and dropout. */
    private static final int INIT_STREAM = 0;
    private static final int DROPOUT_STREAM = 2;

    private final NetworkPlan plan;
    private final ModelDescription model;
    private final OptimizerDescription optimizer;

    TrainerWriter(ModelDescription model) {
        this.model = model;
        this.plan = new NetworkPlan(model);
        this.optimizer = model.optimizer();
    }

    JavaFile write() {
        ClassName self = ClassName.get(model.packageName(), model.generatedName());
        ClassName base = ClassName.get(model.packageName(), model.className());
        TypeSpec.Builder type = TypeSpec.classBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(base)
                .addSuperinterface(NETWORK)
                .addAnnotation(com.palantir.javapoet.AnnotationSpec.builder(GENERATED)
                        .addMember("value", "$S", ModelProcessor.class.getName()).build())
                .addJavadoc(classJavadoc())
                .addOriginatingElement(model.site().element());
        addConstants(type);
        addBuffers(type);
        type.addMethod(MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Builds the model for batches of up to $L rows ({@code @Model(maxBatchSize)}), with its"
                        + " weights initialised from seed $L.\n", model.maxBatchSize(), model.seed())
                .addStatement("this($L)", model.maxBatchSize())
                .build());
        type.addMethod(constructor());
        addPublicApi(type, self);
        addNetworkMethods(type);
        type.addMethod(forward());
        type.addMethod(outputLoss());
        if (plan.penalized()) {
            type.addMethod(penalty());
        }
        type.addMethod(backward());
        type.addMethod(update());
        if (!Double.isNaN(optimizer.clipNorm())) {
            type.addMethod(clipNormHelper());
        }
        return JavaFile.builder(model.packageName(), type.build())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    // ---------------------------------------------------------------- class outline

    private CodeBlock classJavadoc() {
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("Trainer generated by Kiln for {@link $L}, specialised to this network:\n\n<pre>\n",
                        model.className())
                .add("input     $L features\n", model.inputs());
        for (LayerDescription layer : model.layers()) {
            doc.add("$L $L\n", pad(layer.name()), describe(layer));
        }
        doc.add("</pre>\n\nLoss $L; optimizer $L.\n\n", model.loss().name().toLowerCase(Locale.ROOT),
                describe(optimizer));
        doc.add("<p>Not thread-safe: the model owns one set of buffers, so use an instance from one thread at a"
                + " time (or one instance per thread).\n");
        return doc.build();
    }

    private static String pad(String name) {
        return name.length() >= 9 ? name : name + " ".repeat(9 - name.length());
    }

    private void addConstants(TypeSpec.Builder type) {
        type.addField(publicConstant(int.class, "INPUTS", "Input features per row.",
                String.valueOf(model.inputs())));
        type.addField(publicConstant(int.class, "OUTPUTS", "Output units.",
                String.valueOf(plan.output().dense().units())));
        type.addField(privateConstant(long.class, "SEED", model.seed() + "L"));
        for (Stage s : plan.stages()) {
            if (s == plan.output()) {
                type.addField(privateConstant(int.class, s.units(), "OUTPUTS"));
            } else {
                type.addField(privateConstant(int.class, s.units(), String.valueOf(s.dense().units())));
            }
            if (s.dense().takesAlpha()) {
                type.addField(privateConstant(float.class, s.alpha(), floatLiteral(s.dense().effectiveAlpha())));
            }
            String prefix = NetworkPlan.constant(s.name());
            if (s.dense().penalized()) {
                type.addField(privateConstant(float.class, prefix + "_L1", floatLiteral(s.dense().l1())));
                type.addField(privateConstant(float.class, prefix + "_L2", floatLiteral(s.dense().l2())));
            }
            if (!Double.isNaN(s.dense().maxNorm())) {
                type.addField(privateConstant(float.class, prefix + "_MAX_NORM", floatLiteral(s.dense().maxNorm())));
            }
            if (s.dropout() != null) {
                type.addField(privateConstant(float.class, s.rate(), floatLiteral(s.dropout().rate())));
            }
        }
        // Doubles where PyTorch computes with them in double: the step-dependent scalars.
        type.addField(privateConstant(double.class, "LEARNING_RATE", doubleLiteral(optimizer.learningRate())));
        var used = OptimizerCatalog.attributes(optimizer.type());
        if (used.contains("momentum")) {
            type.addField(privateConstant(float.class, "MOMENTUM", floatLiteral(optimizer.momentum())));
        }
        if (used.contains("beta1")) {
            type.addField(privateConstant(double.class, "BETA1", doubleLiteral(optimizer.beta1())));
            type.addField(privateConstant(double.class, "BETA2", doubleLiteral(optimizer.beta2())));
        }
        if (used.contains("rho")) {
            type.addField(privateConstant(float.class, "RHO", floatLiteral(optimizer.rho())));
        }
        if (used.contains("epsilon")) {
            type.addField(privateConstant(float.class, "EPSILON", floatLiteral(optimizer.epsilon())));
        }
        if (optimizer.weightDecay() > 0) {
            type.addField(privateConstant(double.class, "WEIGHT_DECAY", doubleLiteral(optimizer.weightDecay())));
        }
    }

    private static FieldSpec publicConstant(Class<?> t, String name, String doc, String value) {
        return FieldSpec.builder(t, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("$L\n", doc).initializer("$L", value).build();
    }

    private static FieldSpec privateConstant(Class<?> t, String name, String value) {
        return FieldSpec.builder(t, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L", value).build();
    }

    private void addBuffers(TypeSpec.Builder type) {
        type.addField(FieldSpec.builder(int.class, "maxBatchSize", Modifier.PRIVATE, Modifier.FINAL).build());
        if (model.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            type.addField(FieldSpec.builder(FLOATS, "NO_TARGETS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("This model trains on class labels, not float targets.\n")
                    .initializer("{}").build());
        } else {
            type.addField(FieldSpec.builder(INTS, "NO_LABELS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("This model trains on float targets, not class labels.\n")
                    .initializer("{}").build());
        }
        type.addField(buffer(FLOATS, "input", "input rows of the current batch"));
        if (model.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            type.addField(buffer(INTS, "labels", "class labels of the current batch"));
        } else {
            type.addField(buffer(FLOATS, "targets", "targets of the current batch"));
        }
        for (Stage s : plan.stages()) {
            String size = s.weightCount() + (s.dense().bias() ? " + " + s.units() : "");
            type.addField(FieldSpec.builder(FLOATS, s.params(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("$L: weights ($L × $L, row-major)$L.\n", s.name(), s.inWidth(), s.units(),
                            s.dense().bias() ? " followed by the bias" : "")
                    .initializer("new float[$L]", size).build());
            type.addField(FieldSpec.builder(FLOATS, s.grads(), Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("new float[$L]", size).build());
            for (String suffix : OptimizerCatalog.stateBuffers(optimizer.type())) {
                type.addField(FieldSpec.builder(FLOATS, s.name() + suffix, Modifier.PRIVATE, Modifier.FINAL)
                        .initializer("new float[$L]", size).build());
            }
            if (!Double.isNaN(s.dense().maxNorm())) {
                type.addField(FieldSpec.builder(FLOATS, s.norms(), Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("Scratch for $L's max-norm constraint: one factor per unit.\n", s.name())
                        .initializer("new float[$L]", s.units()).build());
            }
            if (s.previous() != null) {
                type.addField(FieldSpec.builder(FLOATS, s.weightsT(), Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("$L's weights transposed, for the backward product δ·Wᵀ.\n", s.name())
                        .initializer("new float[$L]", s.weightCount()).build());
            }
            if (plan.keepsPre(s)) {
                type.addField(buffer(FLOATS, s.pre(), s.name() + "'s pre-activation x·W + b"));
            }
            type.addField(buffer(FLOATS, s.out(), s.name() + "'s activations"));
            type.addField(buffer(FLOATS, s.delta(), "gradient of the loss with respect to " + s.name()
                    + "'s pre-activation"));
            if (s.dropout() != null) {
                type.addField(FieldSpec.builder(float.class, s.rateField(), Modifier.PRIVATE)
                        .addJavadoc("$L's drop probability; starts at the annotation's, {@code fit} may override it.\n",
                                s.dropout().name())
                        .initializer("$L", s.rate()).build());
                type.addField(buffer(FLOATS, s.mask(), s.dropout().name() + "'s mask: 0 or 1/(1-rate)"));
                type.addField(buffer(FLOATS, s.dropped(), s.dropout().name() + "'s output in training"));
            }
        }
        type.addField(FieldSpec.builder(RNG, "dropoutRng", Modifier.PRIVATE, Modifier.FINAL)
                .initializer("$T.derive(SEED, $L)", RNG, DROPOUT_STREAM).build());
        type.addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(List.class), PARAMETER), "parameters",
                Modifier.PRIVATE, Modifier.FINAL).build());
        type.addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(List.class), LAYER), "layers",
                Modifier.PRIVATE, Modifier.FINAL).build());
        if (model.loss() != Loss.MEAN_SQUARED_ERROR) {
            type.addField(FieldSpec.builder(FLOATS, "classWeights", Modifier.PRIVATE)
                    .addJavadoc("Per-class weights of the training loss during a fit, or null.\n").build());
        }
        type.addField(FieldSpec.builder(double.class, "learningRate", Modifier.PRIVATE)
                .initializer("LEARNING_RATE").build());
        type.addField(FieldSpec.builder(long.class, "step", Modifier.PRIVATE)
                .addJavadoc("Optimizer steps taken so far.\n").build());
        if (optimizer.type() == OptimizerType.NADAM) {
            type.addField(FieldSpec.builder(double.class, "muProduct", Modifier.PRIVATE)
                    .addJavadoc("Nadam's product of the momentum schedule μ_1 ⋯ μ_t.\n").initializer("1.0").build());
        }
    }

    private static FieldSpec buffer(TypeName t, String name, String doc) {
        return FieldSpec.builder(t, name, Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Per batch row: $L.\n", doc).build();
    }

    private MethodSpec constructor() {
        MethodSpec.Builder m = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Builds the model with buffers for batches of up to {@code maxBatchSize} rows.\n\n"
                        + "@param maxBatchSize the largest batch {@code fit}, {@code evaluate} and {@code predict}"
                        + " pass at once\n")
                .addParameter(int.class, "maxBatchSize")
                .beginControlFlow("if (maxBatchSize < 1)")
                .addStatement("throw new $T($S + maxBatchSize + $S)", IllegalArgumentException.class,
                        "maxBatchSize must be at least 1, but was ", ".")
                .endControlFlow()
                .addStatement("this.maxBatchSize = maxBatchSize")
                .addStatement("this.input = new float[maxBatchSize * INPUTS]");
        if (model.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            m.addStatement("this.labels = new int[maxBatchSize]");
        } else {
            m.addStatement("this.targets = new float[maxBatchSize * OUTPUTS]");
        }
        for (Stage s : plan.stages()) {
            if (plan.keepsPre(s)) {
                m.addStatement("this.$N = new float[maxBatchSize * $L]", s.pre(), s.units());
            }
            m.addStatement("this.$N = new float[maxBatchSize * $L]", s.out(), s.units());
            m.addStatement("this.$N = new float[maxBatchSize * $L]", s.delta(), s.units());
            if (s.dropout() != null) {
                m.addStatement("this.$N = new float[maxBatchSize * $L]", s.mask(), s.units());
                m.addStatement("this.$N = new float[maxBatchSize * $L]", s.dropped(), s.units());
            }
        }
        m.addComment("Weights drawn layer by layer from one seeded stream; biases start at zero.");
        m.addStatement("$T init = $T.derive(SEED, $L)", RNG, RNG, INIT_STREAM);
        for (Stage s : plan.stages()) {
            String method = switch (s.dense().effectiveInitializer()) {
                case ZEROS -> null;
                case GLOROT_UNIFORM -> "glorotUniform";
                case GLOROT_NORMAL -> "glorotNormal";
                case HE_UNIFORM -> "heUniform";
                case HE_NORMAL -> "heNormal";
                case LECUN_NORMAL -> "lecunNormal";
                case DEFAULT -> throw new IllegalStateException("DEFAULT is resolved by effectiveInitializer");
            };
            if (method != null) {
                m.addStatement("$T.$L(init, $N, 0, $L, $L, $L)", INITIALIZERS, method, s.params(), s.weightCount(),
                        s.inWidth(), s.units());
            }
        }
        m.addComment("Views of each layer for the model class's fields.");
        List<CodeBlock> params = new ArrayList<>();
        for (LayerDescription layer : model.layers()) {
            Stage s = stageOf(layer);
            switch (layer) {
                case DenseDescription d -> {
                    CodeBlock weights = CodeBlock.of("new $T($S, $L, $L, $N, $N, 0)", PARAMETER, d.name() + ".weights",
                            s.inWidth(), s.units(), s.params(), s.grads());
                    CodeBlock bias = d.bias()
                            ? CodeBlock.of("new $T($S, 1, $L, $N, $N, $L)", PARAMETER, d.name() + ".bias", s.units(),
                                    s.params(), s.grads(), s.weightCount())
                            : CodeBlock.of("null");
                    m.addStatement("$T $L = new $T($S, $S, $L, $L, $L, $L)", DENSE_LAYER, localView(d), DENSE_LAYER,
                            d.name(), describe(d), s.inWidth(), s.units(), weights, bias);
                    m.addStatement("super.$N = $L", d.name(), localView(d));
                    params.add(CodeBlock.of("$L.weights()", localView(d)));
                    if (d.bias()) {
                        params.add(CodeBlock.of("$L.bias()", localView(d)));
                    }
                }
                case DropoutDescription d -> m.addStatement("super.$N = new $T($S, $S, $L, $L)", d.name(), DROPOUT_LAYER,
                        d.name(), describe(d), s.units(), s.rate());
            }
        }
        m.addStatement("this.parameters = $T.of($L)", List.class, CodeBlock.join(params, ", "));
        List<CodeBlock> layers = new ArrayList<>();
        for (LayerDescription l : model.layers()) {
            layers.add(CodeBlock.of("super.$N", l.name()));
        }
        m.addStatement("this.layers = $T.<$T>of($L)", List.class, LAYER, CodeBlock.join(layers, ", "));
        return m.build();
    }

    private static String localView(DenseDescription d) {
        return d.name() + "View";
    }

    /** The stage a layer belongs to: a dense layer's own, or the one a dropout follows. */
    private Stage stageOf(LayerDescription layer) {
        for (Stage s : plan.stages()) {
            if (s.dense() == layer || s.dropout() == layer) {
                return s;
            }
        }
        throw new IllegalStateException("layer " + layer.name() + " belongs to no stage");
    }

    // ---------------------------------------------------------------- public API

    private void addPublicApi(TypeSpec.Builder type, ClassName self) {
        type.addMethod(MethodSpec.methodBuilder("fit").addModifiers(Modifier.PUBLIC)
                .addJavadoc("Trains on {@code train}; see {@link $T} for epochs, batch size, shuffling and"
                        + " validation.\n\n@param train training data\n@param options settings of this run\n"
                        + "@return per-epoch loss and metrics\n", FIT_OPTIONS)
                .returns(HISTORY).addParameter(DATASET, "train").addParameter(FIT_OPTIONS, "options")
                .addStatement("return $T.fit(this, train, options)", TRAINER).build());
        type.addMethod(MethodSpec.methodBuilder("fit").addModifiers(Modifier.PUBLIC)
                .addJavadoc("Trains on {@code train} with {@link $T#defaults()}.\n\n@param train training data\n"
                        + "@return per-epoch loss and metrics\n", FIT_OPTIONS)
                .returns(HISTORY).addParameter(DATASET, "train")
                .addStatement("return fit(train, $T.defaults())", FIT_OPTIONS).build());
        type.addMethod(MethodSpec.methodBuilder("evaluate").addModifiers(Modifier.PUBLIC)
                .addJavadoc("Mean loss and $L on {@code data}, in inference mode.\n\n@param data the data\n"
                        + "@return loss and metric\n", taskName().equals("REGRESSION") ? "mean absolute error"
                        : "accuracy")
                .returns(EVALUATION).addParameter(DATASET, "data")
                .addStatement("return $T.evaluate(this, data)", TRAINER).build());
        type.addMethod(MethodSpec.methodBuilder("predict").addModifiers(Modifier.PUBLIC)
                .addJavadoc("The network's output for one row of {@code INPUTS} features$L.\n\n"
                        + "@param features one input row\n@return {@code OUTPUTS} values\n", outputMeaning())
                .returns(FLOATS).addParameter(FLOATS, "features")
                .addStatement("return $T.predict(this, features, 1)", TRAINER).build());
        type.addMethod(MethodSpec.methodBuilder("predict").addModifiers(Modifier.PUBLIC)
                .addJavadoc("The network's output for each row$L.\n\n@param rows input rows of {@code INPUTS}"
                        + " features\n@return one array of {@code OUTPUTS} values per row\n", outputMeaning())
                .returns(float[][].class).addParameter(float[][].class, "rows")
                .addStatement("return $T.predict(this, rows)", TRAINER).build());
        if (model.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            type.addMethod(MethodSpec.methodBuilder("predictClass").addModifiers(Modifier.PUBLIC)
                    .addJavadoc("The most probable class for one row.\n\n@param features one input row\n"
                            + "@return class index in [0, OUTPUTS)\n")
                    .returns(int.class).addParameter(FLOATS, "features")
                    .addStatement("return $T.argmax(predict(features), 0, OUTPUTS)",
                            ClassName.get(KERNELS, "Metrics")).build());
        }
        type.addMethod(MethodSpec.methodBuilder("computeGradients").addModifiers(Modifier.PUBLIC)
                .addJavadoc("Computes the gradient of the mean loss over {@code batch} at the current weights"
                        + " without updating them (dropout off); read it from {@link #parameters()}.\n\n"
                        + "@param batch at most the maximum batch size of rows\n@return the mean loss\n")
                .returns(double.class).addParameter(DATASET, "batch")
                .addStatement("return $T.computeGradients(this, batch)", TRAINER).build());
        type.addMethod(MethodSpec.methodBuilder("summary").addModifiers(Modifier.PUBLIC)
                .addJavadoc("A table of the layers with output shapes and parameter counts.\n\n@return the table\n")
                .returns(String.class)
                .addStatement("return $T.format($S, INPUTS, layers)", SUMMARY, model.className())
                .build());
    }

    private String outputMeaning() {
        return switch (model.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> ": class probabilities (softmax)";
            case BINARY_CROSS_ENTROPY -> ": probabilities (sigmoid)";
            case MEAN_SQUARED_ERROR -> "";
        };
    }

    private String taskName() {
        return switch (model.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> "CLASSIFICATION";
            case BINARY_CROSS_ENTROPY -> "BINARY";
            case MEAN_SQUARED_ERROR -> "REGRESSION";
        };
    }

    private void addNetworkMethods(TypeSpec.Builder type) {
        type.addMethod(override("inputWidth", int.class).addStatement("return INPUTS").build());
        type.addMethod(override("outputWidth", int.class).addStatement("return OUTPUTS").build());
        type.addMethod(override("maxBatchSize", int.class).addStatement("return maxBatchSize").build());
        type.addMethod(override("task", TASK).addStatement("return $T.$L", TASK, taskName()).build());
        type.addMethod(override("seed", long.class).addStatement("return SEED").build());
        type.addMethod(override("layers", ParameterizedTypeName.get(ClassName.get(List.class), LAYER))
                .addStatement("return layers").build());
        type.addMethod(override("defaultEpochs", int.class).addStatement("return $L", model.epochs()).build());
        type.addMethod(override("defaultBatchSize", int.class)
                .addStatement("return Math.min($L, maxBatchSize)", model.batchSize()).build());
        type.addMethod(override("defaultLearningRate", double.class).addStatement("return LEARNING_RATE").build());
        type.addMethod(override("defaultSchedule", SCHEDULE).addStatement("return $L", schedule()).build());
        type.addMethod(override("setLearningRate", void.class).addParameter(double.class, "learningRate")
                .addStatement("this.learningRate = learningRate").build());
        type.addMethod(setDropoutRate());
        MethodSpec.Builder weights = override("setClassWeights", void.class).addParameter(FLOATS, "weights");
        if (model.loss() == Loss.MEAN_SQUARED_ERROR) {
            weights.beginControlFlow("if (weights != null)")
                    .addStatement("throw new $T($S)", IllegalArgumentException.class,
                            "Class weights apply to classification losses, not mean squared error.")
                    .endControlFlow();
        } else {
            weights.addStatement("this.classWeights = weights");
        }
        type.addMethod(weights.build());
        type.addMethod(override("inputBuffer", FLOATS).addStatement("return input").build());
        boolean labels = model.loss() == Loss.SOFTMAX_CROSS_ENTROPY;
        type.addMethod(override("labelBuffer", INTS)
                .addStatement(labels ? "return labels" : "return NO_LABELS").build());
        type.addMethod(override("targetBuffer", FLOATS)
                .addStatement(labels ? "return NO_TARGETS" : "return targets").build());
        type.addMethod(override("parameters", ParameterizedTypeName.get(ClassName.get(List.class), PARAMETER))
                .addStatement("return parameters").build());
        type.addMethod(override("outputBuffer", FLOATS).addStatement("return $N", plan.output().out()).build());
        type.addMethod(override("trainStep", double.class).addParameter(int.class, "n")
                .addStatement("forward(n, true)")
                .addStatement("double loss = outputLoss(n, true)")
                .addStatement("backward(n, true)")
                .addStatement("update()")
                .addStatement("return loss").build());
        type.addMethod(override("gradientStep", double.class).addParameter(int.class, "n")
                .addStatement("forward(n, false)")
                .addStatement("double loss = outputLoss(n, true)")
                .addStatement("backward(n, false)")
                .addStatement("return loss").build());
        type.addMethod(override("evaluateStep", double.class).addParameter(int.class, "n")
                .addStatement("forward(n, false)")
                .addStatement("return outputLoss(n, false)").build());
        MethodSpec.Builder predict = override("predictStep", void.class).addParameter(int.class, "n")
                .addStatement("forward(n, false)");
        Stage out = plan.output();
        switch (model.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> predict.addComment("Softmax is fused with the loss in training; apply it here.")
                    .addStatement("$T.softmax($N, n, OUTPUTS)", LOSSES, out.out());
            case BINARY_CROSS_ENTROPY -> predict.addComment("Sigmoid is fused with the loss in training; apply it here.")
                    .addStatement("$T.sigmoid($N, n * OUTPUTS)", LOSSES, out.out());
            case MEAN_SQUARED_ERROR -> { }
        }
        type.addMethod(predict.build());
    }

    private CodeBlock schedule() {
        var s = model.schedule();
        if (s == null) {
            return CodeBlock.of("$T.constant()", SCHEDULE);
        }
        return switch (s.type()) {
            case CONSTANT -> CodeBlock.of("$T.constant()", SCHEDULE);
            case INVERSE -> CodeBlock.of("$T.inverse($L, $L)", SCHEDULE, doubleLiteral(s.k()), s.perStep());
            case EXPONENTIAL -> CodeBlock.of("$T.exponential($L, $L)", SCHEDULE, doubleLiteral(s.k()), s.perStep());
            case STEP -> CodeBlock.of("$T.step($L, $L)", SCHEDULE, doubleLiteral(s.factor()), s.every());
            case COSINE -> CodeBlock.of("$T.cosine($L, $L, $L)", SCHEDULE, s.period(), doubleLiteral(s.minRate()),
                    s.perStep());
        };
    }

    private MethodSpec setDropoutRate() {
        MethodSpec.Builder m = override("setDropoutRate", void.class).addParameter(String.class, "layer")
                .addParameter(float.class, "rate")
                .beginControlFlow("if (!(rate >= 0 && rate < 1))")
                .addStatement("throw new $T($S + rate + $S)", IllegalArgumentException.class,
                        "A dropout rate is the probability of dropping a unit and must be in [0, 1), but was ", ".")
                .endControlFlow();
        List<String> names = new ArrayList<>();
        m.beginControlFlow("switch (layer)");
        for (Stage s : plan.stages()) {
            if (s.dropout() != null) {
                names.add(s.dropout().name());
                m.addStatement("case $S -> $N = rate", s.dropout().name(), s.rateField());
            }
        }
        m.addStatement("default -> throw new $T($S + layer + $S)", IllegalArgumentException.class,
                "This model has no dropout layer named '", "'; its dropout layers are "
                        + (names.isEmpty() ? "none" : String.join(", ", names)) + ".");
        return m.endControlFlow().build();
    }

    private static MethodSpec.Builder override(String name, Object returnType) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC);
        return returnType instanceof TypeName t ? m.returns(t) : m.returns((Class<?>) returnType);
    }

    // ---------------------------------------------------------------- passes

    private MethodSpec forward() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("forward").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Forward pass over the first {@code n} rows of {@code input}; dropout only when"
                        + " training.\n")
                .addParameter(int.class, "n").addParameter(boolean.class, "training");
        for (Stage s : plan.stages()) {
            if (s.previous() != null) {
                m.addCode("\n");
            }
            m.addComment("$L: $L$L", s.name(), describe(s.dense()),
                    s.dropout() == null ? "" : "; " + s.dropout().name() + ": " + describe(s.dropout())
                            + ", its mask applied in the same pass");
            if (s == plan.output() && plan.outputFusedWithLoss()) {
                m.addComment("$L is computed together with the loss, so this pass leaves logits",
                        s.dense().activation().name().toLowerCase(Locale.ROOT));
            }
            String input = s.previous() != null && s.previous().dropout() != null
                    ? "training ? " + s.trainingInput() + " : " + s.inferenceInput()
                    : s.inferenceInput();
            String product = plan.keepsPre(s) ? s.pre() : s.out();
            m.addStatement("$T.multiply(n, $L, $L, $L, 0, $L, 1, $N, 0, $L, $N, 0, $L)", GEMM, s.units(), s.inWidth(),
                    input, s.inWidth(), s.params(), s.units(), product, s.units());
            CodeBlock bias = s.dense().bias() ? CodeBlock.of("$N, $L", s.params(), s.weightCount())
                    : CodeBlock.of("null, 0");
            CodeBlock head = CodeBlock.of("$T.$L, $L, $N, n, $L, $L, $N", ACTIVATION, plan.epilogueActivation(s),
                    s.alpha(), product, s.units(), bias, s.out());
            if (s.dropout() != null) {
                m.beginControlFlow("if (training)")
                        .addStatement("$T.fill(dropoutRng, $N, n * $L, $N)", MASKS, s.mask(), s.units(), s.rateField())
                        .addStatement("$T.forward($L, $N, $N)", EPILOGUE, head, s.mask(), s.dropped())
                        .nextControlFlow("else")
                        .addStatement("$T.forward($L, null, null)", EPILOGUE, head)
                        .endControlFlow();
            } else {
                m.addStatement("$T.forward($L, null, null)", EPILOGUE, head);
            }
            if (s == plan.output() && plan.outputNeedsSoftmaxPass()) {
                m.addStatement("$T.softmax($N, n, OUTPUTS)", LOSSES, s.out());
            }
        }
        return m.build();
    }

    private MethodSpec penalty() {
        List<CodeBlock> terms = new ArrayList<>();
        for (Stage s : plan.stages()) {
            if (s.dense().penalized()) {
                String prefix = NetworkPlan.constant(s.name());
                terms.add(CodeBlock.of("$T.value($N, 0, $L, $L_L1, $L_L2)", PENALTIES, s.params(), s.penaltyEnd(),
                        prefix, prefix));
            }
        }
        return MethodSpec.methodBuilder("penalty").addModifiers(Modifier.PRIVATE).returns(double.class)
                .addJavadoc("The layers' L1 and L2 penalty terms.\n")
                .addStatement("return $L", CodeBlock.join(terms, "\n        + ")).build();
    }

    private MethodSpec outputLoss() {
        Stage out = plan.output();
        MethodSpec.Builder m = MethodSpec.methodBuilder("outputLoss").addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addJavadoc("Loss summed over the batch; with {@code withGradient}, also writes the gradient of the"
                        + " batch-mean loss with respect to the output layer's pre-activation into {@code $L}.\n",
                        out.delta())
                .addParameter(int.class, "n").addParameter(boolean.class, "withGradient")
                .addStatement("float[] grad = withGradient ? $N : null", out.delta());
        switch (model.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> m.addComment("softmax and cross-entropy fused: gradient softmax(z) - onehot(y)")
                    .addStatement("double loss = $T.softmaxCrossEntropy($N, labels, n, OUTPUTS, grad, 1f / n,"
                            + " withGradient ? classWeights : null)", LOSSES, out.out());
            case BINARY_CROSS_ENTROPY -> m.addComment("sigmoid and binary cross-entropy fused: gradient sigmoid(z) - t;"
                            + " averaged over outputs and rows")
                    .addStatement("double loss = $T.binaryCrossEntropy($N, targets, n * OUTPUTS, grad,"
                            + " 1f / (n * OUTPUTS), withGradient ? classWeights : null) / OUTPUTS", LOSSES, out.out());
            case MEAN_SQUARED_ERROR -> {
                m.addStatement("double loss = $T.meanSquaredError($N, targets, n, OUTPUTS, grad, 1f / n)", LOSSES,
                        out.out());
                Activation a = out.dense().activation();
                if (a == Activation.SOFTMAX) {
                    m.beginControlFlow("if (withGradient)")
                            .addStatement("$T.softmaxBackward($N, grad, n, OUTPUTS)", LOSSES, out.out())
                            .endControlFlow();
                } else if (a != Activation.LINEAR) {
                    m.beginControlFlow("if (withGradient)")
                            .addStatement("$T.backward($T.$L, $L, grad, $L, $N, null, n * OUTPUTS)", EPILOGUE,
                                    ACTIVATION, a.name(), out.alpha(), plan.keepsPre(out) ? out.pre() : "null",
                                    out.out())
                            .endControlFlow();
                }
            }
        }
        if (plan.penalized()) {
            m.addComment("the L1/L2 penalties are part of the loss, once per sample of the mean")
                    .addStatement("return loss + n * penalty()");
        } else {
            m.addStatement("return loss");
        }
        return m.build();
    }

    private MethodSpec backward() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("backward").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Backward pass from the output layer's δ: each layer's weight and bias gradients, then the"
                        + " δ of the layer before it.\n")
                .addParameter(int.class, "n").addParameter(boolean.class, "training");
        List<Stage> stages = plan.stages();
        for (int i = stages.size() - 1; i >= 0; i--) {
            Stage s = stages.get(i);
            if (i < stages.size() - 1) {
                m.addCode("\n");
            }
            m.addComment("$L: $L", s.name(), describe(s.dense()));
            String input = s.previous() != null && s.previous().dropout() != null
                    ? "training ? " + s.trainingInput() + " : " + s.inferenceInput()
                    : s.inferenceInput();
            m.addComment("weight gradient Xᵀ·δ, X read transposed through its strides");
            m.addStatement("$T.multiply($L, $L, n, $L, 0, 1, $L, $N, 0, $L, $N, 0, $L)", GEMM, s.inWidth(), s.units(),
                    input, s.inWidth(), s.delta(), s.units(), s.grads(), s.units());
            if (s.dense().bias()) {
                m.addStatement("$T.columnSums($N, n, $L, $N, $L)", REDUCTIONS, s.delta(), s.units(), s.grads(),
                        s.weightCount());
            }
            if (s.dense().penalized()) {
                String prefix = NetworkPlan.constant(s.name());
                m.addStatement("$T.addGradient($N, $N, 0, $L, $L_L1, $L_L2)", PENALTIES, s.params(), s.grads(),
                        s.penaltyEnd(), prefix, prefix);
            }
            Stage p = s.previous();
            if (p != null) {
                m.addComment("δ of $L: (δ·Wᵀ) ⊙ $L'(a)$L", p.name(), p.dense().activation().name().toLowerCase(Locale.ROOT),
                        p.dropout() == null ? "" : " ⊙ mask of " + p.dropout().name());
                m.addStatement("$T.transpose($N, 0, $L, $L, $N, 0)", TRANSPOSE, s.params(), s.inWidth(), s.units(),
                        s.weightsT());
                m.addStatement("$T.multiply(n, $L, $L, $N, 0, $L, 1, $N, 0, $L, $N, 0, $L)", GEMM, p.units(),
                        s.units(), s.delta(), s.units(), s.weightsT(), p.units(), p.delta(), p.units());
                String mask = p.dropout() == null ? "null" : "training ? " + p.mask() + " : null";
                m.addStatement("$T.backward($T.$L, $L, $N, $L, $N, $L, n * $L)", EPILOGUE, ACTIVATION,
                        p.dense().activation().name(), p.alpha(), p.delta(), plan.keepsPre(p) ? p.pre() : "null",
                        p.out(), mask, p.units());
            }
        }
        return m.build();
    }

    private MethodSpec update() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("update").addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L update of every layer, one pass over each layer's weights and bias.\n",
                        describe(optimizer))
                .addStatement("step++");
        addClipping(m);
        if (optimizer.weightDecay() > 0) {
            m.addComment("decoupled weight decay w ← w(1 - ηλ), on weights only, before the step (AdamW)")
                    .addStatement("float decay = (float) (1 - learningRate * WEIGHT_DECAY)");
            for (Stage s : plan.stages()) {
                m.addStatement("$T.scale($N, 0, $L, decay)", UPDATES, s.params(), s.weightCount());
            }
        }
        OptimizerType type = optimizer.type();
        switch (type) {
            case ADAM, AMSGRAD, ADAMW -> m.addComment("bias corrections of step t, in double as PyTorch computes them")
                    .addStatement("float stepSize = (float) (learningRate / (1 - Math.pow(BETA1, step)))")
                    .addStatement("float sqrtBc2 = (float) Math.sqrt(1 - Math.pow(BETA2, step))");
            case ADAMAX -> m.addComment("bias correction of step t")
                    .addStatement("float stepSize = (float) (learningRate / (1 - Math.pow(BETA1, step)))");
            case NADAM -> m.addComment("momentum schedule μ_t = β1(1 - ½·0.96^(0.004·t)) and its running product")
                    .addStatement("double mu = BETA1 * (1 - 0.5 * Math.pow(0.96, step * 0.004))")
                    .addStatement("double muNext = BETA1 * (1 - 0.5 * Math.pow(0.96, (step + 1) * 0.004))")
                    .addStatement("muProduct *= mu")
                    .addStatement("float gradCoef = (float) (-learningRate * (1 - mu) / (1 - muProduct))")
                    .addStatement("float momentumCoef = (float) (-learningRate * muNext / (1 - muProduct * muNext))")
                    .addStatement("float sqrtBc2 = (float) Math.sqrt(1 - Math.pow(BETA2, step))");
            default -> { }
        }
        for (Stage s : plan.stages()) {
            m.addComment("$L", s.name());
            String p = s.params();
            String g = s.grads();
            String n = s.name();
            switch (type) {
                case SGD -> m.addStatement("$T.sgd($N, $N, $N.length, (float) learningRate)", UPDATES, p, g, p);
                case MOMENTUM, NESTEROV -> m.addStatement("$T.momentum($N, $N, $N, $N.length, (float) learningRate,"
                        + " MOMENTUM, $L)", UPDATES, p, g, n + "Velocity", p, type == OptimizerType.NESTEROV);
                case ADAGRAD -> m.addStatement("$T.adagrad($N, $N, $N, $N.length, (float) learningRate, EPSILON)",
                        UPDATES, p, g, n + "SquareAvg", p);
                case RMSPROP -> m.addStatement("$T.rmsprop($N, $N, $N, $N.length, (float) learningRate, RHO, EPSILON)",
                        UPDATES, p, g, n + "SquareAvg", p);
                case ADADELTA -> m.addStatement("$T.adadelta($N, $N, $N, $N, $N.length, (float) learningRate, RHO,"
                        + " EPSILON)", UPDATES, p, g, n + "SquareAvg", n + "DeltaAvg", p);
                case ADAM, ADAMW -> m.addStatement("$T.adam($N, $N, $N, $N, null, $N.length, stepSize, sqrtBc2,"
                        + " (float) BETA1, (float) BETA2, EPSILON)", UPDATES, p, g, n + "M", n + "V", p);
                case AMSGRAD -> m.addStatement("$T.adam($N, $N, $N, $N, $N, $N.length, stepSize, sqrtBc2,"
                        + " (float) BETA1, (float) BETA2, EPSILON)", UPDATES, p, g, n + "M", n + "V", n + "VMax", p);
                case ADAMAX -> m.addStatement("$T.adamax($N, $N, $N, $N, $N.length, stepSize, (float) BETA1,"
                        + " (float) BETA2, EPSILON)", UPDATES, p, g, n + "M", n + "U", p);
                case NADAM -> m.addStatement("$T.nadam($N, $N, $N, $N, $N.length, gradCoef, momentumCoef, sqrtBc2,"
                        + " (float) BETA1, (float) BETA2, EPSILON)", UPDATES, p, g, n + "M", n + "V", p);
            }
            if (!Double.isNaN(s.dense().maxNorm())) {
                m.addStatement("$T.maxNorm($N, $L, $L, $L_MAX_NORM, $N)", PENALTIES, p, s.inWidth(), s.units(),
                        NetworkPlan.constant(s.name()), s.norms());
            }
        }
        return m.build();
    }

    private void addClipping(MethodSpec.Builder m) {
        if (!Double.isNaN(optimizer.clipValue())) {
            m.addComment("clip every gradient value to ±$L", optimizer.clipValue());
            for (Stage s : plan.stages()) {
                m.addStatement("$T.clampValues($N, $N.length, $Lf)", CLIPPING, s.grads(), s.grads(),
                        (float) optimizer.clipValue());
            }
        } else if (!Double.isNaN(optimizer.clipNorm())) {
            m.addComment("clip each tensor's gradient to L2 norm $L", optimizer.clipNorm());
            for (Stage s : plan.stages()) {
                m.addStatement("clipNorm($N, 0, $L)", s.grads(), s.weightCount());
                if (s.dense().bias()) {
                    m.addStatement("clipNorm($N, $L, $N.length)", s.grads(), s.weightCount(), s.grads());
                }
            }
        } else if (!Double.isNaN(optimizer.globalClipNorm())) {
            m.addComment("clip all gradients together to global L2 norm $L", optimizer.globalClipNorm());
            List<CodeBlock> terms = new ArrayList<>();
            for (Stage s : plan.stages()) {
                terms.add(CodeBlock.of("$T.sumOfSquares($N, 0, $N.length)", CLIPPING, s.grads(), s.grads()));
            }
            m.addStatement("double norm = Math.sqrt($L)", CodeBlock.join(terms, "\n        + "));
            m.beginControlFlow("if (norm > $L)", doubleLiteral(optimizer.globalClipNorm()));
            m.addStatement("float factor = (float) ($L / norm)", doubleLiteral(optimizer.globalClipNorm()));
            for (Stage s : plan.stages()) {
                m.addStatement("$T.scale($N, 0, $N.length, factor)", UPDATES, s.grads(), s.grads());
            }
            m.endControlFlow();
        }
    }

    /** The per-tensor clipping helper, generated only when {@code clipNorm} is set. */
    private MethodSpec clipNormHelper() {
        return MethodSpec.methodBuilder("clipNorm").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addJavadoc("Rescales {@code g[from, to)} to L2 norm $L when it is larger.\n", optimizer.clipNorm())
                .addParameter(FLOATS, "g").addParameter(int.class, "from").addParameter(int.class, "to")
                .addStatement("double norm = Math.sqrt($T.sumOfSquares(g, from, to))", CLIPPING)
                .beginControlFlow("if (norm > $L)", doubleLiteral(optimizer.clipNorm()))
                .addStatement("$T.scale(g, from, to, (float) ($L / norm))", UPDATES, doubleLiteral(optimizer.clipNorm()))
                .endControlFlow()
                .build();
    }

    // ---------------------------------------------------------------- text

    private String describe(LayerDescription layer) {
        return switch (layer) {
            case DenseDescription d -> "Dense(" + (stageOf(d).previous() == null ? model.inputs()
                    : stageOf(d).previous().dense().units()) + " -> " + d.units() + ", "
                    + d.activation().name().toLowerCase(Locale.ROOT) + (d.bias() ? "" : ", no bias") + ")";
            case DropoutDescription d -> "Dropout(" + d.rate() + ")";
        };
    }

    private static String describe(OptimizerDescription o) {
        StringBuilder sb = new StringBuilder(o.type().name()).append("(lr=").append(o.learningRate());
        var used = OptimizerCatalog.attributes(o.type());
        if (used.contains("momentum")) {
            sb.append(", momentum=").append(o.momentum());
        }
        if (used.contains("beta1")) {
            sb.append(", beta1=").append(o.beta1()).append(", beta2=").append(o.beta2());
        }
        if (used.contains("rho")) {
            sb.append(", rho=").append(o.rho());
        }
        if (used.contains("epsilon")) {
            sb.append(", epsilon=").append(o.epsilon());
        }
        if (o.weightDecay() > 0) {
            sb.append(", weightDecay=").append(o.weightDecay());
        }
        return sb.append(')').toString();
    }

    private static String floatLiteral(double v) {
        return Float.toString((float) v) + "f";
    }

    private static String doubleLiteral(double v) {
        return Double.toString(v);
    }
}
