package org.sciloop.core.space;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.sciloop.core.model.Settings;

/**
 * What combinations of settings the optimiser should look among (a scenario's {@code constraints.parameters}):
 * a linear condition over numeric parameters, whose terms may look a categorical level up in a table
 * ({@code Temp_C <= boiling_point(solvent) - 5}), or levels never to combine. Planners propose only points that
 * keep every constraint; the engine does not refuse a point that breaks one (a person may run it and tell it):
 * what may never run is the safety policy's to say.
 */
public sealed interface ParameterConstraint permits ParameterConstraint.Linear, ParameterConstraint.Forbidden {

    /** As the scenario wrote it. */
    String text();

    /** Whether {@code settings}, a point of the space, keep this constraint. */
    boolean keptBy(Settings settings);

    /** "the constraint A", or "the constraints A and B", as a record or a message names them. */
    static String texts(List<ParameterConstraint> constraints) {
        List<String> texts = constraints.stream().map(ParameterConstraint::text).toList();
        return texts.size() == 1 ? "the constraint " + texts.get(0) : "the constraints "
                + String.join(", ", texts.subList(0, texts.size() - 1)) + " and " + texts.get(texts.size() - 1);
    }

    /** Why this constraint does not fit {@code space} (a name it lacks, a level a table misses), or empty. */
    Optional<String> misfit(ParameterSpace space);

    enum Relation { AT_MOST, AT_LEAST, EQUAL }

    /** A categorical level looked up in a table, times a coefficient: {@code 2 * boiling_point(solvent)}. */
    record Tabled(String table, String argument, double coefficient, Map<String, Double> values) {
    }

    /**
     * {@code sum of coefficient * parameter + sum of tabled terms + constant} kept at most, at least or exactly
     * at zero (both sides of the written relation brought to the left).
     */
    record Linear(String text, Map<String, Double> coefficients, List<Tabled> tabled, double constant,
                  Relation relation) implements ParameterConstraint {

        /** The left side less the right side at {@code settings}. */
        public double value(Settings settings) {
            double v = constant;
            for (Map.Entry<String, Double> c : coefficients.entrySet()) {
                v += c.getValue() * ((Number) settings.get(c.getKey())).doubleValue();
            }
            for (Tabled t : tabled) {
                v += t.coefficient() * t.values().get(String.valueOf(settings.get(t.argument())));
            }
            return v;
        }

        /**
         * Rounding allowance, relative to the terms' size: an inequality's is the width of a few roundings (so
         * 0.1 + 0.2 <= 0.3 holds, and nothing a person could measure lies beyond it); an equality's is wider, for
         * a point solved onto it.
         */
        private double tolerance(Settings settings) {
            double scale = Math.abs(constant);
            for (Map.Entry<String, Double> c : coefficients.entrySet()) {
                scale += Math.abs(c.getValue() * ((Number) settings.get(c.getKey())).doubleValue());
            }
            return (relation == Relation.EQUAL ? 1e-9 : 1e-12) * (1 + scale);
        }

        @Override
        public boolean keptBy(Settings settings) {
            double v = value(settings);
            double tolerance = tolerance(settings);
            return switch (relation) {
                case AT_MOST -> v <= tolerance;
                case AT_LEAST -> v >= -tolerance;
                case EQUAL -> Math.abs(v) <= tolerance;
            };
        }

        @Override
        public Optional<String> misfit(ParameterSpace space) {
            for (String name : coefficients.keySet()) {
                Optional<Parameter> p = space.parameter(name);
                if (p.isEmpty()) {
                    return Optional.of("no parameter '" + name + "'; the space's parameters: " + names(space)
                            + quotingHint(space));
                }
                if (p.get() instanceof Parameter.Categorical) {
                    return Optional.of("'" + name + "' is categorical, so it has no number to add up; give its levels"
                            + " numbers in a table under constraints.tables and write table(" + name + ")");
                }
            }
            for (Tabled t : tabled) {
                Optional<Parameter> p = space.parameter(t.argument());
                if (p.isEmpty()) {
                    return Optional.of("no parameter '" + t.argument() + "' to look up in table '" + t.table()
                            + "'; the space's parameters: " + names(space));
                }
                if (!(p.get() instanceof Parameter.Categorical c)) {
                    return Optional.of("table '" + t.table() + "' looks up levels, but '" + t.argument()
                            + "' is a number: use it in the expression directly");
                }
                Set<String> missing = new TreeSet<>(c.levels());
                missing.removeAll(t.values().keySet());
                if (!missing.isEmpty()) {
                    return Optional.of("table '" + t.table() + "' gives no value for " + t.argument() + " level"
                            + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing));
                }
                Set<String> unknown = new TreeSet<>(t.values().keySet());
                unknown.removeAll(c.levels());
                if (!unknown.isEmpty()) {
                    return Optional.of("table '" + t.table() + "' names " + String.join(", ", unknown) + ", not "
                            + (unknown.size() == 1 ? "a level" : "levels") + " of " + t.argument() + " (its levels: "
                            + String.join(", ", c.levels()) + ")");
                }
            }
            if (coefficients.isEmpty()) {
                return Optional.of("names no numeric parameter, so no choice of settings could change it");
            }
            return Optional.empty();
        }

