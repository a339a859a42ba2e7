package dev.kiln.processor;

/**
 * Every diagnostic text, in one place. Each names the construct, states the rule, shows the value and
 * says what to do.
 */
final class Messages {

    private Messages() {}

    static String classIsFinal(String cls) {
        return "@Model class " + cls + " must not be final: Kiln generates " + cls
                + "Model as its subclass. Remove 'final'.";
    }

    static String classIsPrivate(String cls) {
        return "@Model class " + cls + " must not be private: the generated subclass lives beside it in the same"
                + " package. Make it package-private or public.";
    }

    static String classIsInner(String cls) {
        return "@Model class " + cls + " is an inner (non-static) class, which the generated class cannot extend."
                + " Make it static or top-level.";
    }

    static String classIsGeneric(String cls) {
        return "@Model class " + cls + " must not have type parameters: a network's shape is fixed at compile"
                + " time. Remove them.";
    }

    static String classNotAClass(String kind) {
        return "@Model goes on a class, but was placed on " + kind + ". Declare the model as an abstract class.";
    }

    /** "an interface", "an enum", "a record", "an annotation type" for an element kind's name. */
    static String kindWithArticle(String kind) {
        String words = kind.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return ("aeiou".indexOf(words.charAt(0)) >= 0 ? "an " : "a ") + words;
    }

    static String noUsableConstructor(String cls) {
        return "@Model class " + cls + " needs a constructor without parameters that is not private, which the"
                + " generated subclass calls. Add one.";
    }

    static String nameTaken(String generated) {
        return "Kiln generates " + generated + " for this @Model, but a type of that name already exists in the"
                + " package. Rename that type or the model class (if it is a class left over from an earlier build,"
                + " clean the build).";
    }

    static String sameGeneratedName(String generated, String other) {
        return "Kiln would generate " + generated + " for this @Model, but generates it for " + other
                + " already (nested classes are named Outer_Inner). Rename one of the two classes.";
    }

    static String inputsNotPositive(int inputs) {
        return "@Model inputs must be at least 1, but was " + inputs + ". Set it to the number of features per row.";
    }

    static String maxBatchNotPositive(int max) {
        return "@Model maxBatchSize must be at least 1, but was " + max + ".";
    }

    static String missingOptimizer(String cls) {
        return "@Model class " + cls + " has no @Optimizer. Add one, e.g."
                + " @Optimizer(type = OptimizerType.ADAM).";
    }

    static String classAnnotationWithoutModel(String annotation) {
        return "@" + annotation + " is only read on a class that also has @Model. Add @Model(inputs = ..., loss ="
                + " ...).";
    }

    static String layerWithoutModel(String annotation) {
        return "@" + annotation + " fields are only read in a class annotated with @Model, and only its own fields"
                + " (not inherited ones). Add @Model to the class, or declare the field in the @Model class.";
    }

    static String twoLayerAnnotations(String field, String first, String second) {
        return "Field " + field + " has both @" + first + " and @" + second + "; a field declares one layer."
                + " Split it into two fields.";
    }

    static String layerFieldType(String field, String annotation, String type) {
        return "@" + annotation + " field " + field + " must have type dev.kiln.runtime.Layer, but has type " + type
                + ". Declare it as 'Layer " + field + ";'.";
    }

    static String layerFieldModifier(String field, String annotation, String modifier) {
        return "@" + annotation + " field " + field + " must not be " + modifier + ": the generated class assigns it a"
                + " view of the layer. Remove '" + modifier + "'.";
    }

    static String noDenseLayer(String cls) {
        return "@Model class " + cls + " has no @Dense layer; a model needs at least one (its output layer).";
    }

    static String unitsNotPositive(int units) {
        return "@Dense units must be at least 1, but was " + units + ".";
    }

    static String dropoutRate(double rate) {
        return "@Dropout rate is the probability of dropping a unit and must be in [0, 1), but was " + rate + ".";
    }

    static String dropoutFirst(String field) {
        return "@Dropout " + field + " must follow a @Dense layer; dropping raw inputs is not supported. Move it"
                + " after a @Dense field.";
    }

