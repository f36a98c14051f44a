package org.sciloop.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

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
}
