package org.sciloop.evaluations.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sciloop.core.InputException;

/**
 * A planner as a benchmark names it: {@code bo}, or a configuration of it, {@code bo:output-warp=none:initial=10}
 * (options set on top of the scenario's), so variants of one planner are compared seed by seed. The whole text
 * is the label the results carry.
 */
public record PlannerSpec(String label, String name, Map<String, Object> options) {

    public static PlannerSpec parse(String text) {
        String[] parts = text.split(":", -1);
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            if (equals <= 0 || equals == parts[i].length() - 1) {
                throw new InputException("--planners: '" + text + "': after the planner's name each option is"
                        + " :KEY=VALUE, as in bo:output-warp=none:initial=10; got '" + parts[i] + "'");
            }
            String value = parts[i].substring(equals + 1);
            if (options.put(parts[i].substring(0, equals), number(value) != null ? number(value) : value) != null) {
                throw new InputException("--planners: '" + text + "' sets " + parts[i].substring(0, equals) + " twice");
            }
        }
        return new PlannerSpec(text, parts[0], Map.copyOf(options));
    }

    private static Double number(String text) {
        try {
            double v = Double.parseDouble(text);
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
