package org.sciloop.core.model;

import java.util.Locale;

/**
 * A bound an outcome must keep for an experiment to count ({@code impurity <= 0.5}): what the optimiser should
 * look for, not what may run (that is the safety policy's). An experiment that breaks it is observed and
 * modelled like any other, but joins neither the best value nor the Pareto front.
 */
public record OutcomeConstraint(String outcome, Bound bound, double limit) {

    /** Which side of the limit is feasible. */
    public enum Bound {
        AT_MOST("<="), AT_LEAST(">=");

        private final String symbol;

        Bound(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public OutcomeConstraint {
        if (outcome == null || outcome.isBlank()) {
            throw new IllegalArgumentException("an outcome constraint names an outcome");
        }
        if (!Double.isFinite(limit)) {
            throw new IllegalArgumentException("the limit of an outcome constraint must be a finite number");
        }
    }

    /**
     * {@code outcome <= number} or {@code outcome >= number} ({@code <} and {@code >} read the same: a measured
     * value sits on the limit with probability zero). One outcome against one number: a bound on a sum of
     * outcomes would need a model of their sum.
     */
    public static OutcomeConstraint parse(String text) {
        String[] parts = text.trim().split("\\s*(<=|>=|<|>|==|=)\\s*", -1);
        java.util.regex.Matcher op = java.util.regex.Pattern.compile("<=|>=|==|<|>|=").matcher(text);
        if (parts.length != 2 || !op.find()) {
            throw new IllegalArgumentException("write 'outcome <= number' or 'outcome >= number', got '" + text + "'");
        }
        String relation = op.group();
        if (relation.startsWith("=")) {
            throw new IllegalArgumentException("an outcome cannot be held equal to a value; bound it with <= or >=,"
                    + " got '" + text + "'");
        }
        String name = parts[0].trim();
        String number = parts[1].trim();
        boolean flipped = false;
        if (isNumber(name) && !isNumber(number)) {  // "0.5 >= impurity"
            String t = name;
            name = number;
            number = t;
            flipped = true;
        }
        if (!isNumber(number)) {
            throw new IllegalArgumentException("bound one outcome by a number, as in 'impurity <= 0.5'; got '" + text
                    + "'");
        }
        if (name.matches(".*[-+*/].*") && !name.startsWith("`")) {
            throw new IllegalArgumentException("bound one outcome by a number, as in 'impurity <= 0.5', got '" + text
                    + "' (a bound on a sum of outcomes would need a model of that sum: have the tool output it)");
        }
        if (!name.matches("[A-Za-z_][A-Za-z0-9_.]*|`[^`]+`")) {
            throw new IllegalArgumentException("'" + name + "' is not an outcome's name (a constraint bounds one"
                    + " outcome by a number; a name with other characters goes in backquotes)");
        }
        boolean atMost = relation.startsWith("<") != flipped;
        return new OutcomeConstraint(name.replace("`", ""), atMost ? Bound.AT_MOST : Bound.AT_LEAST,
                Double.parseDouble(number));
    }

    private static boolean isNumber(String s) {
        return s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    }

    public boolean metBy(double value) {
        return bound == Bound.AT_MOST ? value <= limit : value >= limit;
    }

    /** Whether {@code observation} has this outcome and keeps its bound. */
    public boolean metBy(Observation observation) {
        return observation.outcome(outcome).stream().anyMatch(this::metBy);
    }

    /** Whether {@code observation} keeps every one of {@code constraints} (a failed run keeps none, unless there are none). */
    public static boolean allMetBy(java.util.List<OutcomeConstraint> constraints, Observation observation) {
        return constraints.stream().allMatch(c -> c.metBy(observation));
    }

    /** Those of {@code constraints} that {@code observation} breaks, in their order. */
    public static java.util.List<OutcomeConstraint> brokenBy(java.util.List<OutcomeConstraint> constraints,
            Observation observation) {
        return constraints.stream().filter(c -> !c.metBy(observation)).toList();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s %s", outcome, bound.symbol(), trimmed(limit));
    }

    private static String trimmed(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
