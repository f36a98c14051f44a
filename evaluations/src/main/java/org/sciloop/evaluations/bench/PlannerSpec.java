package org.sciloop.evaluations.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.sciloop.core.InputException;
import org.sciloop.core.scenario.Scenario;

/**
 * A planner as a benchmark names it: {@code bo}, or a configuration of it, {@code bo:output-warp=none:initial=10}
 * (options set on top of the scenario's), so variants of one planner are compared seed by seed. The whole text
 * is the label the results carry.
 */
public record PlannerSpec(String label, String name, Map<String, Object> options) {

    public static PlannerSpec parse(String text) {
        return parse(text, "--planners");
    }

    /** As {@link #parse(String)}, a malformed configuration blamed on {@code option}. */
    public static PlannerSpec parse(String text, String option) {
        String[] parts = text.split(":", -1);
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            if (equals <= 0 || equals == parts[i].length() - 1) {
                throw new InputException(option + ": '" + text + "': after the planner's name each option is"
                        + " :KEY=VALUE, as in bo:output-warp=none:initial=10; got '" + parts[i] + "'");
            }
            String value = parts[i].substring(equals + 1);
            if (options.put(parts[i].substring(0, equals), number(value) != null ? number(value) : value) != null) {
                throw new InputException(option + ": '" + text + "' sets " + parts[i].substring(0, equals) + " twice");
            }
        }
        return new PlannerSpec(text, parts[0], java.util.Collections.unmodifiableMap(options));  // in the order given
    }

    /**
     * {@code scenario} with this planner in place of its own: the same planner keeps the scenario's options, another
     * planner's go; this one's are set on top, and a value that does not fit is blamed on {@code option} (the
     * command-line option that gave it), not on the file.
     */
    public Scenario applyTo(Scenario scenario, String option) {
        Scenario planned = scenario.withOverrides(Optional.of(name), OptionalInt.empty(), OptionalInt.empty());
        if (options.isEmpty()) {
            return planned;
        }
        Map<String, String> origins = new LinkedHashMap<>();
        options.keySet().forEach(key -> origins.put("/planner/options/" + key, option + " " + label));
        return planned.edited(doc -> {
            var set = doc.withObjectProperty("planner").withObjectProperty("options");
            options.forEach((key, value) -> {
                if (value instanceof Long n) {
                    set.put(key, n);
                } else if (value instanceof Double d) {
                    set.put(key, d);
                } else {
                    set.put(key, (String) value);
                }
            });
        }, origins);
    }

    /** A whole number as written ({@code 8}) stays whole, as YAML would read it: options such as fit-starts need one. */
    private static Number number(String text) {
        if (text.matches("[-+]?\\d{1,18}")) {
            return Long.parseLong(text);
        }
        try {
            double v = Double.parseDouble(text);
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
