package org.sciloop.core.space;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One input of an experiment. The three kinds are closed: planners and encodings switch on them.
 *
 * <p>Every parameter maps its values to and from the unit interval, which is how space-filling designs
 * and surrogate models see it. Numeric values are {@code Double}, categorical levels are {@code String}.
 */
public sealed interface Parameter permits Parameter.Continuous, Parameter.Discrete, Parameter.Categorical {

    String name();

    /** Why {@code value} is not a value of this parameter, or empty if it is one. */
    Optional<String> violation(Object value);

    /** Position of a valid value in [0, 1]. */
    double toUnit(Object value);

    /** The value nearest to a position in [0, 1]. */
    Object fromUnit(double u);

    /** A real interval [low, high] with an optional unit. */
    record Continuous(String name, double low, double high, String unit) implements Parameter {
        public Continuous {
            requireName(name);
            if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
                throw new IllegalArgumentException(
                        "parameter '" + name + "': low must be below high, got [" + low + ", " + high + "]");
            }
            unit = unit == null ? "" : unit;
        }

        @Override
        public Optional<String> violation(Object value) {
            if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                return Optional.of(name + " must be a finite number, got " + describe(value));
            }
            double v = n.doubleValue();
            return v < low || v > high
                    ? Optional.of(name + " = " + v + " is outside [" + low + ", " + high + "]")
                    : Optional.empty();
        }

        @Override
        public double toUnit(Object value) {
            return (((Number) value).doubleValue() - low) / (high - low);
        }

        @Override
        public Object fromUnit(double u) {
            return low + clamp(u) * (high - low);
        }
    }

    /** An ordered, finite set of numbers (a concentration of 0.057, 0.1 or 0.153 M). */
    record Discrete(String name, List<Double> values, String unit) implements Parameter {
        public Discrete {
            requireName(name);
            values = values.stream().distinct().sorted().toList();
            if (values.isEmpty() || values.stream().anyMatch(v -> !Double.isFinite(v))) {
                throw new IllegalArgumentException("parameter '" + name + "' needs at least one finite value");
            }
            unit = unit == null ? "" : unit;
        }

        @Override
        public Optional<String> violation(Object value) {
            if (value instanceof Number n && values.contains(n.doubleValue())) {
                return Optional.empty();
            }
            return Optional.of(name + " must be one of " + values + ", got " + describe(value));
        }

        @Override
        public double toUnit(Object value) {
            double lo = values.get(0);
            double hi = values.get(values.size() - 1);
            return hi == lo ? 0.5 : (((Number) value).doubleValue() - lo) / (hi - lo);
        }

        @Override
        public Object fromUnit(double u) {
            double lo = values.get(0);
            double target = lo + clamp(u) * (values.get(values.size() - 1) - lo);
            Double best = values.get(0);
            for (Double v : values) {
                if (Math.abs(v - target) < Math.abs(best - target)) {
                    best = v;
                }
            }
            return best;
        }
    }

    /**
     * An unordered, finite set of named levels (a ligand, a solvent).
     *
     * @param descriptors numbers that describe each level (computed chemical properties, say), all of the
     *     same length, or empty; models may use them to judge how alike two levels are
     */
    record Categorical(String name, List<String> levels, Map<String, List<Double>> descriptors) implements Parameter {
        public Categorical {
            requireName(name);
            levels = levels.stream().distinct().toList();
            if (levels.isEmpty()) {
                throw new IllegalArgumentException("parameter '" + name + "' needs at least one level");
            }
            descriptors = Map.copyOf(descriptors);
            if (!descriptors.isEmpty()) {
                for (String level : levels) {
                    List<Double> d = descriptors.get(level);
                    if (d == null) {
                        throw new IllegalArgumentException("parameter '" + name + "': no descriptors for level '"
                                + level + "'");
                    }
                    if (d.size() != descriptors.get(levels.get(0)).size() || d.stream().anyMatch(v -> !Double.isFinite(v))) {
                        throw new IllegalArgumentException("parameter '" + name + "': the descriptors of level '"
                                + level + "' differ in length from the others or are not finite");
                    }
                }
            }
        }

        public Categorical(String name, List<String> levels) {
            this(name, levels, Map.of());
        }

        @Override
        public Optional<String> violation(Object value) {
            return value instanceof String s && levels.contains(s)
                    ? Optional.empty()
                    : Optional.of(name + " must be one of its " + levels.size() + " levels"
                            // a few short levels are listed: the fix is then on the screen
                            + (String.join(", ", levels).length() <= 120 ? " " + levels : "") + ", got "
                            + describe(value));
        }

        /** Levels sit at the centres of equal cells, so {@link #fromUnit} inverts this exactly. */
        @Override
        public double toUnit(Object value) {
            return (levels.indexOf(value) + 0.5) / levels.size();
        }

        @Override
        public Object fromUnit(double u) {
            return levels.get(Math.min(levels.size() - 1, (int) Math.floor(clamp(u) * levels.size())));
        }
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a parameter needs a name");
        }
    }

    private static double clamp(double u) {
        return Math.max(0.0, Math.min(1.0, u));
    }

    private static String describe(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
