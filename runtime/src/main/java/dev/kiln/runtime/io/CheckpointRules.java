package dev.kiln.runtime.io;

import dev.kiln.runtime.Rng;
import java.util.List;
import java.util.Optional;

/**
 * What every value a checkpoint stores may be: one rule per tensor slot and metadata entry, in one table, so
 * that {@link Checkpoint#restore} refuses a file whose values are outside their domain (a negative BatchNorm
 * variance would predict NaN; a negative Adam second moment would diverge) before it changes the model. A
 * new kind of stored value is one line in {@link #RULES}.
 *
 * <p>Names are matched by their shape: a metadata entry by its whole key ({@code optimizer.step}), an
 * optimizer tensor {@code optimizer.<slot>.<layer>.<tensor>} by its slot ({@code optimizer.v.*}), and a
 * layer's tensor {@code <layer>.<tensor>} by its last part ({@code *.running_var}). A tensor without a rule
 * is still checked to be finite; Kiln's tests check that every name a generated model saves has a rule.
 */
public final class CheckpointRules {

    private CheckpointRules() {}

    /** The values a rule allows, with the words a message uses for them. */
    public enum Domain {
        /** Any finite number. */
        REAL("a finite number"),
        /** A finite number at least 0 (sums and averages of squares, norms, variances). */
        NON_NEGATIVE("a finite number at least 0"),
        /** A number from 0 to 1. */
        UNIT_INTERVAL("a number from 0 to 1"),
        /** A finite number greater than 0. */
        POSITIVE("a finite number greater than 0"),
        /** A whole number from 0 to 2^63 - 1. */
        COUNT("a whole number from 0 to 9223372036854775807"),
        /** A whole number from 0 to 2^31 - 1. */
        INT_COUNT("a whole number from 0 to 2147483647"),
        /** Any 64-bit whole number. */
        WHOLE("a whole number from -9223372036854775808 to 9223372036854775807"),
        /** Each of the row indexes 0 to n - 1 exactly once, for a vector of n entries. */
        PERMUTATION("a permutation of 0 to n - 1 (each row index exactly once)"),
        /** A random generator's state as {@link Rng#saveState} writes it. */
        GENERATOR("a generator state (two hexadecimal numbers, state:spare)"),
        /** Identifies the file; checked with its format, version, structure and checksum before anything else. */
        HEADER("what the format check expects");

        private final String words;

        Domain(String words) {
            this.words = words;
        }

        /** The domain in words, as messages give it: "a finite number at least 0". */
        public String words() {
            return words;
        }
    }

    /**
     * One row of the table.
     *
     * @param pattern a metadata key, {@code optimizer.<slot>.*} or {@code *.<tensor>}
     * @param domain  the values allowed
     * @param what    what the value is, for messages
     */
    public record Rule(String pattern, Domain domain, String what) {}

    /** The table. Parameters are any finite number; state that accumulates squares or norms cannot be negative. */
    private static final List<Rule> RULES = List.of(
            new Rule("*.weights", Domain.REAL, "a dense layer's weights"),
            new Rule("*.bias", Domain.REAL, "a bias"),
            new Rule("*.slope", Domain.REAL, "a PReLU slope"),
            new Rule("*.gamma", Domain.REAL, "a BatchNorm scale"),
            new Rule("*.beta", Domain.REAL, "a BatchNorm shift"),
            new Rule("*.running_mean", Domain.REAL, "a BatchNorm running mean"),
            new Rule("*.running_var", Domain.NON_NEGATIVE, "a BatchNorm running variance"),
            new Rule("optimizer.velocity.*", Domain.REAL, "a momentum buffer"),
            new Rule("optimizer.m.*", Domain.REAL, "a first moment (average gradient)"),
            new Rule("optimizer.v.*", Domain.NON_NEGATIVE, "a second moment (average squared gradient)"),
            new Rule("optimizer.vmax.*", Domain.NON_NEGATIVE, "AMSGrad's largest second moment"),
            new Rule("optimizer.u.*", Domain.NON_NEGATIVE, "AdaMax's infinity norm of the gradients"),
            new Rule("optimizer.square_avg.*", Domain.NON_NEGATIVE,
                    "a sum or average of squared gradients (AdaGrad, RMSProp, AdaDelta)"),
            new Rule("optimizer.delta_avg.*", Domain.NON_NEGATIVE, "AdaDelta's average of squared updates"),
            new Rule("progress.order", Domain.PERMUTATION, "the last epoch's row order"),
            new Rule("optimizer.step", Domain.COUNT, "the optimizer's step count"),
            // μ_1⋯μ_t with every μ in (0, 1); 1 before the first step, and it may underflow to 0 in a long run.
            new Rule("optimizer.mu_product", Domain.UNIT_INTERVAL, "Nadam's product of momentum factors"),
            new Rule("dropout.rng", Domain.GENERATOR, "the dropout generator"),
            new Rule("progress.epochs", Domain.INT_COUNT, "the epochs done"),
            new Rule("progress.steps", Domain.COUNT, "the training steps done"),
            new Rule("progress.seed", Domain.WHOLE, "the run's seed"),
            new Rule("progress.rate_factor", Domain.POSITIVE, "the learning-rate factor"),
            new Rule("progress.shuffle_rng", Domain.GENERATOR, "the shuffle generator"),
            new Rule("progress.augment_rng", Domain.GENERATOR, "the augmentation generator"),
            new Rule("format", Domain.HEADER, "the file format"),
            new Rule("format_version", Domain.HEADER, "the format version"),
            new Rule("model", Domain.HEADER, "the saving model's class"),
            new Rule("structure", Domain.HEADER, "the model's structure"),
            new Rule("fingerprint", Domain.HEADER, "the structure's fingerprint"),
            new Rule("kiln.crc32c", Domain.HEADER, "the checksum"));

