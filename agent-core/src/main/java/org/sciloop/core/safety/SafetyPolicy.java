package org.sciloop.core.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.sciloop.core.config.Options;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;

/**
 * The rules every experiment must pass before the engine lets a tool near it, whoever proposed it. It
 * lives outside the planners on purpose: no planner, however clever or confused, can skip it.
 *
 * <p>Two rules apply, in order: the settings must be a point of the space ({@code space}), and each value
 * must respect the scenario's {@code safety.limits} ({@code limit:<parameter>}).
 */
public final class SafetyPolicy {

    /** Why an experiment may not run. {@code rule} names the rule, e.g. {@code limit:Temp_C}. */
    public record Denial(String rule, String reason) {
    }

    /** A limit on one parameter: a numeric range, or the categorical levels that are allowed. */
    public sealed interface Limit {
        String parameter();

        Optional<String> violation(Object value);
    }

    public record Range(String parameter, OptionalDouble min, OptionalDouble max) implements Limit {
        /** Whether some value of numeric parameter {@code p} keeps this range. */
        boolean leavesSome(Parameter p) {
            if (p instanceof Parameter.Continuous c) {
                return (min.isEmpty() || c.high() >= min.getAsDouble()) && (max.isEmpty() || c.low() <= max.getAsDouble());
            }
            return !(p instanceof Parameter.Discrete d) || d.values().stream().anyMatch(v -> violation(v).isEmpty());
        }

        @Override
        public Optional<String> violation(Object value) {
            double v = ((Number) value).doubleValue();
            if (min.isPresent() && v < min.getAsDouble()) {
                return Optional.of(parameter + " = " + v + " is below its safety limit " + min.getAsDouble());
            }
            if (max.isPresent() && v > max.getAsDouble()) {
                return Optional.of(parameter + " = " + v + " is above its safety limit " + max.getAsDouble());
            }
            return Optional.empty();
        }
    }

    public record AllowedLevels(String parameter, List<String> allowed) implements Limit {
        @Override
        public Optional<String> violation(Object value) {
            return allowed.contains(value)
                    ? Optional.empty()
                    : Optional.of(parameter + " = '" + value + "' is not among the levels allowed by safety.limits");
        }
    }

    private final ParameterSpace space;
    private final List<Limit> limits;

    public SafetyPolicy(ParameterSpace space, List<Limit> limits) {
        this.space = space;
        this.limits = List.copyOf(limits);
    }

    /** Reads {@code safety.limits}: {@code name: {min, max}} for numbers, {@code name: {allowed: [...]}}. */
    public static SafetyPolicy fromScenario(Options safety, ParameterSpace space) {
        Options section = safety.child("limits");
        List<Limit> limits = new ArrayList<>();
        for (String name : section.keys()) {
            Parameter p = space.parameter(name).orElseThrow(() -> section.error(name,
                    "no parameter named '" + name + "' in the space; parameters: "
                            + space.parameters().stream().map(Parameter::name).toList()));
            Options limit = section.child(name);
            if (p instanceof Parameter.Categorical c) {
                limit.allowOnly("allowed");
                List<String> allowed = limit.strings("allowed");
                if (allowed.isEmpty()) {
                    throw limit.error("allowed", "allows no level of " + name + ", so nothing could run");
                }
                allowed.stream().filter(l -> !c.levels().contains(l)).findFirst().ifPresent(l -> {
                    throw limit.error("allowed", "'" + l + "' is not a level of " + name);
                });
                limits.add(new AllowedLevels(name, allowed));
            } else {
                limit.allowOnly("min", "max");
                OptionalDouble min = limit.optionalNumber("min");
                OptionalDouble max = limit.optionalNumber("max");
                if (min.isEmpty() && max.isEmpty()) {
                    throw limit.errorHere("give 'min', 'max' or both");
                }
                if (min.isPresent() && max.isPresent() && min.getAsDouble() > max.getAsDouble()) {
                    throw limit.error("min", "min " + min.getAsDouble() + " is above max " + max.getAsDouble());
                }
                Range range = new Range(name, min, max);
                if (space.parameters().stream().noneMatch(q -> q.name().equals(name) && range.leavesSome(q))) {
                    throw limit.errorHere("leaves no value of " + name + " in the space (" + extent(p)
                            + "), so nothing could run; widen the limit or the space");
                }
                limits.add(range);
            }
        }
        SafetyPolicy policy = new SafetyPolicy(space, limits);
        policy.leavesNothing().ifPresent(why -> {
            throw section.errorHere(why);
        });
        return policy;
    }

    /**
     * Why no experiment could pass these limits, if none could: a range beyond its parameter's values, or, in a
     * finite space, limits that each leave some candidates but together none. Checked when a campaign is made.
     */
    public Optional<String> leavesNothing() {
        for (Limit limit : limits) {
            Parameter p = space.parameter(limit.parameter()).orElseThrow();
            if (limit instanceof Range range && !range.leavesSome(p)) {
                return Optional.of("the limit on " + p.name() + " leaves no value of it in the space (" + extent(p)
                        + "), so nothing could run; widen the limit or the space");
            }
        }
        if (!limits.isEmpty() && space.isFinite() && space.size() <= ParameterSpace.MAX_ENUMERATED
                && space.candidates().stream().noneMatch(c -> check(c).isEmpty())) {
            return Optional.of("the limits leave none of the " + space.candidates().size() + " candidates of the"
                    + " space, so nothing could run; widen them");
        }
        return Optional.empty();
    }

    private static String extent(Parameter p) {
        return p instanceof Parameter.Continuous c ? "from " + c.low() + " to " + c.high()
                : p instanceof Parameter.Discrete d ? "one of " + d.values() : "";
    }

    /**
     * This policy with more limits, from the device itself (an instrument profile); both sets apply. A
     * numeric limit on a categorical parameter, or on a parameter not in the space, is refused.
     */
    public SafetyPolicy with(List<Limit> more) {
        for (Limit limit : more) {
            Parameter p = space.parameter(limit.parameter()).orElseThrow(() -> new IllegalArgumentException(
                    "a limit on '" + limit.parameter() + "', which is not a parameter of the space"));
            if (limit instanceof Range && p instanceof Parameter.Categorical) {
                throw new IllegalArgumentException("a numeric limit on the categorical parameter '" + p.name() + "'");
            }
        }
        List<Limit> all = new ArrayList<>(limits);
        all.addAll(more);
        return new SafetyPolicy(space, all);
    }

    public List<Limit> limits() {
        return limits;
    }

    /** The first rule {@code settings} break, or empty when the experiment may run. */
    public Optional<Denial> check(Settings settings) {
        Optional<String> outside = space.violation(settings);
        if (outside.isPresent()) {
            return Optional.of(new Denial("space", outside.get()));
        }
        for (Limit limit : limits) {
            Optional<String> v = limit.violation(settings.get(limit.parameter()));
            if (v.isPresent()) {
                return Optional.of(new Denial("limit:" + limit.parameter(), v.get()));
            }
        }
        return Optional.empty();
    }
}
