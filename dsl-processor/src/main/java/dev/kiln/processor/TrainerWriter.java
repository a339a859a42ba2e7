package dev.kiln.processor;

import static dev.kiln.processor.RuntimeTypes.*;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.processor.LayerKind.Declarations.Use;
import dev.kiln.processor.NetworkPlan.ParamGroup;
import dev.kiln.processor.NetworkPlan.Stage;
import dev.kiln.processor.NetworkPlan.Step;
import dev.kiln.processor.NetworkPlan.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * Emits the trainer class for a valid model: its outline (constants, buffers allocated once, constructor,
 * public API and the {@code TrainableNetwork} methods). The passes are {@link PassWriter}'s and the update
 * {@link UpdateWriter}'s; heavy work is delegated to runtime kernels, and the generated code only decides
 * which kernel runs on which buffer.
 */
final class TrainerWriter {

    /** Stream ids for {@code Rng.derive}: independent generators for initialisation and dropout. */
    private static final int INIT_STREAM = 0;
    private static final int DROPOUT_STREAM = 2;

    private final NetworkPlan plan;
    private final ModelDescription model;
    private final OptimizerDescription optimizer;
    /**
     * A batch-independent array as declared.
     *
     * @param name          field name
     * @param size          size as a constant expression
     * @param use           what a predictor's view makes of it
     * @param viewCondition when a view allocates a SCRATCH array, or null for always
     */
    private record Fixed(String name, String size, Use use, String viewCondition) {}

    /**
     * An array of {@code width} floats per batch row.
     *
     * @param name     field name
     * @param width    floats per row as a constant expression
     * @param doc      what it holds
     * @param training whether only training touches it
     */
    private record Rows(String name, String width, String doc, boolean training) {}

    /** The batch-independent arrays in declaration order. */
    private final List<Fixed> fixedArrays = new ArrayList<>();
    /** The per-row buffers in declaration order. */
    private final List<Rows> rowBuffers = new ArrayList<>();
    /** The value of every size constant, to compute the model's memory at compile time. */
    private final java.util.Map<String, Long> sizes = new java.util.HashMap<>();

    TrainerWriter(ModelDescription model) {
        this.model = model;
        this.plan = new NetworkPlan(model);
        this.optimizer = model.optimizer();
        sizes.put("INPUTS", (long) model.inputs());
        sizes.put("OUTPUTS", (long) plan.output().dense().units());
        for (Stage s : plan.stages()) {
            sizes.put(s.units(), (long) s.dense().units());
        }
    }

