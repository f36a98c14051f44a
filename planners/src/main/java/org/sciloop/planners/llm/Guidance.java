package org.sciloop.planners.llm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sciloop.core.model.Settings;

/**
 * A model's advice to an optimiser: the region of the space worth searching, one constraint per
 * parameter, each with its reason. Settings outside any constraint are left out of the search.
 */
record Guidance(List<Constraint> constraints, String rationale) {

    /**
     * @param keep the levels or values to keep (empty: no such rule)
     * @param exclude the levels or values to leave out
     * @param low the lowest value to try, or NaN
     * @param high the highest value to try, or NaN
     */
    record Constraint(String parameter, List<Object> keep, List<Object> exclude, double low, double high,
                      String reason) {

        boolean allows(Object value) {
            if (!keep.isEmpty() && keep.stream().noneMatch(k -> same(k, value))) {
                return false;
            }
            if (exclude.stream().anyMatch(k -> same(k, value))) {
                return false;
            }
            if (value instanceof Number n) {
                return !(n.doubleValue() < low) && !(n.doubleValue() > high);
            }
            return true;
        }

        private static boolean same(Object rule, Object value) {
            if (rule instanceof Number a && value instanceof Number b) {
                return Math.abs(a.doubleValue() - b.doubleValue()) <= 1e-9 * Math.max(1, Math.abs(b.doubleValue()));
            }
            return rule.toString().equals(value.toString());
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("parameter", parameter);
            if (!keep.isEmpty()) {
                m.put("keep", keep);
            }
            if (!exclude.isEmpty()) {
                m.put("exclude", exclude);
            }
            if (!Double.isNaN(low)) {
                m.put("low", low);
            }
            if (!Double.isNaN(high)) {
                m.put("high", high);
            }
            m.put("reason", reason);
            return m;
        }
    }

    static final Guidance NONE = new Guidance(List.of(), "");

    boolean allows(Settings settings) {
        return constraints.stream().allMatch(c -> c.allows(settings.get(c.parameter())));
    }

    List<Map<String, Object>> asMaps() {
        List<Map<String, Object>> out = new ArrayList<>();
        constraints.forEach(c -> out.add(c.asMap()));
        return out;
    }
}
