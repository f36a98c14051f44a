package org.sciloop.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a tool is and how to call it: JSON schemas of its input and output (for validation and for
 * language-model agents), its effect, and how long the engine waits for it.
 */
public record ToolDescriptor(String name, String description, JsonNode inputSchema, JsonNode outputSchema,
                             Effect effect, Duration timeout) {

    public ToolDescriptor {
        if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("tool names are lower-case words joined by '-', got " + name);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("tool '" + name + "' needs a positive timeout");
        }
    }

    /**
     * Why {@code arguments} do not fit an input schema that allows no additional properties (an argument
     * it does not declare), or empty when they fit or the schema allows any.
     */
    public Optional<String> undeclared(Map<String, Object> arguments) {
        JsonNode additional = inputSchema.path("additionalProperties");
        if (!additional.isBoolean() || additional.asBoolean()) {
            return Optional.empty();
        }
        JsonNode declared = inputSchema.path("properties");
        List<String> unknown = arguments.keySet().stream().filter(k -> !declared.has(k)).sorted().toList();
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        List<String> known = new ArrayList<>();
        declared.fieldNames().forEachRemaining(known::add);
        return Optional.of("'" + name + "' takes no argument " + String.join(", ", unknown) + "; it takes: "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
    }
}