    static String dropoutAfterDropout(String field, String previous) {
        return "@Dropout " + field + " follows @Dropout " + previous + "; two dropouts in a row act as one with a"
                + " higher rate. Merge them into one.";
    }

    static String dropoutOnOutput(String field) {
        return "@Dropout " + field + " comes after the output layer; dropout is never applied to output units."
                + " Remove it or move it before the last @Dense.";
    }

    static String softmaxNotLast(String field) {
        return "@Dense " + field + " uses SOFTMAX, which is only allowed on the output (last) layer. Use RELU or"
                + " another activation here.";
    }

    static String softmaxActivate(String field) {
        return "@Activate " + field + " applies SOFTMAX, which Kiln computes only as the activation of the last"
                + " @Dense, together with the loss. Remove " + field + " and set activation = Activation.SOFTMAX on"
                + " the last @Dense.";
    }

    static String lossNeedsActivation(String loss, String activation, String field, String actual) {
        return "Loss " + loss + " needs the output layer to use " + activation + ", but " + field + " uses "
                + actual + ". Set activation = Activation." + activation + " on " + field + ".";
    }

    static String softmaxNeedsClasses(String field, int units) {
        return "Loss SOFTMAX_CROSS_ENTROPY needs at least 2 output units (one per class), but " + field + " has "
                + units + ". For a yes/no output use 1 unit, SIGMOID and BINARY_CROSS_ENTROPY.";
    }

    static String regressionAfterSoftmax(String loss, String field) {
        return "Loss " + loss + " after a SOFTMAX output (" + field + ") trains slowly; for class labels use"
                + " SOFTMAX_CROSS_ENTROPY.";
    }

    static String learningRate(double lr) {
        return "@Optimizer learningRate must be greater than 0, but was " + lr + ".";
    }

    static String unitInterval(String attribute, double value) {
        return "@Optimizer " + attribute + " must be in [0, 1), but was " + value + ".";
    }

    static String epsilon(double value) {
        return "@Optimizer epsilon must be greater than 0, but was " + value + ".";
    }

    static String weightDecay(double value) {
        return "@Optimizer weightDecay must be at least 0, but was " + value + ".";
    }

    static String attributeNotForOptimizer(String attribute, String type) {
        return "@Optimizer " + attribute + " does not apply to " + type + " and would be ignored. Remove it or"
                + " choose an optimizer that uses it.";
    }

    static String atLeastOne(String what, int value) {
        return what + " must be at least 1, but was " + value + ".";
    }

    static String positive(String what, double value) {
        return what + " must be greater than 0, but was " + value + ".";
    }

    static String notNegative(String what, double value) {
        return what + " must be at least 0, but was " + value + ".";
    }

    static String batchAboveMax(int batch, int max) {
        return "@Model batchSize " + batch + " is larger than maxBatchSize " + max + ", the rows the model allocates"
                + " buffers for. Raise maxBatchSize or lower batchSize.";
    }

    static String oneClipping(java.util.List<String> set) {
        return "@Optimizer sets " + String.join(" and ", set) + "; choose one way of clipping gradients.";
    }

    static String attributeNotForSchedule(String attribute, String type) {
        return "@Schedule " + attribute + " does not apply to " + type + " and would be ignored. Remove it.";
    }

    /** The value as written: an int attribute's stays an int ({@code 0}, not {@code 0.0}). */
    static String scheduleRequires(String attribute, String rule, Number value) {
        return "@Schedule " + attribute + " must be " + rule + ", but was " + value + ".";
    }

    static String minRateAboveLearningRate(double minRate, double learningRate) {
        return "@Schedule minRate " + minRate + " is above the learning rate " + learningRate + " it decays from;"
                + " a cosine schedule falls from the learning rate to minRate. Lower minRate or raise learningRate.";
    }

    static String notFinite(String what, double value) {
        return what + " must be a finite number, but was " + value + ".";
    }

    static String beyondFloat(String what, double value) {
        return what + " is " + value + ", beyond the range of float (about ±3.4e38) that the generated code"
                + " computes in. Use a smaller value.";
    }

