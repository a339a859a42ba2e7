package dev.kiln.processor;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Kiln's annotation processor: for each {@code @Model} class, read it, validate it, and when it is clean,
 * generate its trainer. One failing class never stops the others.
 */
@AutoService(Processor.class)
public final class ModelProcessor extends AbstractProcessor {

    /** Named in diagnostics about the processor itself. */
    static final String VERSION = "0.1.0";

    /**
     * The trainers Kiln writes carry {@code @Generated}; javac's {@code -Xlint:processing} warns about any
     * annotation no processor claims, so Kiln claims this one too and a user's {@code -Werror} build stays
     * clean. No processor acts on {@code @Generated}, so claiming it takes nothing from others.
     */
    static final String GENERATED = "javax.annotation.processing.Generated";

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        Set<String> names = new java.util.LinkedHashSet<>(List.of(ModelReader.MODEL, ModelReader.OPTIMIZER,
                ModelReader.SCHEDULE, GENERATED));
        names.addAll(LayerKinds.annotations());
        return names;
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement model = processingEnv.getElementUtils().getTypeElement(ModelReader.MODEL);
        if (model == null) {
            return false;
        }
        for (Element element : round.getElementsAnnotatedWith(model)) {
            if (element instanceof TypeElement type) {
                processModel(type);
            }
        }
        reportStrayAnnotations(round);
        // Kiln's annotations are Kiln's alone: claiming them keeps -Xlint:processing quiet.
        return true;
    }

    /** Runs before each model is generated; tests use it to simulate a defect, javac's instance does nothing. */
    private final java.util.function.Consumer<TypeElement> beforeGenerate;

    /** The processor javac instantiates. */
    public ModelProcessor() {
        this(type -> { });
    }

    ModelProcessor(java.util.function.Consumer<TypeElement> beforeGenerate) {
        this.beforeGenerate = beforeGenerate;
    }

    /** Generated class names written in this compilation, to report two models that would write the same one. */
    private final java.util.Map<String, String> written = new java.util.HashMap<>();

    private void processModel(TypeElement type) {
        try {
            generate(type);
        } catch (Annotations.Unreadable e) {
            // A compile error on the attribute has been reported by javac already, and a second message would
            // only repeat it; a version mismatch has not, and must not pass as a note.
            processingEnv.getMessager().printMessage(e.versionMismatch ? Diagnostic.Kind.ERROR : Diagnostic.Kind.NOTE,
                    Messages.unreadable(type.getSimpleName().toString(), e.getMessage()), type);
        } catch (IOException | RuntimeException | LinkageError e) {
            // Never let one class take javac down: report it on that class and go on with the others.
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    Messages.internalError(type.getQualifiedName().toString(), VERSION, e), type);
        }
    }

    /** Reads, validates and writes one model class. */
    private void generate(TypeElement type) throws IOException {
        beforeGenerate.accept(type);
        ValidationReport report = new ValidationReport();
        ModelReader reader = new ModelReader(processingEnv.getElementUtils(), processingEnv.getTypeUtils());
        Optional<ModelDescription> description = reader.read(type, report);
        description.ifPresent(d -> new ModelValidator().validate(d, report));
        if (description.isPresent() && !report.hasErrors()) {
            ModelDescription d = description.get();
            String generated = d.packageName() + "." + d.generatedName();
            String other = written.putIfAbsent(generated, type.getQualifiedName().toString());
            if (other != null) {
                report.error(d.site(), null, Messages.sameGeneratedName(generated, other));
            }
        }
        com.palantir.javapoet.JavaFile file = null;
        if (description.isPresent() && !report.hasErrors()) {
            file = new TrainerWriter(description.get()).write();
            new GeneratedClassCheck(processingEnv.getElementUtils(), processingEnv.getTypeUtils())
                    .check(type, description.get(), file, report);
        }
        report.printTo(processingEnv.getMessager());
        if (file != null && !report.hasErrors()) {
            file.writeTo(processingEnv.getFiler());
        }
    }

    /** Layer and optimizer annotations outside a {@code @Model} class would silently do nothing. */
    private void reportStrayAnnotations(RoundEnvironment round) {
        var elements = processingEnv.getElementUtils();
        List<String> names = new ArrayList<>(List.of(ModelReader.OPTIMIZER, ModelReader.SCHEDULE));
        names.addAll(ModelReader.LAYER_ANNOTATIONS);
        for (String name : names) {
            TypeElement annotation = elements.getTypeElement(name);
            if (annotation == null) {
                continue;
            }
            for (Element e : round.getElementsAnnotatedWith(annotation)) {
                boolean onClass = name.equals(ModelReader.OPTIMIZER) || name.equals(ModelReader.SCHEDULE);
                Element owner = onClass ? e : e.getEnclosingElement();
                if (Annotations.find(owner, ModelReader.MODEL).isEmpty()) {
                    String simple = name.substring(name.lastIndexOf('.') + 1);
                    String message = onClass ? Messages.classAnnotationWithoutModel(simple)
                            : Messages.layerWithoutModel(simple);
                    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, e,
                            Annotations.find(e, name).orElseThrow());
                }
            }
        }
    }
}
