package dev.kiln.processor;

import dev.kiln.annotations.Loss;
import dev.kiln.annotations.OptimizerType;
import dev.kiln.annotations.ScheduleType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Turns an annotated class into a {@link ModelDescription}, reporting what makes the class itself or its
 * fields unusable. Value rules (ranges, combinations) are {@link ModelValidator}'s.
 */
final class ModelReader {

    static final String MODEL = "dev.kiln.annotations.Model";
    static final String OPTIMIZER = "dev.kiln.annotations.Optimizer";
    static final String SCHEDULE = "dev.kiln.annotations.Schedule";
    /** The annotations that make a field a layer. */
    static final List<String> LAYER_ANNOTATIONS = LayerKinds.annotations();
    static final String LAYER_TYPE = "dev.kiln.runtime.Layer";
    /** The longest layer field name, in characters. */
    static final int MAX_NAME = 120;

    private final Elements elements;
    private final Types types;
    private final Annotations annotations;

    ModelReader(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
        this.annotations = new Annotations(elements);
    }

    /** Reads the class; empty when it is too broken to describe (the report says why). */
    Optional<ModelDescription> read(TypeElement type, ValidationReport report) {
        AnnotationMirror modelMirror = Annotations.find(type, MODEL).orElseThrow();
        Site site = new Site(type, modelMirror);
        String cls = type.getSimpleName().toString();
        if (type.getKind() != ElementKind.CLASS) {
            report.error(site, null, Messages.classNotAClass(Messages.kindWithArticle(type.getKind().toString())));
            return Optional.empty();
        }
        checkClass(type, site, cls, report);

        String packageName = elements.getPackageOf(type).getQualifiedName().toString();
        String generatedName = generatedName(type);
        if (elements.getTypeElement(qualified(packageName, generatedName)) != null) {
            report.error(site, null, Messages.nameTaken(generatedName));
        }

        List<LayerKind> layers = readLayers(type, report);
        Optional<OptimizerDescription> optimizer = Annotations.find(type, OPTIMIZER)
                .map(m -> readOptimizer(type, m));
        if (optimizer.isEmpty()) {
            report.error(site, null, Messages.missingOptimizer(cls));
            // Go on with a stand-in so that the layers' mistakes are reported in the same compile; the error
            // above keeps the class from being generated. Its site is @Model's, which has no optimizer
            // attributes, so the stand-in cannot draw an error of its own.
            var defaults = OptimizerCatalog.defaults(OptimizerType.SGD);
            optimizer = Optional.of(new OptimizerDescription(OptimizerType.SGD, site, defaults.get("learningRate"),
                    defaults.get("momentum"), defaults.get("beta1"), defaults.get("beta2"), defaults.get("rho"),
                    defaults.get("epsilon"), defaults.get("weightDecay"), Double.NaN, Double.NaN, Double.NaN));
        }
        return Optional.of(new ModelDescription(packageName, nameInCode(type), generatedName, site,
                annotations.intValue(modelMirror, "inputs"),
                annotations.enumValue(modelMirror, "loss", Loss.class),
                annotations.longValue(modelMirror, "seed"),
                annotations.intValue(modelMirror, "maxBatchSize"),
                annotations.intValue(modelMirror, "epochs"),
                annotations.intValue(modelMirror, "batchSize"),
                annotations.booleanValue(modelMirror, "multiLabel"),
                annotations.doubleValue(modelMirror, "huberDelta"),
                annotations.doubleValue(modelMirror, "labelSmoothing"),
                List.copyOf(layers), optimizer.get(),
                Annotations.find(type, SCHEDULE).map(m -> readSchedule(type, m)).orElse(null)));
    }

    private void checkClass(TypeElement type, Site site, String cls, ValidationReport report) {
        var modifiers = type.getModifiers();
        if (modifiers.contains(Modifier.FINAL)) {
            report.error(site, null, Messages.classIsFinal(cls));
        }
        if (modifiers.contains(Modifier.PRIVATE)) {
            report.error(site, null, Messages.classIsPrivate(cls));
        }
        if (type.getNestingKind() == NestingKind.MEMBER && !modifiers.contains(Modifier.STATIC)) {
            report.error(site, null, Messages.classIsInner(cls));
        }
        if (!type.getTypeParameters().isEmpty()) {
            report.error(site, null, Messages.classIsGeneric(cls));
        }
        List<ExecutableElement> constructors = ElementFilter.constructorsIn(type.getEnclosedElements());
        boolean usable = constructors.stream()
                .anyMatch(c -> c.getParameters().isEmpty() && !c.getModifiers().contains(Modifier.PRIVATE));
        if (!usable) {
            report.error(site, null, Messages.noUsableConstructor(cls));
        }
        for (ExecutableElement c : constructors) {
            if (!c.getParameters().isEmpty() || c.getModifiers().contains(Modifier.PRIVATE)) {
                continue;
            }
            List<String> checked = new ArrayList<>();
            for (var thrown : c.getThrownTypes()) {
                if (!isUnchecked(elements, types, thrown)) {
                    checked.add(thrown.toString());
                }
            }
            if (!checked.isEmpty()) {
                report.error(new Site(c, null), null, Messages.constructorThrows(cls, String.join(", ", checked)));
            }
        }
    }