    static String zeroAsFloat(String what, double value) {
        return what + " is " + value + ", which becomes 0 as a float (the smallest positive float is about"
                + " 1.4e-45), and the generated code computes in float. Use a larger value.";
    }

    static String oneAsFloat(String what, double value) {
        return what + " is " + value + ", which becomes 1.0 as a float, outside [0, 1); the generated code computes"
                + " in float. Use a value at most 0.9999999.";
    }

    static String arrayTooLarge(String what, long elements, String fix) {
        return what + " would hold " + String.format(java.util.Locale.ROOT, "%,d", elements)
                + " floats, more than a Java array can hold (" + String.format(java.util.Locale.ROOT, "%,d",
                        Integer.MAX_VALUE - 8) + "). " + fix;
    }

    static String tooDeep(int layers, int limit) {
        return "@Model class has " + layers + " layer fields; Kiln generates code for at most " + limit
                + " (beyond that a generated method exceeds the Java class file's 64 KB limit). Use fewer layers.";
    }

    static String constructorThrows(String cls, String exceptions) {
        return "The no-argument constructor of " + cls + " declares " + exceptions + ", which the generated"
                + " constructors cannot declare or handle. Catch it inside the constructor, or remove the throws"
                + " clause.";
    }

    static String abstractMethodNotImplemented(String method, String owner) {
        return "Abstract method " + method + " (declared in " + owner + ") is not implemented by the class Kiln"
                + " generates, so that class would not compile. Give it a body in the model class, or remove it.";
    }

    static String methodClash(String method, String owner, String reason) {
        return "Method " + method + " of " + owner + " clashes with the method of that signature that Kiln"
                + " generates: " + reason + ". Rename the method, or remove it.";
    }

    static String nameHidesType(String kind, String name, String owner) {
        return "The " + kind + " " + name + " (declared in " + owner + ") has the name of a type that the generated"
                + " class uses; inside the generated subclass it would hide that type. Rename the " + kind + ".";
    }

    static String generatedNameClash(String field, String generated, String others, boolean several) {
        return "Field " + field + " makes Kiln generate a member named " + generated + ", which " + others
                + (several ? " also need" : " also needs") + ". Rename the field.";
    }

    static String generatedNameInvalid(String field, String generated) {
        return "Field " + field + " makes Kiln generate the name " + generated + ", which is not a valid Java"
                + " identifier. Rename the field (ASCII letters and digits are always safe).";
    }

    static String alphaNotForActivation(String annotation, String activation) {
        return annotation + " alpha is the parameter of LEAKY_RELU and ELU; " + activation + " takes none. Remove it.";
    }

    static String dropConnectOnOutput(String field) {
        return "@Dense dropConnect on " + field + ", the output layer; dropout of any kind is never applied to the"
                + " output. Remove it.";
    }

    static String multiLabelUndeclared(String field, int units) {
        return "Loss BINARY_CROSS_ENTROPY with " + units + " output units (" + field + ") treats them as independent"
                + " yes/no labels. Declare @Model(multiLabel = true) if that is meant; for one class out of " + units
                + ", use SOFTMAX_CROSS_ENTROPY with a SOFTMAX output.";
    }

    static String multiLabelNeedsBinary(String loss) {
        return "@Model multiLabel applies to BINARY_CROSS_ENTROPY, but the loss is " + loss + ". Remove it.";
    }

    static String seluInitializer(String field, String initializer) {
        return "@Dense " + field + " uses SELU with " + initializer + "; SELU self-normalises only with"
                + " LECUN_NORMAL weights (the default for SELU). Remove initializer or set LECUN_NORMAL.";
    }

    static String seluDropout(String field) {
        return "@Dropout " + field + " follows a SELU layer; standard and Gaussian dropout break SELU's"
                + " self-normalisation. Use type = DropoutType.ALPHA.";
    }

    static String hiddenOnly(String activation, String field) {
        return activation + " is for hidden layers, but " + field + " is the output layer. Use LINEAR, SIGMOID or"
                + " SOFTMAX there, as the loss needs.";
    }

    static String mustFollowDense(String annotation, String field) {
        return annotation + " " + field + " must follow a @Dense layer; move it after one.";
    }