    JavaFile write() {
        ClassName self = ClassName.get(model.packageName(), model.generatedName());
        ClassName base = ClassName.get(model.packageName(), model.className());
        TypeSpec.Builder type = TypeSpec.classBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(base)
                .addSuperinterface(GENERATED_MODEL)
                .addAnnotation(com.palantir.javapoet.AnnotationSpec.builder(GENERATED)
                        .addMember("value", "$S", ModelProcessor.class.getName()).build())
                .addJavadoc(classJavadoc())
                .addOriginatingElement(model.site().element());
        addConstants(type);
        addBuffers(type);
        addMemoryConstants(type);
        type.addMethod(MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc(Code.doc("Builds the model for batches of up to $L rows ({@code"
                        + " @Model(maxBatchSize)}), with its"
                        + " weights initialised from seed $L.\n"), model.maxBatchSize(), model.seed())
                .addStatement("this($L, SEED)", model.maxBatchSize())
                .build());
        type.addMethod(MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc(Code.doc("Builds the model with buffers for batches of up to {@code maxBatchSize}"
                        + " rows, with its"
                        + " weights initialised from seed $L ({@code @Model(seed)}).\n\n@param maxBatchSize the largest"
                        + " batch {@code fit}, {@code evaluate} and {@code predict} pass at once\n"), model.seed())
                .addParameter(int.class, "maxBatchSize")
                .addStatement("this(maxBatchSize, SEED)")
                .build());
        type.addMethod(constructor());
        type.addMethod(viewConstructor(self));
        addPublicApi(type, self);
        addNetworkMethods(type);
        addCheckpointMethods(type, self);
        addBufferBytes(type);
        new PassWriter(plan).addTo(type);
        new UpdateWriter(plan).addTo(type);
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
        for (LayerKind layer : model.layers()) {
            doc.add("$L $L\n", pad(layer.name()), layer.describe(plan));
        }
        doc.add("</pre>\n\nLoss $L; optimizer $L.\n\n", model.loss().name().toLowerCase(Locale.ROOT),
                UpdateWriter.describe(optimizer));
        doc.add(Code.doc("<p>{@code predict} returns $L per row.\n{@code fit}, {@code evaluate}, {@code predict},"
                + " {@code save} and {@code restore} are {@link $T}'s.\n\n"), outputMeaning(), GENERATED_MODEL);
        doc.add(Code.doc("<p>Not thread-safe: the model owns one set of buffers. A second thread calling {@code fit},"
                + " {@code evaluate}, {@code predict} or {@code computeGradients} while one runs gets an"
                + " {@code IllegalStateException}. To predict from many threads, share one {@link #predictor()}.\n"));
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
        type.addField(FieldSpec.builder(String.class, "STRUCTURE", Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL)
                .addJavadoc(Code.doc("What a checkpoint must match: layers, sizes, activations, loss and optimizer"
                        + " type.\n"))
                .initializer(CodeBlock.join(structure().stream().map(part -> CodeBlock.of("$S", part)).toList(),
                        "$W+ ")).build());
        Declarations constants = new Declarations(type);
        for (LayerKind layer : model.layers()) {
            layer.constants(plan, plan.stageOf(layer), constants);
        }
        if (model.loss() == Loss.HUBER) {
            type.addField(privateConstant(float.class, "HUBER_DELTA", floatLiteral(model.huberDelta())));
        }
        if (model.labelSmoothing() > 0) {
            type.addField(privateConstant(float.class, "LABEL_SMOOTHING", floatLiteral(model.labelSmoothing())));
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
                .addJavadoc(Code.doc("$L\n"), doc).initializer("$L", value).build();
    }

    private static FieldSpec privateConstant(Class<?> t, String name, String value) {
        return FieldSpec.builder(t, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L", value).build();
    }

    /** An array whose size does not depend on the batch, allocated in the constructor; records its size. */
    private FieldSpec fixed(String name, String size, String doc, Use use, String viewCondition) {
        fixedArrays.add(new Fixed(name, size, use, viewCondition));
        FieldSpec.Builder f = FieldSpec.builder(FLOATS, name, Modifier.PRIVATE, Modifier.FINAL);
        if (doc != null) {
            f.addJavadoc(Code.doc("$L\n"), doc);
        }
        return f.build();
    }

    /**
     * What the layer kinds declare through: constants go straight into the class, arrays are recorded so that the
     * constructors allocate them and the memory constants count them, other fields wait until after the arrays.
     */
    private final class Declarations implements LayerKind.Declarations {
        private final TypeSpec.Builder type;
        private final List<FieldSpec> rows = new ArrayList<>();
        private final List<FieldSpec> fields = new ArrayList<>();

        Declarations(TypeSpec.Builder type) {
            this.type = type;
        }

        @Override
        public void constant(Class<?> t, String name, String value) {
            type.addField(privateConstant(t, name, value));
        }

        @Override
        public void fixed(String name, String size, String doc, Use use, String viewCondition) {
            type.addField(TrainerWriter.this.fixed(name, size, doc, use, viewCondition));
        }

        @Override
        public void rows(String name, String width, String doc, boolean training) {
            rowBuffers.add(new Rows(name, width, doc, training));
            rows.add(buffer(FLOATS, name, doc));
        }

        @Override
        public void field(FieldSpec field) {
            fields.add(field);
        }
    }

    /** Value of a size expression the writers build: sums of products of literals and size constants. */
    private long elements(String expression) {
        long sum = 0;
        for (String term : expression.split("\\+")) {
            long product = 1;
            for (String factor : term.split("\\*")) {
                String f = factor.strip();
                Long value = f.chars().allMatch(Character::isDigit) ? Long.valueOf(f) : sizes.get(f);
                if (value == null) {
                    throw new IllegalStateException("unknown size " + f + " in " + expression);
                }
                product *= value;
            }
            sum += product;
        }
        return sum;
    }

    /** A buffer with one row per batch row, allocated in the constructor. */
    private static FieldSpec buffer(TypeName t, String name, String doc) {
        return FieldSpec.builder(t, name, Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc(Code.doc("Per batch row: $L.\n"), doc).build();
    }

    /**
     * The model's array elements as two constants, computed here from the sizes, so that {@code summary()} and
     * the constructor's out-of-memory message know them without summing thousands of arrays in generated code.
     */
    private void addMemoryConstants(TypeSpec.Builder type) {
        type.addField(FieldSpec.builder(FLOATS, "UNUSED", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(Code.doc("What a predictor's view holds in place of the arrays only training uses.\n"))
                .initializer("{}").build());
        long fixed = 0;
        for (Fixed a : fixedArrays) {
            fixed += elements(a.size());
        }
        long perRow = model.inputs() + (model.loss() == Loss.SOFTMAX_CROSS_ENTROPY ? 1 : plan.output().dense().units());
        long widest = Math.max(model.inputs(), plan.output().dense().units());
        for (Rows b : rowBuffers) {
            perRow += elements(b.width());
            widest = Math.max(widest, elements(b.width()));
        }
        type.addField(FieldSpec.builder(long.class, "FIXED_ELEMENTS", Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL)
                .addJavadoc(Code.doc("Array elements (4 bytes each) the model holds whatever its batch size:"
                        + " parameters,"
                        + " gradients, optimizer state, scratch.\n"))
                .initializer("$LL", fixed).build());
        type.addField(FieldSpec.builder(long.class, "ELEMENTS_PER_ROW", Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL)
                .addJavadoc(Code.doc("Array elements (4 bytes each) the model holds per row of its largest batch.\n"))
                .initializer("$LL", perRow).build());
        type.addField(FieldSpec.builder(int.class, "LARGEST_BATCH", Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL)
                .addJavadoc(Code.doc("The largest maxBatchSize for which a batch buffer ($L floats per row) fits"
                        + " in a Java"
                        + " array.\n"), widest)
                .initializer("$L", ModelValidator.MAX_ARRAY / widest).build());
    }

    private void addBuffers(TypeSpec.Builder type) {
        type.addField(FieldSpec.builder(int.class, "maxBatchSize", Modifier.PRIVATE, Modifier.FINAL).build());
        type.addField(FieldSpec.builder(long.class, "seed", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc(Code.doc("Seed of the initial weights and dropout masks, and {@code fit}'s default"
                        + " shuffling seed.\n"))
                .build());
        if (model.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            type.addField(FieldSpec.builder(FLOATS, "NO_TARGETS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc(Code.doc("This model trains on class labels, not float targets.\n"))
                    .initializer("{}").build());
        } else {
            type.addField(FieldSpec.builder(INTS, "NO_LABELS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc(Code.doc("This model trains on float targets, not class labels.\n"))
                    .initializer("{}").build());
        }
        type.addField(buffer(FLOATS, "input", "input rows of the current batch"));
        if (model.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            type.addField(buffer(INTS, "labels", "class labels of the current batch"));
        } else {
            type.addField(buffer(FLOATS, "targets", "targets of the current batch"));
        }
        for (ParamGroup g : plan.groups()) {
            String what = g.tensors().stream().map(Tensor::name).reduce((a, b) -> a + ", " + b).orElseThrow();
            type.addField(fixed(g.params(), g.size(), "Learnable: " + what + ", one array.", Use.SHARED, null));
            type.addField(fixed(g.grads(), g.size(), null, Use.TRAINING, null));
            for (String suffix : OptimizerCatalog.stateBuffers(optimizer.type())) {
                type.addField(fixed(g.name() + suffix, g.size(), null, Use.TRAINING, null));
            }
        }
        Declarations arrays = new Declarations(type);
        for (Stage s : plan.stages()) {
            for (Step step : s.steps()) {
                step.layer().declare(plan, s, step, arrays);
                if (step.fused() != null) {
                    step.fused().declare(plan, s, step, arrays);
                }
            }
        }
        arrays.rows.forEach(type::addField);
        arrays.fields.forEach(type::addField);
        type.addField(FieldSpec.builder(RNG, "dropoutRng", Modifier.PRIVATE, Modifier.FINAL)
                .build());
        type.addField(FieldSpec.builder(PARAMETER_LIST, "parameters", Modifier.PRIVATE, Modifier.FINAL).build());
        type.addField(FieldSpec.builder(LAYER_LIST, "layers", Modifier.PRIVATE, Modifier.FINAL).build());
        if (!model.regression()) {
            type.addField(FieldSpec.builder(FLOATS, "classWeights", Modifier.PRIVATE)
                    .addJavadoc(Code.doc("Per-class weights of the training loss during a fit, or null.\n")).build());
        }
        type.addField(FieldSpec.builder(double.class, "learningRate", Modifier.PRIVATE)
                .initializer("LEARNING_RATE").build());
        type.addField(FieldSpec.builder(java.util.concurrent.atomic.AtomicBoolean.class, "inUse", Modifier.PRIVATE,
                Modifier.FINAL).addJavadoc(Code.doc("Held while a public method runs; see {@code Trainer}.\n"))
                .initializer("new $T()", java.util.concurrent.atomic.AtomicBoolean.class).build());
        type.addField(FieldSpec.builder(String.class, "nonFinite", Modifier.PRIVATE)
                .addJavadoc(Code.doc("The layer whose gradient was not finite in the last training step, or"
                        + " null.\n")).build());
        type.addField(FieldSpec.builder(long.class, "step", Modifier.PRIVATE)
                .addJavadoc(Code.doc("Optimizer steps taken so far.\n")).build());
        type.addField(FieldSpec.builder(PROGRESS, "progress", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc(Code.doc("Where training stands, for checkpoints and resuming.\n"))
                .initializer("new $T()", PROGRESS).build());
        if (optimizer.type() == OptimizerType.NADAM) {
            type.addField(FieldSpec.builder(double.class, "muProduct", Modifier.PRIVATE)
                    .addJavadoc(Code.doc("Nadam's product of the momentum schedule μ_1 ⋯"
                            + " μ_t.\n")).initializer("1.0").build());
        }
    }

    private MethodSpec constructor() {
        MethodSpec.Builder m = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc(Code.doc("Builds the model with buffers for batches of up to {@code maxBatchSize} rows"
                        + " and its"
                        + " weights drawn from {@code seed}, so that a study over seeds needs no new model class.\n\n"
                        + "@param maxBatchSize the largest batch {@code fit}, {@code evaluate} and {@code predict}"
                        + " pass at once\n@param seed seed of the initial weights and dropout masks, and {@code fit}'s"
                        + " default shuffling seed\n"))
                .addParameter(int.class, "maxBatchSize")
                .addParameter(long.class, "seed")
                .beginControlFlow("if (maxBatchSize < 1 || maxBatchSize > LARGEST_BATCH)")
                .addStatement("throw new $T($S + LARGEST_BATCH\n+ $S + maxBatchSize + $S)",
                        IllegalArgumentException.class, "maxBatchSize must be between 1 and ",
                        " (the largest batch whose buffers fit in Java arrays), but was ", ".")
                .endControlFlow()
                .addStatement("this.maxBatchSize = maxBatchSize")
                .addStatement("this.seed = seed")
                .addStatement("this.dropoutRng = $T.derive(seed, $L)", RNG, DROPOUT_STREAM)
                .addComment("Every array is allocated here, so that a heap too small for them is reported with"
                        + " the size needed.")
                .beginControlFlow("try")
                .addStatement("this.input = new float[maxBatchSize * INPUTS]");
        if (model.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            m.addStatement("this.labels = new int[maxBatchSize]");
        } else {
            m.addStatement("this.targets = new float[maxBatchSize * OUTPUTS]");
        }
        for (Rows b : rowBuffers) {
            m.addStatement("this.$N = new float[maxBatchSize * $L]", b.name(), b.width());
        }
        for (Fixed a : fixedArrays) {
            m.addStatement("this.$N = new float[$L]", a.name(), a.size());
        }
        m.nextControlFlow("catch ($T e)", OutOfMemoryError.class)
                .addStatement("throw $T.outOfMemory($S, bufferBytes(), maxBatchSize, e)", SUMMARY, model.className())
                .endControlFlow();
        m.addComment("Weights drawn layer by layer from one seeded stream;");
        m.addComment("biases and β start at 0, γ and the running variance at 1.");
        m.addStatement("$T init = $T.derive(seed, $L)", RNG, RNG, INIT_STREAM);
        for (Stage s : plan.stages()) {
            for (Step step : s.steps()) {
                step.layer().initialise(m, s);
            }
        }
        m.addComment("Views of each layer for the model class's fields, sharing the arrays above.");
        List<CodeBlock> params = new ArrayList<>();
        for (ParamGroup g : plan.groups()) {
            for (Tensor t : g.tensors()) {
                Code.statement(m, "$T $L = new $T($S, $L, $L, $N, $N, $L)", PARAMETER, local(t), PARAMETER, t.name(),
                        t.rows(), t.cols(), g.params(), g.grads(), t.offset());
                params.add(CodeBlock.of("$L", local(t)));
            }
        }
        for (LayerKind layer : model.layers()) {
            m.addStatement("super.$N = $L", layer.name(), layer.view(plan, plan.stageOf(layer)));
        }
        m.addStatement("this.parameters = $T.of($L)", List.class, CodeBlock.join(params, ",$W"));
        List<CodeBlock> layers = new ArrayList<>();
        for (LayerKind l : model.layers()) {
            layers.add(CodeBlock.of("super.$N", l.name()));
        }
        m.addStatement("this.layers = $T.<$T>of($L)", List.class, LAYER, CodeBlock.join(layers, ",$W"));
        return m.build();
    }

    /**
     * The constructor of {@code predictor()}'s snapshot (copies of the learnable arrays and running statistics)
     * and of its per-thread views (sharing them). A view has batch buffers and inference scratch of its own and
     * nothing for training, so that it runs the same generated forward pass as the model, reading only what it
     * shares.
     */
    private MethodSpec viewConstructor(ClassName self) {
        MethodSpec.Builder m = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc(Code.doc("For {@link #predictor()}: with {@code copy}, a snapshot holding copies of"
                        + " {@code source}'s"
                        + " weights and statistics; without, a view sharing them, with buffers of its own for"
                        + " {@code maxBatchSize} rows. Neither ever trains, so nothing for training is allocated.\n"))
                .addParameter(self, "source").addParameter(int.class, "maxBatchSize").addParameter(boolean.class,
                        "copy")
                .addStatement("this.maxBatchSize = maxBatchSize")
                .addStatement("this.seed = source.seed")
                .addStatement("this.dropoutRng = $T.derive(seed, $L)", RNG, DROPOUT_STREAM)
                .addStatement("this.input = new float[maxBatchSize * INPUTS]");
        if (model.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            m.addStatement("this.labels = new int[maxBatchSize]");
        } else {
            m.addStatement("this.targets = new float[maxBatchSize * OUTPUTS]");
        }
        for (Rows b : rowBuffers) {
            if (b.training()) {
                m.addStatement("this.$N = UNUSED", b.name());
            } else {
                m.addStatement("this.$N = new float[maxBatchSize * $L]", b.name(), b.width());
            }
        }
        for (Fixed a : fixedArrays) {
            switch (a.use()) {
                case SHARED -> m.addStatement("this.$N = copy ? source.$N.clone() : source.$N", a.name(), a.name(),
                        a.name());
                case SCRATCH -> {
                    if (a.viewCondition() == null) {
                        m.addStatement("this.$N = new float[$L]", a.name(), a.size());
                    } else {
                        m.addStatement("this.$N = $L ? new float[$L] : UNUSED", a.name(), a.viewCondition(), a.size());
                    }
                }
                case TRAINING -> m.addStatement("this.$N = UNUSED", a.name());
            }
        }
        return m.addStatement("this.parameters = $T.of()", List.class)
                .addStatement("this.layers = $T.of()", List.class)
                .build();
    }

    /** Local variable holding a tensor's view: {@code hidden1.weights} → {@code hidden1Weights}. */
    private static String local(Tensor t) {
        return local(t.name());
    }

    static String local(String tensorName) {
        int dot = tensorName.indexOf('.');
        return tensorName.substring(0, dot) + Character.toUpperCase(tensorName.charAt(dot + 1))
                + tensorName.substring(dot + 2);
    }

    /**
     * The structure that checkpoints are matched against: everything that decides the tensors and what they
     * mean, nothing that can be tuned between runs (rates, momentum, ε).
     */
    private List<String> structure() {
        List<String> parts = new ArrayList<>();
        parts.add("inputs=" + model.inputs());
        for (LayerKind layer : model.layers()) {
            parts.add("; " + layer.name() + "=" + layer.structure(plan.widthAt(layer)));
        }
        parts.add("; loss=" + model.loss().name().toLowerCase(Locale.ROOT) + "; optimizer="
                + optimizer.type().name().toLowerCase(Locale.ROOT));
        return parts;
    }

    private void addCheckpointMethods(TypeSpec.Builder type, ClassName self) {
        type.addMethod(MethodSpec.methodBuilder("load").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc(Code.doc("A new model (default maximum batch size) holding the checkpoint at {@code"
                        + " path}.\n\n"
                        + "@param path a file written by {@link #save}\n@return the restored model\n"
                        + "@throws dev.kiln.runtime.io.CheckpointException when the file was made for another"
                        + " structure, or is truncated or damaged\n@throws java.io.IOException when the file"
                        + " cannot be read\n"))
                .returns(self).addParameter(java.nio.file.Path.class, "path").addException(java.io.IOException.class)
                .addStatement("$T model = new $T()", self, self)
                .addStatement("model.restore(path)")
                .addStatement("return model").build());
        type.addMethod(override("structure", String.class).addStatement("return STRUCTURE").build());
        type.addMethod(override("progress", PROGRESS).addStatement("return progress").build());
        List<CodeBlock> state = new ArrayList<>();
        for (ParamGroup g : plan.groups()) {
            for (String suffix : OptimizerCatalog.stateBuffers(optimizer.type())) {
                String slot = suffix.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
                for (Tensor t : g.tensors()) {
                    state.add(CodeBlock.of("new $T($S, $L, $L, $N, $L)", TENSOR, "optimizer." + slot + "." + t.name(),
                            t.rows(), t.cols(), g.name() + suffix, t.offset()));
                }
            }
        }
        for (Stage s : plan.stages()) {
            for (Step step : s.steps()) {
                step.layer().stateTensors(s, state);
            }
        }
        type.addMethod(override("stateTensors", TENSOR_LIST)
                .addStatement("return $T.of($L)", List.class, CodeBlock.join(state, ",\n")).build());
        boolean nadam = optimizer.type() == OptimizerType.NADAM;
        MethodSpec.Builder save = override("saveScalars", void.class).addParameter(STRING_MAP, "into")
                .addStatement("into.put($S, Long.toString(step))", "optimizer.step");
        if (nadam) {
            save.addStatement("into.put($S, Double.toString(muProduct))", "optimizer.mu_product");
        }
        type.addMethod(save.addStatement("into.put($S, dropoutRng.saveState())", "dropout.rng").build());
        MethodSpec.Builder load = override("loadScalars", void.class).addParameter(STRING_MAP, "from")
                .addStatement("long savedStep = $T.longValue(from, $S)", CHECKPOINT, "optimizer.step")
                .beginControlFlow("if (savedStep < 0)")
                .addStatement("throw new $T($S + savedStep)", IllegalArgumentException.class,
                        "optimizer.step is negative: ")
                .endControlFlow();
        if (nadam) {
            load.addStatement("double savedMuProduct = $T.doubleValue(from, $S)", CHECKPOINT, "optimizer.mu_product");
        }
        load.addComment("the last check, and the first change")
                .addStatement("dropoutRng.restoreState($T.required(from, $S))", CHECKPOINT, "dropout.rng")
                .addStatement("this.step = savedStep");
        if (nadam) {
            load.addStatement("this.muProduct = savedMuProduct");
        }
        type.addMethod(load.build());
    }

    /** {@code bufferBytes()}: the bytes of every array the model owns, for {@code summary()}. */
    private static void addBufferBytes(TypeSpec.Builder type) {
        type.addMethod(MethodSpec.methodBuilder("bufferBytes").addModifiers(Modifier.PRIVATE).returns(long.class)
                .addJavadoc(Code.doc("Bytes held by the model's arrays: parameters, gradients, optimizer state,"
                        + " batch buffers.\n"))
                .addStatement("return 4L * (FIXED_ELEMENTS + ELEMENTS_PER_ROW * maxBatchSize)").build());
    }

    // ---------------------------------------------------------------- public API

    private void addPublicApi(TypeSpec.Builder type, ClassName self) {
        type.addMethod(MethodSpec.methodBuilder("predictor").addModifiers(Modifier.PUBLIC)
                .addAnnotation(Override.class)
                .addJavadoc(Code.doc("A thread-safe snapshot of this model for inference; see {@link"
                        + " $T}.\n\n@return the"
                        + " predictor\n"), PREDICTOR)
                .returns(PREDICTOR)
                .addStatement("$T snapshot = $T.exclusively(this, () -> new $T(this, 1, true))", self, TRAINER, self)
                .addStatement("return new $T(snapshot, rows -> new $T(snapshot, rows, false), maxBatchSize)",
                        PREDICTOR, self)
                .build());
        type.addMethod(MethodSpec.methodBuilder("summary").addModifiers(Modifier.PUBLIC)
                .addJavadoc(Code.doc("A table of the layers with their settings, output shapes and parameter"
                        + " counts, then the"
                        + " totals and the memory the model holds for training.\n\n@return the table\n"))
                .returns(String.class)
                .addStatement("return $T.format($S, INPUTS, layers, bufferBytes(), maxBatchSize)", SUMMARY,
                        model.className())
                .build());
    }

    private String outputMeaning() {
        return switch (model.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> "class probabilities (softmax)";
            case BINARY_CROSS_ENTROPY -> "probabilities (sigmoid)";
            case MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR, HUBER -> "the network's outputs";
        };
    }

    private String taskName() {
        return switch (model.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> "CLASSIFICATION";
            case BINARY_CROSS_ENTROPY -> "BINARY";
            case MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR, HUBER -> "REGRESSION";
        };
    }

    private void addNetworkMethods(TypeSpec.Builder type) {
        type.addMethod(override("inUse", java.util.concurrent.atomic.AtomicBoolean.class)
                .addStatement("return inUse").build());
        type.addMethod(override("inputs", int.class).addStatement("return INPUTS").build());
        type.addMethod(override("outputs", int.class).addStatement("return OUTPUTS").build());
        type.addMethod(override("maxBatchSize", int.class).addStatement("return maxBatchSize").build());
        type.addMethod(override("task", TASK).addStatement("return $T.$L", TASK, taskName()).build());
        type.addMethod(override("seed", long.class).addStatement("return seed").build());
        type.addMethod(override("layers", LAYER_LIST)
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
        if (model.regression()) {
            weights.beginControlFlow("if (weights != null)")
                    .addStatement("throw new $T($S\n+ $S)", IllegalArgumentException.class,
                            "Class weights apply to classification losses, ",
                            "but this model is trained on " + model.loss().name().toLowerCase(Locale.ROOT)
                                    .replace('_', ' ') + ". Remove FitOptions.withClassWeights.")
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
        type.addMethod(override("parameters", PARAMETER_LIST)
                .addStatement("return parameters").build());
        type.addMethod(override("outputBuffer", FLOATS).addStatement("return $N", plan.output().out()).build());
        MethodSpec.Builder train = override("trainStep", double.class).addParameter(int.class, "n")
                .addStatement("forward(n, $T.TRAIN)", PASS)
                .addStatement("double loss = outputLoss(n, true)")
                .addStatement("nonFinite = null")
                .beginControlFlow("if (!Double.isFinite(loss))")
                .addComment("stop before the update, so the weights stay as they were")
                .addStatement("return loss")
                .endControlFlow()
                .addStatement("backward(n, $T.TRAIN)", PASS);
        for (ParamGroup g : plan.groups()) {
            train.beginControlFlow("if (!$T.allFinite($N, $N.length))", CHECKS, g.grads(), g.grads())
                    .addStatement("nonFinite = $S", gradientLabel(g))
                    .addStatement("return Double.NaN")
                    .endControlFlow();
        }
        type.addMethod(train.addStatement("update()").addStatement("return loss").build());
        type.addMethod(override("nonFiniteGradient", String.class).addStatement("return nonFinite").build());
        MethodSpec.Builder prepare = override("prepareInference", void.class).addParameter(int.class, "rows");
        for (Stage s : plan.stages()) {
            for (Step step : s.steps()) {
                step.layer().prepareInference(prepare, plan, s);
            }
        }
        type.addMethod(prepare.build());
        type.addMethod(override("gradientStep", double.class).addParameter(int.class, "n")
                .addStatement("forward(n, $T.GRADIENT)", PASS)
                .addStatement("double loss = outputLoss(n, true)")
                .addStatement("backward(n, $T.GRADIENT)", PASS)
                .addStatement("return loss").build());
        type.addMethod(override("evaluateStep", double.class).addParameter(int.class, "n")
                .addStatement("forward(n, $T.INFERENCE)", PASS)
                .addStatement("return outputLoss(n, false)").build());
        MethodSpec.Builder predict = override("predictStep", void.class).addParameter(int.class, "n")
                .addStatement("forward(n, $T.INFERENCE)", PASS);
        Stage out = plan.output();
        switch (model.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> predict.addComment("Softmax is fused with the loss in training; apply it"
                    + " here.")
                    .addStatement("$T.softmax($N, n, OUTPUTS)", LOSSES, out.out());
            case BINARY_CROSS_ENTROPY -> predict.addComment("Sigmoid is fused with the loss in training; apply it"
                    + " here.")
                    .addStatement("$T.sigmoid($N, n * OUTPUTS)", LOSSES, out.out());
            case MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR, HUBER -> { }
        }
        type.addMethod(predict.build());
    }

    /** How a divergence message names a parameter group: by its layer, and for PReLU by its slopes. */
    private static String gradientLabel(ParamGroup g) {
        String tensor = g.tensors().get(0).name();
        String layer = tensor.substring(0, tensor.lastIndexOf('.'));
        return tensor.endsWith(".slope") ? "the PReLU slopes of layer " + layer : "layer " + layer;
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
                .beginControlFlow("if (layer == null)")
                .addStatement("throw new $T($S)", IllegalArgumentException.class, "The dropout layer's name is null.")
                .endControlFlow()
                .addStatement("$T.checkRate(rate, layer)", MASKS);
        List<String> names = new ArrayList<>();
        m.beginControlFlow("switch (layer)");
        for (LayerKind layer : model.layers()) {
            if (layer.rateField() != null) {
                names.add(layer.name());
                m.addStatement("case $S -> $N = rate", layer.name(), layer.rateField());
            }
        }
        m.addStatement("default -> throw new $T($S + layer\n+ $S)", IllegalArgumentException.class,
                "This model has no dropout layer named '", names.isEmpty() ? "'; it has no dropout layers."
                        : "'; its dropout layers are " + String.join(", ", names) + ".");
        return m.endControlFlow().build();
    }

    private static MethodSpec.Builder override(String name, Object returnType) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC);
        return returnType instanceof TypeName t ? m.returns(t) : m.returns((Class<?>) returnType);
    }

}