    /** Whether a thrown type is a RuntimeException or an Error, which a method or constructor need not declare. */
    static boolean isUnchecked(Elements elements, Types types, javax.lang.model.type.TypeMirror thrown) {
        for (String name : List.of("java.lang.RuntimeException", "java.lang.Error")) {
            TypeElement t = elements.getTypeElement(name);
            if (t != null && types.isSubtype(thrown, t.asType())) {
                return true;
            }
        }
        return false;
    }

    private List<LayerKind> readLayers(TypeElement type, ValidationReport report) {
        List<LayerKind> layers = new ArrayList<>();
        for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            List<AnnotationMirror> found = new ArrayList<>();
            for (String name : LAYER_ANNOTATIONS) {
                Annotations.find(field, name).ifPresent(found::add);
            }
            if (found.isEmpty()) {
                continue;
            }
            String name = field.getSimpleName().toString();
            AnnotationMirror m = found.get(0);
            if (name.length() > MAX_NAME) {
                // Layer names go into string constants (the structure a checkpoint is matched against), which the
                // class file format caps at 65,535 bytes: 100 names of this length fit even at 3 bytes a character.
                report.error(new Site(field, m), null, Messages.nameTooLong(name.length(), MAX_NAME));
            }
            String annotation = simpleName(m);
            if (found.size() > 1) {
                report.error(new Site(field, found.get(1)), null,
                        Messages.twoLayerAnnotations(name, annotation, simpleName(found.get(1))));
                continue;
            }
            checkField(field, name, annotation, report);
            Site site = new Site(field, m);
            layers.add(LayerKinds.of(qualifiedName(m)).reader().read(name, site, annotations, m));
        }
        return layers;
    }

    private static String qualifiedName(AnnotationMirror m) {
        return ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().toString();
    }

    private static String simpleName(AnnotationMirror m) {
        return m.getAnnotationType().asElement().getSimpleName().toString();
    }

    private void checkField(VariableElement field, String name, String annotation, ValidationReport report) {
        String type = types.erasure(field.asType()).toString();
        if (!type.equals(LAYER_TYPE)) {
            report.error(new Site(field, null), null, Messages.layerFieldType(name, annotation, type));
        }
        for (Modifier modifier : List.of(Modifier.PRIVATE, Modifier.FINAL, Modifier.STATIC)) {
            if (field.getModifiers().contains(modifier)) {
                report.error(new Site(field, null), null,
                        Messages.layerFieldModifier(name, annotation, modifier.toString()));
            }
        }
    }

    private OptimizerDescription readOptimizer(TypeElement type, AnnotationMirror m) {
        OptimizerType kind = annotations.enumValue(m, "type", OptimizerType.class);
        var defaults = OptimizerCatalog.defaults(kind);
        java.util.function.ToDoubleFunction<String> value = name -> {
            double v = annotations.doubleValue(m, name);
            return Double.isNaN(v) ? defaults.get(name) : v;
        };
        return new OptimizerDescription(kind, new Site(type, m), value.applyAsDouble("learningRate"),
                value.applyAsDouble("momentum"), value.applyAsDouble("beta1"), value.applyAsDouble("beta2"),
                value.applyAsDouble("rho"), value.applyAsDouble("epsilon"), value.applyAsDouble("weightDecay"),
                annotations.doubleValue(m, "clipValue"), annotations.doubleValue(m, "clipNorm"),
                annotations.doubleValue(m, "globalClipNorm"));
    }

    private ScheduleDescription readSchedule(TypeElement type, AnnotationMirror m) {
        return new ScheduleDescription(annotations.enumValue(m, "type", ScheduleType.class), new Site(type, m),
                annotations.doubleValue(m, "k"), annotations.doubleValue(m, "factor"),
                annotations.intValue(m, "every"), annotations.intValue(m, "period"),
                annotations.doubleValue(m, "minRate"), annotations.booleanValue(m, "perStep"));
    }

    /** {@code Outer.Inner} is generated as {@code Outer_InnerModel}, a top-level class beside Outer. */
    static String generatedName(TypeElement type) {
        StringBuilder name = new StringBuilder(type.getSimpleName());
        var enclosing = type.getEnclosingElement();
        while (enclosing instanceof TypeElement outer) {
            name.insert(0, outer.getSimpleName() + "_");
            enclosing = outer.getEnclosingElement();
        }
        return name + "Model";
    }

    private static String nameInCode(TypeElement type) {
        String qualified = type.getQualifiedName().toString();
        var pkg = type.getEnclosingElement();
        while (!(pkg instanceof PackageElement)) {
            pkg = pkg.getEnclosingElement();
        }
        String p = ((PackageElement) pkg).getQualifiedName().toString();
        return p.isEmpty() ? qualified : qualified.substring(p.length() + 1);
    }

    private static String qualified(String pkg, String simple) {
        return pkg.isEmpty() ? simple : pkg + "." + simple;
    }
}
