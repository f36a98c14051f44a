package org.sciloop.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of an experiment's parameters, by parameter name, in the order of the space. Numbers are
 * held as {@code Double} so that a value read back from the trace equals the value that was proposed.
 */
public record Settings(@JsonValue Map<String, Object> values) {

    public Settings {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((name, value) -> copy.put(name, normalise(name, value)));
        values = Collections.unmodifiableMap(copy);
    }

    @JsonCreator
    public static Settings of(Map<String, Object> values) {
        return new Settings(values);
    }

    public Object get(String name) {
        return values.get(name);
    }

    public double number(String name) {
        return ((Number) values.get(name)).doubleValue();
    }

    private static Object normalise(String name, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String) {
            return value;
        }
        throw new IllegalArgumentException("setting '" + name + "' must be a number or a text, got " + value);
    }

    /**
     * Order-independent like the map's own, but mixed: a map's hash sums {@code key ^ value}, and whole
     * numbers as doubles differ only in their high bits, so the settings of a numeric grid collided by the
     * thousand (a 300,000-row table took 16 s to load, 3,000,000 rows over two minutes).
     */
    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            h += mix(31 * e.getKey().hashCode() + e.getValue().hashCode());
        }
        return h;
    }

    /** The finaliser of MurmurHash3: every input bit reaches every output bit. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
