package dev.kiln.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks the class Kiln is about to write against itself and against the model class it extends, so that a
 * model Kiln accepts always produces a class that compiles: the names derived from field names must not
 * collide with each other or with Kiln's own members, and the model class must not declare anything the
 * generated subclass cannot live with (a final or static method of a generated method's signature, an
 * abstract method it does not implement, a member that hides a type the generated code names).
 *
 * <p>The check reads the generated class itself, not a list of the names the writers are meant to produce,
 * so a new writer that derives a new name is covered without being registered here.
 */
final class GeneratedClassCheck {

    /** {@code X.} where X is not itself qualified: a type (or variable) the code names through a member. */
    private static final Pattern QUALIFIER = Pattern.compile("(?<![\\w$.])([A-Za-z_$][\\w$]*)\\s*\\.");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?[\\w.$]+\\.([\\w$]+);");
    /** java.lang types the writers name in type positions (declarations, {@code new}, annotations). */
    private static final List<String> JAVA_LANG = List.of("String", "Override", "Object", "Math", "Double", "Float",
            "Long", "Integer", "System", "IllegalArgumentException", "IllegalStateException", "OutOfMemoryError");

    private final Elements elements;
    private final Types types;
    /** The class being checked, and the model class that stands for it where its type is needed. */
    private String generated;
    private TypeElement modelClass;