    /** Every rule, in table order. */
    public static List<Rule> rules() {
        return RULES;
    }

    /**
     * The rule for a tensor name or metadata key, or empty when the table has none.
     *
     * @throws IllegalArgumentException when {@code name} is null
     */
    public static Optional<Rule> ruleFor(String name) {
        if (name == null) {
            throw new IllegalArgumentException("CheckpointRules.ruleFor needs a name, but got null.");
        }
        String[] parts = name.split("\\.", -1);
        String pattern;
        if (parts.length >= 4 && parts[0].equals("optimizer")) {
            pattern = "optimizer." + parts[1] + ".*";
        } else {
            pattern = name;
        }
        for (Rule r : RULES) {
            if (r.pattern().equals(pattern)) {
                return Optional.of(r);
            }
        }
        // A layer's tensor: its layer name is a Java identifier, so the last part is the tensor's kind.
        if (parts.length == 2) {
            for (Rule r : RULES) {
                if (r.pattern().equals("*." + parts[1])) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Why the float tensor {@code name} is outside its domain, or null when every value is inside. Names the
     * first offending index and value.
     */
    static String checkTensor(String name, float[] values) {
        return checkTensor(name, values, 0, values.length);
    }

    /** As {@link #checkTensor(String, float[])}, for the {@code length} values from {@code offset} on. */
    static String checkTensor(String name, float[] values, int offset, int length) {
        Optional<Rule> rule = ruleFor(name);
        Domain domain = rule.map(Rule::domain).orElse(Domain.REAL);
        for (int i = 0; i < length; i++) {
            float v = values[offset + i];
            boolean inside = switch (domain) {
                case NON_NEGATIVE -> v >= 0 && v < Float.POSITIVE_INFINITY;
                case UNIT_INTERVAL -> v >= 0 && v <= 1;
                case POSITIVE -> v > 0 && v < Float.POSITIVE_INFINITY;
                default -> Float.isFinite(v);
            };
            if (!inside) {
                return "holds " + v + " in " + name + " at index " + i + ", but "
                        + rule.map(Rule::what).orElse("a stored tensor") + " must be " + domain.words();
            }
        }
        return null;
    }

    /** Why the row order is not a permutation, or null when it is. */
    static String checkOrder(String name, int[] order) {
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int r = order[i];
            if (r < 0 || r >= order.length || seen[r]) {
                return "holds " + r + " in " + name + " at index " + i + ", but " + ruleFor(name).orElseThrow().what()
                        + " must be " + Domain.PERMUTATION.words().replace("n - 1", Integer.toString(order.length - 1))
                        + (r >= 0 && r < order.length ? "; " + r + " appears twice" : "");
            }
            seen[r] = true;
        }
        return null;
    }

    /** Why metadata entry {@code key} is outside its domain, or null when it is inside or has no rule here. */
    static String checkMetadata(String key, String value) {
        Optional<Rule> rule = ruleFor(key);
        if (rule.isEmpty()) {
            return null; // the generated loadScalars parses it, and a test keeps every key Kiln writes in the table
        }
        boolean inside = switch (rule.get().domain()) {
            case COUNT -> parsesAsLong(value) && Long.parseLong(value) >= 0;
            case INT_COUNT -> parsesAsLong(value) && Long.parseLong(value) >= 0
                    && Long.parseLong(value) <= Integer.MAX_VALUE;
            case WHOLE -> parsesAsLong(value);
            case REAL -> parsesAsDouble(value) && Double.isFinite(Double.parseDouble(value));
            case NON_NEGATIVE -> parsesAsDouble(value) && Double.parseDouble(value) >= 0
                    && Double.parseDouble(value) < Double.POSITIVE_INFINITY;
            case POSITIVE -> parsesAsDouble(value) && Double.parseDouble(value) > 0
                    && Double.parseDouble(value) < Double.POSITIVE_INFINITY;
            case UNIT_INTERVAL -> parsesAsDouble(value) && Double.parseDouble(value) >= 0
                    && Double.parseDouble(value) <= 1;
            case GENERATOR -> isGeneratorState(value);
            case PERMUTATION, HEADER -> true;
        };
        return inside ? null : "has " + key + " = '" + shorten(value) + "' in its metadata, but "
                + rule.get().what() + " must be " + rule.get().domain().words();
    }

    private static boolean parsesAsLong(String s) {
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean parsesAsDouble(String s) {
        // Only the forms Double.toString writes; no hex, suffixes or surrounding spaces.
        if (s.isEmpty() || s.length() > 40 || !s.matches("-?[0-9]+(\\.[0-9]+)?([eE]-?[0-9]+)?")) {
            return false;
        }
        Double.parseDouble(s);
        return true;
    }

    /** A state {@link Rng#restoreState} takes, whose spare Gaussian is a number or NaN (none kept). */
    private static boolean isGeneratorState(String s) {
        try {
            new Rng(0).restoreState(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
        double spare = Double.longBitsToDouble(Long.parseUnsignedLong(s.substring(s.indexOf(':') + 1), 16));
        return !Double.isInfinite(spare);
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
