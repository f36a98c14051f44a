package org.sciloop.core.space;

import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sciloop.core.model.Settings;

/**
 * The inputs an experiment can set. A space without continuous parameters is finite: its candidates are
 * the full factorial of the parameters' values, in a fixed order. A pool ({@link #pool}) runs only some
 * combinations of the values of its parameters that are not continuous.
 */
public final class ParameterSpace {
    /** Above this many candidates a finite space is not enumerated (planners sample it instead). */
    public static final long MAX_ENUMERATED = 5_000_000;

    private final List<Parameter> parameters;
    private List<Settings> candidates;
    /**
     * The only combinations of the values of the parameters that are not continuous that can be run, when they
     * are not every combination (a table that is not a full factorial); or null. In a finite space they are its
     * candidates.
     */
    private final Set<Settings> pool;
    /** The parameters that are not continuous: a pool's combinations give a value to each of them. */
    private final List<Parameter> pooled;
    /** The pool's combinations in unit coordinates of {@link #pooled}, in the pool's order. */
    private final List<double[]> poolUnit;
    /** The pool's combinations in their order (the table's), for the candidates and for a model's briefing. */
    private final List<Settings> poolOrder;
    /** What the optimiser should look among ({@link #constrainedBy}); empty when every point will do. */
    private final List<ParameterConstraint> constraints;
    /** Each equality with a continuous parameter, by the parameter it is solved for. */
    private final Map<String, ParameterConstraint.Linear> solvedFor;

    public ParameterSpace(List<Parameter> parameters) {
        this(parameters, null, List.of());
    }