    GeneratedClassCheck(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    void check(TypeElement modelClass, ModelDescription model, JavaFile file, ValidationReport report) {
        this.modelClass = modelClass;
        this.generated = file.packageName().isEmpty() ? file.typeSpec().name()
                : file.packageName() + "." + file.typeSpec().name();
        checkFieldNames(model, file.typeSpec().fieldSpecs(), report);
        List<? extends Element> members = elements.getAllMembers(modelClass);
        checkMethods(modelClass, model, file.typeSpec().methodSpecs(), members, report);
        checkInterfaceMethods(model, file.typeSpec(), members, report);
        checkHiddenTypes(model, file, members, report);
    }

    // ---------------------------------------------------------------- names derived from field names

    private static void checkFieldNames(ModelDescription model, List<FieldSpec> fields, ValidationReport report) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (FieldSpec f : fields) {
            counts.merge(f.name(), 1, Integer::sum);
        }
        Set<String> reported = new LinkedHashSet<>();
        for (var e : counts.entrySet()) {
            String name = e.getKey();
            List<LayerKind> owners = owners(model, name);
            if (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name)) {
                for (LayerKind owner : owners) {
                    report.error(owner.site(), null, Messages.generatedNameInvalid(owner.name(), name));
                }
                continue;
            }
            if (e.getValue() < 2) {
                continue;
            }
            // The longest prefixes are the likeliest sources; the declarations no layer accounts for are Kiln's.
            List<LayerKind> sources = owners.subList(0, Math.min(e.getValue(), owners.size()));
            boolean kilnsOwn = sources.size() < e.getValue();
            for (LayerKind layer : sources) {
                if (!reported.add(layer.name() + " " + name)) {
                    continue;
                }
                List<String> others = new ArrayList<>();
                for (LayerKind other : sources) {
                    if (other != layer) {
                        others.add("field " + other.name());
                    }
                }
                if (kilnsOwn || others.isEmpty()) {
                    others.add("Kiln's own code");
                }
                report.error(layer.site(), null, Messages.generatedNameClash(layer.name(), name,
                        String.join(" and ", others), others.size() > 1));
            }
            if (sources.isEmpty()) {
                throw new IllegalStateException("the generated class declares " + name + " twice");
            }
        }
    }

    /**
     * The layers whose name can have produced {@code generated}, longest first: camel-case derivations are the
     * name followed by a capitalised word, constants its upper-case form followed by an underscore.
     */
    private static List<LayerKind> owners(ModelDescription model, String generated) {
        List<LayerKind> owners = new ArrayList<>();
        for (LayerKind layer : model.layers()) {
            String n = layer.name();
            String c = NetworkPlan.constant(n) + "_";
            boolean camel = generated.startsWith(n) && (generated.length() == n.length()
                    || !Character.isLowerCase(generated.charAt(n.length())));
            if (camel || generated.startsWith(c)) {
                owners.add(layer);
            }
        }
        owners.sort(Comparator.comparingInt((LayerKind l) -> Math.max(
                generated.startsWith(l.name()) ? l.name().length() : 0,
                generated.startsWith(NetworkPlan.constant(l.name())) ? NetworkPlan.constant(l.name()).length() : 0))
                .reversed());
        return owners;
    }

    // ---------------------------------------------------------------- the model class's methods

    private void checkMethods(TypeElement modelClass, ModelDescription model, List<MethodSpec> generated,
                              List<? extends Element> members, ValidationReport report) {
        List<ExecutableElement> methods = ElementFilter.methodsIn(members);
        for (ExecutableElement user : methods) {
            if (user.getModifiers().contains(Modifier.PRIVATE)) {
                continue;
            }
            MethodSpec same = null;
            for (MethodSpec g : generated) {
                if (!g.isConstructor() && sameSignature(g, user)) {
                    same = g;
                }
            }
            if (same != null) {
                String reason = clash(same, user);
                if (reason != null) {
                    report.error(site(user, model), null,
                            Messages.methodClash(signature(user), owner(user), reason));
                }
            } else if (user.getModifiers().contains(Modifier.ABSTRACT) && !implemented(user, methods, modelClass)
                    && kilnsDefault(user) == null) {
                report.error(site(user, model), null,
                        Messages.abstractMethodNotImplemented(signature(user), owner(user)));
            }
        }
    }

    /**
     * The runtime interfaces the generated class implements bring methods of their own (default methods such as
     * {@code predictClass}); a method of the model class with the same signature implements them, so it must be
     * public, not static, and return what the interface returns.
     */
    private void checkInterfaceMethods(ModelDescription model, com.palantir.javapoet.TypeSpec generatedType,
                                       List<? extends Element> members, ValidationReport report) {
        Set<ExecutableElement> reported = new java.util.HashSet<>();
        for (TypeName i : generatedType.superinterfaces()) {
            TypeElement type = i instanceof ClassName c ? elements.getTypeElement(c.canonicalName()) : null;
            if (type == null) {
                continue;
            }
            for (ExecutableElement declared : ElementFilter.methodsIn(elements.getAllMembers(type))) {
                if (declared.getModifiers().contains(Modifier.STATIC)
                        || declared.getEnclosingElement().toString().equals("java.lang.Object")) {
                    continue;
                }
                for (ExecutableElement user : ElementFilter.methodsIn(members)) {
                    if (user.getModifiers().contains(Modifier.PRIVATE) || !user.getSimpleName()
                            .contentEquals(declared.getSimpleName()) || !sameErasure(user, declared)
                            || reported.contains(user) || generatedType.methodSpecs().stream()
                                    .anyMatch(g -> !g.isConstructor() && sameSignature(g, user))) {
                        continue; // a method the generated class declares itself is checkMethods' to judge
                    }
                    String reason = null;
                    if (isKilnsDefault(declared)) {
                        reason = "Kiln's " + RuntimeTypes.GENERATED_MODEL.simpleName() + " implements it for every"
                                + " generated class, and yours would replace it or leave it abstract; rename yours";
                    } else if (user.getModifiers().contains(Modifier.DEFAULT)
                            && declared.getModifiers().contains(Modifier.DEFAULT)) {
                        reason = "both it (a default method of " + owner(user) + ") and " + type.getSimpleName()
                                + "'s are defaults, so the generated class would inherit two; override it in the"
                                + " model class";
                    } else if (user.getModifiers().contains(Modifier.STATIC)) {
                        reason = "yours is static, and " + type.getSimpleName() + " declares it as an instance method";
                    } else if (!user.getModifiers().contains(Modifier.PUBLIC)) {
                        reason = type.getSimpleName() + " declares it public, and yours is not";
                    } else if (!types.isSubtype(types.erasure(user.getReturnType()),
                            types.erasure(declared.getReturnType()))) {
                        reason = type.getSimpleName() + "'s returns " + declared.getReturnType() + " and yours "
                                + user.getReturnType();
                    }
                    if (reason != null) {
                        reported.add(user);
                        report.error(site(user, model), null, Messages.methodClash(signature(user), owner(user),
                                reason));
                    }
                }
            }
        }
    }

    /** Whether {@code declared} is one of the methods {@code GeneratedModel} implements for every model. */
    private static boolean isKilnsDefault(ExecutableElement declared) {
        return declared.getModifiers().contains(Modifier.DEFAULT)
                && declared.getEnclosingElement() instanceof TypeElement t
                && t.getQualifiedName().contentEquals(RuntimeTypes.GENERATED_MODEL.canonicalName());
    }

    /** The {@code GeneratedModel} default that {@code user} has the signature of, or null. */
    private ExecutableElement kilnsDefault(ExecutableElement user) {
        TypeElement generatedModel = elements.getTypeElement(RuntimeTypes.GENERATED_MODEL.canonicalName());
        if (generatedModel == null) {
            return null;
        }
        for (ExecutableElement declared : ElementFilter.methodsIn(generatedModel.getEnclosedElements())) {
            if (isKilnsDefault(declared) && user.getSimpleName().contentEquals(declared.getSimpleName())
                    && sameErasure(user, declared)) {
                return declared;
            }
        }
        return null;
    }

    /** Why the generated method cannot stand beside the inherited one, or null when it overrides it cleanly. */
    private String clash(MethodSpec g, ExecutableElement user) {
        boolean generatedStatic = g.modifiers().contains(Modifier.STATIC);
        boolean userStatic = user.getModifiers().contains(Modifier.STATIC);
        if (generatedStatic != userStatic) {
            return generatedStatic ? "Kiln's is static and yours is not" : "yours is static and Kiln's is not";
        }
        if (user.getModifiers().contains(Modifier.FINAL)) {
            return "yours is final, so the generated class cannot override it";
        }
        if (g.modifiers().contains(Modifier.PRIVATE)) {
            return "Kiln's is private to the generated class and cannot replace a method it inherits";
        }
        TypeMirror returns = mirror(g.returnType());
        TypeMirror userReturns = types.erasure(user.getReturnType());
        boolean compatible = returns.getKind() == TypeKind.VOID ? userReturns.getKind() == TypeKind.VOID
                : userReturns.getKind() != TypeKind.VOID && (returns.getKind().isPrimitive()
                        ? types.isSameType(returns, userReturns) : types.isSubtype(returns, userReturns));
        if (!compatible) {
            return "Kiln's returns " + g.returnType() + " and yours " + user.getReturnType();
        }
        for (TypeName thrown : g.exceptions()) {
            TypeMirror t = mirror(thrown);
            boolean declared = user.getThrownTypes().stream().anyMatch(u -> types.isSubtype(t, types.erasure(u)));
            if (!declared && !ModelReader.isUnchecked(elements, types, t)) {
                return "Kiln's throws " + thrown + ", which yours does not declare";
            }
        }
        return null;
    }

    private boolean implemented(ExecutableElement method, List<ExecutableElement> methods, TypeElement modelClass) {
        for (ExecutableElement m : methods) {
            if (m != method && !m.getModifiers().contains(Modifier.ABSTRACT)
                    && m.getSimpleName().contentEquals(method.getSimpleName())
                    && (elements.overrides(m, method, modelClass) || sameErasure(m, method))) {
                return true;
            }
        }
        return false;
    }

    private boolean sameSignature(MethodSpec g, ExecutableElement user) {
        if (!user.getSimpleName().contentEquals(g.name()) || user.getParameters().size() != g.parameters().size()) {
            return false;
        }
        for (int i = 0; i < g.parameters().size(); i++) {
            TypeMirror a = mirror(g.parameters().get(i).type());
            TypeMirror b = types.erasure(user.getParameters().get(i).asType());
            if (!types.isSameType(a, b)) {
                return false;
            }
        }
        return true;
    }

    private boolean sameErasure(ExecutableElement a, ExecutableElement b) {
        if (a.getParameters().size() != b.getParameters().size()) {
            return false;
        }
        for (int i = 0; i < a.getParameters().size(); i++) {
            if (!types.isSameType(types.erasure(a.getParameters().get(i).asType()),
                    types.erasure(b.getParameters().get(i).asType()))) {
                return false;
            }
        }
        return true;
    }

    /** The erased type a JavaPoet type name stands for. */
    private TypeMirror mirror(TypeName t) {
        if (t.equals(TypeName.VOID)) {
            return types.getNoType(TypeKind.VOID);
        }
        if (t.isPrimitive()) {
            return types.getPrimitiveType(TypeKind.valueOf(t.toString().toUpperCase(java.util.Locale.ROOT)));
        }
        if (t instanceof ArrayTypeName a) {
            return types.getArrayType(mirror(a.componentType()));
        }
        if (t instanceof ParameterizedTypeName p) {
            return mirror(p.rawType());
        }
        if (t instanceof ClassName c && c.canonicalName().equals(generated)) {
            // Not compiled yet; its subtypes and supertypes are its superclass's, as far as a clash can tell.
            return types.erasure(modelClass.asType());
        }
        if (t instanceof ClassName c) {
            TypeElement e = elements.getTypeElement(c.canonicalName());
            if (e != null) {
                return types.erasure(e.asType());
            }
        }
        throw new IllegalStateException("no type for " + t);
    }

    // ---------------------------------------------------------------- members that hide types

    /**
     * A field named like a type the generated code qualifies a call with ({@code Math.min}, {@code Gemm.multiply})
     * is read as that field inside the subclass (Java prefers a variable to a type), and a member type named like
     * any type the code names replaces it.
     */
    private static void checkHiddenTypes(ModelDescription model, JavaFile file, List<? extends Element> members,
                                         ValidationReport report) {
        String source = file.toString();
        Set<String> generatedFields = new LinkedHashSet<>();
        for (FieldSpec f : file.typeSpec().fieldSpecs()) {
            generatedFields.add(f.name());
        }
        Set<String> qualifiers = new LinkedHashSet<>();
        Set<String> typeNames = new LinkedHashSet<>();
        Matcher imports = IMPORT.matcher(source);
        while (imports.find()) {
            typeNames.add(imports.group(1));
        }
        for (String line : source.split("\n")) {
            String code = line.strip();
            if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//") || code.startsWith("import ")
                    || code.startsWith("package ")) {
                continue;
            }
            code = withoutStrings(code);
            Matcher m = QUALIFIER.matcher(code);
            while (m.find()) {
                String q = m.group(1);
                if (Character.isUpperCase(q.charAt(0)) && !generatedFields.contains(q)) {
                    qualifiers.add(q);
                }
            }
        }
        typeNames.addAll(qualifiers);
        for (String name : JAVA_LANG) {
            if (Pattern.compile("\\b" + name + "\\b").matcher(source).find()) {
                typeNames.add(name);
            }
        }
        for (Element member : members) {
            if (member.getModifiers().contains(Modifier.PRIVATE)) {
                continue;
            }
            String name = member.getSimpleName().toString();
            boolean field = member.getKind() == ElementKind.FIELD && qualifiers.contains(name);
            boolean type = (member.getKind().isClass() || member.getKind().isInterface()) && typeNames.contains(name);
            if (field || type) {
                report.error(site(member, model), null, Messages.nameHidesType(field ? "field" : "type", name,
                        member.getEnclosingElement().toString()));
            }
        }
    }

    /** A line of code with the contents of its string and character literals removed. */
    private static String withoutStrings(String code) {
        StringBuilder out = new StringBuilder(code.length());
        char quote = 0;
        for (int i = 0; i < code.length(); i++) {
            char ch = code.charAt(i);
            if (quote == 0) {
                out.append(ch);
                if (ch == '"' || ch == '\'') {
                    quote = ch;
                }
            } else if (ch == '\\') {
                i++;
            } else if (ch == quote) {
                out.append(ch);
                quote = 0;
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- where to report

    /** The member itself when it is in the model class's source, else the model class (named in the message). */
    private static Site site(Element member, ModelDescription model) {
        for (LayerKind layer : model.layers()) {
            if (layer.site().element().equals(member)) {
                return layer.site();
            }
        }
        Element owner = member.getEnclosingElement();
        if (owner != null && owner.equals(model.site().element())) {
            return new Site(member, null);
        }
        return model.site();
    }

    private static String owner(ExecutableElement method) {
        return method.getEnclosingElement().toString();
    }

    private static String signature(ExecutableElement method) {
        List<String> params = new ArrayList<>();
        for (var p : method.getParameters()) {
            params.add(p.asType().toString());
        }
        return method.getSimpleName() + "(" + String.join(", ", params) + ")";
    }
}