        /**
         * The parameter an equality is solved for: its last continuous one (a planner sets the others and this
         * one follows); empty for an inequality, or an equality of discrete parameters only (a filter).
         */
        public Optional<String> solvedFor(ParameterSpace space) {
            if (relation != Relation.EQUAL) {
                return Optional.empty();
            }
            String last = null;
            for (String name : coefficients.keySet()) {
                if (space.parameter(name).orElseThrow() instanceof Parameter.Continuous) {
                    last = name;
                }
            }
            return Optional.ofNullable(last);
        }

        /** {@code settings} with {@code parameter} moved so that this constraint's value is zero. */
        Settings solved(Settings settings, String parameter) {
            double x = ((Number) settings.get(parameter)).doubleValue() - value(settings) / coefficients.get(parameter);
            Map<String, Object> values = new LinkedHashMap<>(settings.values());
            values.put(parameter, x);
            return new Settings(values);
        }
    }

    /** Levels (or values) never run together: every named parameter at one of its listed levels. */
    record Forbidden(String text, Map<String, List<String>> levels) implements ParameterConstraint {

        @Override
        public boolean keptBy(Settings settings) {
            for (Map.Entry<String, List<String>> e : levels.entrySet()) {
                if (!e.getValue().contains(level(settings.get(e.getKey())))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Optional<String> misfit(ParameterSpace space) {
            for (Map.Entry<String, List<String>> e : levels.entrySet()) {
                Optional<Parameter> p = space.parameter(e.getKey());
                if (p.isEmpty()) {
                    return Optional.of("no parameter '" + e.getKey() + "'; the space's parameters: " + names(space));
                }
                List<String> known = p.get() instanceof Parameter.Categorical c ? c.levels()
                        : p.get() instanceof Parameter.Discrete d ? d.values().stream().map(Forbidden::level).toList()
                        : null;
                if (known == null) {
                    return Optional.of("'" + e.getKey() + "' is continuous; forbid ranges of it with an inequality"
                            + " under constraints.parameters");
                }
                for (String level : e.getValue()) {
                    if (!known.contains(level)) {
                        return Optional.of("'" + level + "' is not a level of " + e.getKey() + " (its levels: "
                                + String.join(", ", known) + ")");
                    }
                }
            }
            return Optional.empty();
        }

        /** A value as a level: a number without a needless ".0", so 100 names the value 100.0. */
        public static String level(Object value) {
            if (value instanceof Number n) {
                double v = n.doubleValue();
                return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
            }
            return String.valueOf(value);
        }
    }

    /** How to write a parameter whose name a condition cannot spell plainly (T-reactor reads as T minus reactor). */
    private static String quotingHint(ParameterSpace space) {
        return space.parameters().stream().map(Parameter::name).filter(n -> !n.matches("[A-Za-z_][A-Za-z0-9_.]*"))
                .findFirst().map(n -> " (a name with other characters goes in backquotes, and then the whole"
                        + " condition in quotes: \"`" + n + "` <= ...\")").orElse("");
    }

    private static String names(ParameterSpace space) {
        return String.join(", ", space.parameters().stream().map(Parameter::name).toList());
    }

    /**
     * Reads a linear condition: sums of terms ({@code 2 * x}, {@code x / 2}, {@code -x}, a number, or a table's
     * value of a level, {@code boiling_point(solvent)}) on both sides of {@code <=}, {@code >=}, {@code ==}
     * ({@code <}, {@code >} and {@code =} read the same). Names with other characters go in backquotes.
     *
     * @param tables the tables the condition may look levels up in, by name
     * @throws IllegalArgumentException saying what is wrong where
     */
    public static Linear parse(String text, Map<String, Map<String, Double>> tables) {
        return new LinearReader(text, tables).constraint();
    }
}