    static String afterOutput(String annotation, String field) {
        return annotation + " " + field + " comes after the output layer, whose activation and loss are computed"
                + " together. Move it before the last @Dense" + (annotation.equals("@Activate")
                        ? ", or set the output's activation on that @Dense." : ".");
    }

    static String afterDropout(String annotation, String field, String dropout) {
        return annotation + " " + field + " follows @Dropout " + dropout + " in the same block; dropout goes last,"
                + " after normalisation and activation. Move " + dropout + " after " + field + ".";
    }

    static String twoActivations(String field, String activator, String activation, String dense) {
        return "@Activate " + field + " is in the block of @Dense " + dense + ", where " + activator
                + " already applies " + activation + "; two activations in a row are one nonlinearity too many. "
                + (activator.equals("@Dense " + dense) ? "Set activation = Activation.LINEAR on " + dense
                        + " (the usual @Dense, @BatchNorm, @Activate layout), or remove " + field + "."
                        : "Remove one of the two.");
    }

    static String twoNormalizations(String annotation, String field, String other) {
        return annotation + " " + field + " normalises a block that is already normalised (by " + other
                + "). Remove one of them.";
    }

    static String unitIntervalFor(String what, double value) {
        return what + " must be in [0, 1), but was " + value + ".";
    }

    static String nameTooLong(int length, int limit) {
        return "This layer field's name is " + length + " characters long; Kiln takes names of up to " + limit
                + " (they go into the generated class's string constants). Use a shorter name.";
    }

    static String unreadable(String cls, String attribute) {
        return "Kiln skipped " + cls + ": its attribute " + attribute + " could not be read. Either javac reported"
                + " an error on it above, or kiln-annotations and kiln-processor are at different versions: use the"
                + " same version of both.";
    }

    static String scheduleNeeds(String type, String attribute, String rule, String example) {
        return "@Schedule(type = " + type + ") needs " + attribute + " (" + rule + "), e.g. " + example + ".";
    }

    static String internalError(String cls, String version, Throwable e) {
        return "Kiln's processor (version " + version + ") failed on " + cls + ": " + e
                + ". Other classes were still processed. Please report this with the model class.";
    }

    static String residualFromUnknown(String field, String from, java.util.List<String> earlier, boolean later) {
        String known = earlier.isEmpty() ? "" : " The layers before it are " + String.join(", ", earlier) + ".";
        return "@Residual " + field + " adds the output of \"" + from + "\", but "
                + (later ? from + " comes after " + field + "; a residual adds the output of an earlier layer."
                        : "this class has no layer field of that name.") + known;
    }

    static String residualFromOwnBlock(String field, String from, String dense) {
        return "@Residual " + field + " adds the output of " + from + ", which is in its own block (that of @Dense "
                + dense + "); a residual adds the output of an earlier block. Name the last layer of an earlier"
                + " block in from.";
    }

    static String residualFromNotBlockEnd(String field, String from, String last) {
        return "@Residual " + field + " adds the output of " + from + ", but " + from + "'s block goes on to "
                + last + ": from must name the last layer of its block, whose output the next @Dense reads. Write"
                + " from = \"" + last + "\".";
    }

    static String residualWidths(String field, String from, int fromUnits, String dense, int units) {
        return "@Residual " + field + " adds the output of " + from + " (" + fromUnits + " units) to the block of"
                + " @Dense " + dense + " (" + units + " units); the two must have the same width. Make them equal,"
                + " or take the skip from a block of " + units + " units.";
    }

    static String lossAttribute(String attribute, String loss, String actual) {
        return "@Model " + attribute + " applies to Loss." + loss + ", but this model is trained on " + actual
                + ". Remove it, or use " + loss + ".";
    }

    static String residualFromItself(String field) {
        return "@Residual " + field + " names itself in from; a residual adds the output of an earlier block. Name"
                + " the last layer of an earlier block.";
    }

    static String residualFromNoBlock(String field, String from) {
        return "@Residual " + field + " adds the output of " + from + ", which stands before any @Dense and so ends"
                + " no block. Name the last layer of an earlier block.";
    }
}
