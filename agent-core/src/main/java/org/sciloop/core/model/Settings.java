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

    @Override
    public String toString() {
        return values.toString();
    }
}