    private ParameterSpace(List<Parameter> parameters, List<Settings> pool, List<ParameterConstraint> constraints) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("a parameter space needs at least one parameter");
        }
        List<String> names = parameters.stream().map(Parameter::name).toList();
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("parameter names must be unique, got " + names);
        }
        this.parameters = List.copyOf(parameters);
        this.pooled = parameters.stream().filter(p -> !(p instanceof Parameter.Continuous)).toList();
        if (pool != null) {
            // Each combination's values in the parameters' order, as every point of the space names them.
            List<Settings> ordered = List.copyOf(new LinkedHashSet<>(pool.stream().map(this::combinationOf).toList()));
            this.pool = Set.copyOf(ordered);
            this.poolUnit = ordered.stream().map(c -> pooled.stream().mapToDouble(p -> p.toUnit(c.get(p.name())))
                    .toArray()).toList();
            this.poolOrder = ordered;
            if (isFinite()) {
                this.candidates = ordered;
            }
        } else {
            this.pool = null;
            this.poolUnit = null;
            this.poolOrder = null;
        }
        this.constraints = List.copyOf(constraints);
        this.solvedFor = new LinkedHashMap<>();
        for (ParameterConstraint c : constraints) {
            c.misfit(this).ifPresent(why -> {
                throw new IllegalArgumentException(c.text() + ": " + why);
            });
            if (c instanceof ParameterConstraint.Linear linear) {
                linear.solvedFor(this).ifPresent(p -> {
                    ParameterConstraint.Linear earlier = solvedFor.put(p, linear);
                    if (earlier != null) {
                        throw new IllegalArgumentException(linear.text() + ": is solved for " + p + " (its last"
                                + " continuous parameter), as '" + earlier.text() + "' is; reorder the terms so that"
                                + " each equality ends with a continuous parameter no other equality names");
                    }
                });
            }
        }
        for (Map.Entry<String, ParameterConstraint.Linear> e : solvedFor.entrySet()) {
            for (ParameterConstraint.Linear other : solvedFor.values()) {
                if (other != e.getValue() && other.coefficients().containsKey(e.getKey())) {
                    throw new IllegalArgumentException(e.getValue().text() + ": is solved for " + e.getKey() + " (its"
                            + " last continuous parameter), which '" + other.text() + "' names too; reorder the"
                            + " terms so that each equality ends with a continuous parameter no other equality names");
                }
            }
        }
        if (isFinite() && !constraints.isEmpty() && size() <= MAX_ENUMERATED) {
            List<Settings> all = pool != null ? candidates
                    : new ParameterSpace(parameters, null, List.of()).candidates();
            this.candidates = all.stream().filter(this::keepsConstraints).toList();
        }
    }

    /**
     * This space with {@code constraints} on which of its points the optimiser should look among: a finite
     * space's candidates are those that keep them, and {@link #constrainedFromUnit} gives only such points.
     *
     * @throws IllegalArgumentException when a constraint does not fit the space, or two equalities would be
     *     solved for the same parameter
     */
    public ParameterSpace constrainedBy(List<ParameterConstraint> constraints) {
        return new ParameterSpace(parameters, poolOrder, constraints);
    }

    /** Why a planner stops once a finite space's every candidate is measured, counting what it could propose. */
    public String allMeasured() {
        return constraints.isEmpty() ? "all " + size() + " candidates of the space are measured"
                : "all " + candidates().size() + " candidates that keep the constraints (of " + size()
                        + " combinations) are measured";
    }

    /** The constraints on which points the optimiser should look among; empty when every point will do. */
    public List<ParameterConstraint> constraints() {
        return constraints;
    }

    /** The constraints {@code settings} (a point of the space) break, in the scenario's order; empty if none. */
    public List<ParameterConstraint> brokenConstraints(Settings settings) {
        return constraints.stream().filter(c -> !c.keptBy(settings)).toList();
    }

    public boolean keepsConstraints(Settings settings) {
        return constraints.stream().allMatch(c -> c.keptBy(settings));
    }

    /**
     * The point at unit coordinates {@code u} with each equality's parameter solved from the others, if it lies
     * in the space and keeps every constraint: how a planner drawing points of the cube gets admissible ones.
     * Without constraints, always {@link #fromUnit}.
     */
    public Optional<Settings> constrainedFromUnit(double[] u) {
        return admissible(fromUnit(u));
    }

    /** The share of {@code draws} uniform points of the cube that {@link #constrainedFromUnit} admits. */
    public double admissibleShare(int draws, java.util.Random random) {
        int admitted = 0;
        double[] u = new double[parameters.size()];
        for (int i = 0; i < draws; i++) {
            for (int j = 0; j < u.length; j++) {
                u[j] = random.nextDouble();
            }
            admitted += constrainedFromUnit(u).isPresent() ? 1 : 0;
        }
        return (double) admitted / draws;
    }

    /**
     * {@code settings} with each equality's parameter solved from the others (a planner's choice in the cube
     * made to keep them), if the result lies in the space and keeps every constraint.
     */
    public Optional<Settings> admissible(Settings settings) {
        Settings s = settings;
        for (Map.Entry<String, ParameterConstraint.Linear> e : solvedFor.entrySet()) {
            s = e.getValue().solved(s, e.getKey());
        }
        return violation(s).isEmpty() && keepsConstraints(s) ? Optional.of(s) : Optional.empty();
    }

    /**
     * A pool of experiments: of all the combinations of the values of the parameters that are not continuous,
     * only {@code combinations} can be run (those a table measured, when it is not a full factorial); any other
     * point is outside the space. In a finite space they are the candidates, in their order; continuous
     * parameters, if any, take any value in their range with each combination.
     */
    public static ParameterSpace pool(List<Parameter> parameters, List<Settings> combinations) {
        ParameterSpace product = new ParameterSpace(parameters);
        if (product.pooled.isEmpty()) {
            throw new IllegalArgumentException("a pool needs a parameter that is not continuous");
        }
        if (combinations.isEmpty()) {
            throw new IllegalArgumentException("a pool needs at least one combination");
        }
        for (Settings row : combinations) {
            product.poolViolation(row).ifPresent(why -> {
                throw new IllegalArgumentException("a combination of the pool is not one of its parameters: " + why);
            });
        }
        return new ParameterSpace(parameters, combinations, List.of());
    }

    /** Why {@code combination} does not give exactly the values of the parameters that are not continuous. */
    private Optional<String> poolViolation(Settings combination) {
        for (String name : combination.values().keySet()) {
            Optional<Parameter> p = parameter(name);
            if (p.isEmpty() || p.get() instanceof Parameter.Continuous) {
                return Optional.of("'" + name + "' is not a parameter that takes levels or values");
            }
        }
        for (Parameter p : pooled) {
            Object value = combination.get(p.name());
            if (value == null) {
                return Optional.of("missing a value for " + p.name());
            }
            Optional<String> v = p.violation(value);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    /** Whether only some combinations can be run: those of {@link #poolCombinations()}. */
    public boolean isPool() {
        return pool != null;
    }

    /** The combinations a pool can run, in their order; empty when every combination can. */
    public List<Settings> poolCombinations() {
        return pool == null ? List.of() : poolOrder;
    }

    /** The values of the parameters that are not continuous in {@code settings}: its combination. */
    private Settings combinationOf(Settings settings) {
        Map<String, Object> values = new LinkedHashMap<>();
        pooled.forEach(p -> values.put(p.name(), settings.get(p.name())));
        return new Settings(values);
    }

    /** The combinations of the parameters, whether or not each can be run. */
    public long combinations() {
        return new ParameterSpace(parameters).size();
    }

    /**
     * This space as {@code narrower} narrows it: a pool keeps the rows that lie inside it; any other space is
     * {@code narrower} itself.
     */
    public ParameterSpace narrowedTo(ParameterSpace narrower) {
        return pool == null ? narrower : new ParameterSpace(narrower.parameters(), poolOrder.stream()
                .filter(row -> narrower.poolViolation(row).isEmpty()).toList(), narrower.constraints);
    }

    /**
     * The space {@code settings} span, for a reader that has only what was run (a report whose tool cannot be
     * rebuilt): numbers become a continuous range from the least to the greatest seen, anything else a
     * categorical parameter of the levels seen. Empty if nothing was run.
     */
    public static Optional<ParameterSpace> spanning(List<Settings> settings) {
        Map<String, List<Object>> seen = new LinkedHashMap<>();
        settings.forEach(s -> s.values().forEach((name, v) -> seen.computeIfAbsent(name, n -> new ArrayList<>()).add(v)));
        List<Parameter> parameters = new ArrayList<>();
        seen.forEach((name, values) -> {
            if (values.stream().allMatch(v -> v instanceof Number n && Double.isFinite(n.doubleValue()))) {
                DoubleSummaryStatistics range = values.stream().mapToDouble(v -> ((Number) v).doubleValue())
                        .summaryStatistics();
                double pad = range.getMax() > range.getMin() ? 0 : 0.5;  // one value seen: a range around it
                parameters.add(new Parameter.Continuous(name, range.getMin() - pad, range.getMax() + pad, ""));
            } else {
                parameters.add(new Parameter.Categorical(name, values.stream().map(String::valueOf).toList(), Map.of()));
            }
        });
        return parameters.isEmpty() ? Optional.empty() : Optional.of(new ParameterSpace(parameters));
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    public int dimensions() {
        return parameters.size();
    }

    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * Why {@code narrower} is not a part of this space that a tool defining this space can answer, by the
     * parameter at fault (empty when it is): a parameter this space lacks or one of this space's it leaves
     * out, another kind of parameter, a range or levels beyond this space's.
     */
    public Optional<Map.Entry<String, String>> incompatibility(ParameterSpace narrower) {
        for (Parameter p : narrower.parameters()) {
            Optional<Parameter> mine = parameter(p.name());
            if (mine.isEmpty()) {
                return Optional.of(Map.entry(p.name(), "the tool takes no input '" + p.name() + "'; its inputs: "
                        + String.join(", ", parameters.stream().map(Parameter::name).toList())));
            }
            Optional<String> wider = widerThan(p, mine.get());
            if (wider.isPresent()) {
                return Optional.of(Map.entry(p.name(), wider.get()));
            }
        }
        for (Parameter p : parameters) {
            if (narrower.parameter(p.name()).isEmpty()) {
                return Optional.of(Map.entry(p.name(), "the tool needs input '" + p.name() + "', which the"
                        + " scenario's space leaves out"));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> widerThan(Parameter asked, Parameter offered) {
        if (asked.getClass() != offered.getClass()) {
            return Optional.of("the tool's '" + offered.name() + "' is " + kind(offered) + ", not " + kind(asked));
        }
        if (asked instanceof Parameter.Continuous a && offered instanceof Parameter.Continuous o
                && (a.low() < o.low() || a.high() > o.high())) {
            return Optional.of("[" + a.low() + ", " + a.high() + "] reaches beyond the tool's [" + o.low() + ", "
                    + o.high() + "]");
        }
        if (asked instanceof Parameter.Discrete a && offered instanceof Parameter.Discrete o
                && !o.values().containsAll(a.values())) {
            return Optional.of("values the tool does not take: " + a.values().stream()
                    .filter(v -> !o.values().contains(v)).toList() + "; it takes " + o.values());
        }
        if (asked instanceof Parameter.Categorical a && offered instanceof Parameter.Categorical o
                && !o.levels().containsAll(a.levels())) {
            return Optional.of("levels the tool does not take: " + a.levels().stream()
                    .filter(v -> !o.levels().contains(v)).toList() + "; it takes " + o.levels());
        }
        return Optional.empty();
    }

    private static String kind(Parameter p) {
        return p instanceof Parameter.Continuous ? "continuous" : p instanceof Parameter.Discrete ? "discrete"
                : "categorical";
    }

    public boolean isFinite() {
        return parameters.stream().noneMatch(p -> p instanceof Parameter.Continuous);
    }

    /** Number of candidates of a finite space (saturating at {@code Long.MAX_VALUE}). */
    public long size() {
        if (!isFinite()) {
            throw new IllegalStateException("a space with continuous parameters has no finite size");
        }
        if (pool != null) {
            return pool.size();
        }
        long n = 1;
        for (Parameter p : parameters) {
            int k = p instanceof Parameter.Discrete d ? d.values().size() : ((Parameter.Categorical) p).levels().size();
            n = Math.multiplyHigh(n, k) != 0 ? Long.MAX_VALUE : n * k;
        }
        return n;
    }

    /**
     * Every candidate of a finite space that keeps its constraints, in a stable order (the last parameter varies
     * fastest).
     */
    public synchronized List<Settings> candidates() {
        if (candidates == null) {
            if (size() > MAX_ENUMERATED) {
                throw new IllegalStateException("space has " + size() + " candidates; too many to enumerate");
            }
            List<Map<String, Object>> partial = List.of(new LinkedHashMap<>());
            for (Parameter p : parameters) {
                List<?> values = p instanceof Parameter.Discrete d ? d.values() : ((Parameter.Categorical) p).levels();
                List<Map<String, Object>> next = new ArrayList<>(partial.size() * values.size());
                for (Map<String, Object> prefix : partial) {
                    for (Object v : values) {
                        Map<String, Object> m = new LinkedHashMap<>(prefix);
                        m.put(p.name(), v);
                        next.add(m);
                    }
                }
                partial = next;
            }
            candidates = partial.stream().map(Settings::new).toList();
        }
        return candidates;
    }

    /** Why {@code settings} is not a point of this space (missing, unknown or invalid values), or empty. */
    public Optional<String> violation(Settings settings) {
        for (String name : settings.values().keySet()) {
            if (parameter(name).isEmpty()) {
                return Optional.of("unknown parameter '" + name + "'");
            }
        }
        for (Parameter p : parameters) {
            Object value = settings.get(p.name());
            if (value == null) {
                return Optional.of("missing a value for " + p.name());
            }
            Optional<String> v = p.violation(value);
            if (v.isPresent()) {
                return v;
            }
        }
        if (pool != null && !pool.contains(combinationOf(settings))) {
            return Optional.of(isFinite()
                    ? "not one of the " + pool.size() + " experiments this space holds (a pool of measured rows, not"
                            + " every combination)"
                    : combinationOf(settings).values() + " is not one of the " + pool.size() + " combinations of "
                            + String.join(", ", pooled.stream().map(Parameter::name).toList()) + " this space"
                            + " holds (those measured, not every combination)");
        }
        return Optional.empty();
    }

    /**
     * Settings of a related task (another campaign) as a point of this space: its parameters must be this space's,
     * each value inside the range or among the levels, except for a parameter this space holds fixed (one level or
     * one value), which takes the fixed value: that is what makes the other campaign another task (another aryl
     * halide, another substrate). Which combinations a pool measured does not matter here. Empty when they do not
     * fit.
     */
    public Optional<Settings> relatedPoint(Settings settings) {
        if (!settings.values().keySet().equals(new java.util.HashSet<>(parameters.stream().map(Parameter::name)
                .toList()))) {
            return Optional.empty();
        }
        Map<String, Object> point = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            Object value = settings.get(p.name());
            Optional<Object> fixed = fixedValue(p);
            if (fixed.isPresent()) {
                point.put(p.name(), fixed.get());
            } else if (p.violation(value).isEmpty()) {
                point.put(p.name(), value);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new Settings(point));
    }

    /** Whether this space has a parameter {@code name} that takes more than one value (not held fixed). */
    public boolean varies(String name) {
        return parameter(name).filter(p -> fixedValue(p).isEmpty()).isPresent();
    }

    private static Optional<Object> fixedValue(Parameter p) {
        if (p instanceof Parameter.Categorical c && c.levels().size() == 1) {
            return Optional.of(c.levels().get(0));
        }
        if (p instanceof Parameter.Discrete d && d.values().size() == 1) {
            return Optional.of(d.values().get(0));
        }
        return p instanceof Parameter.Continuous c && c.low() == c.high() ? Optional.of(c.low()) : Optional.empty();
    }

    public double[] toUnit(Settings settings) {
        double[] u = new double[parameters.size()];
        for (int i = 0; i < u.length; i++) {
            u[i] = parameters.get(i).toUnit(settings.get(parameters.get(i).name()));
        }
        return u;
    }

    /**
     * The point at unit coordinates {@code u}. In a pool, the parameters that are not continuous take the
     * combination nearest their coordinates (the first such, on a tie), so every point can be run and a point
     * of the space maps back to itself.
     */
    public Settings fromUnit(double[] u) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            values.put(parameters.get(i).name(), parameters.get(i).fromUnit(u[i]));
        }
        if (pool != null) {
            values.putAll(poolOrder.get(nearestCombination(u)).values());
        }
        return new Settings(values);
    }

    private int nearestCombination(double[] u) {
        double[] at = new double[pooled.size()];
        for (int j = 0, i = 0; i < parameters.size(); i++) {
            if (!(parameters.get(i) instanceof Parameter.Continuous)) {
                at[j++] = u[i];
            }
        }
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < poolUnit.size(); c++) {
            double d = 0;
            for (int j = 0; j < at.length; j++) {
                d += (at[j] - poolUnit.get(c)[j]) * (at[j] - poolUnit.get(c)[j]);
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return (pool == null ? parameters.toString() : parameters + " (a pool of " + pool.size() + ")")
                + (constraints.isEmpty() ? "" : " where " + String.join(", ", constraints.stream()
                        .map(ParameterConstraint::text).toList()));
    }
}
