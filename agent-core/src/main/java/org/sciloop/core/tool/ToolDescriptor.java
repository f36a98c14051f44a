package org.sciloop.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;

/**
 * What a tool is and how to call it: JSON schemas of its input and output (for validation and for
 * language-model agents), its effect, how long the engine waits for it, and whether it is deterministic.
 *
 * @param deterministic the same call always gets the same answer from the same configuration (no noise, no
 *     state, nothing measured): an answer on record can then stand for the call ({@link RecordedAnswers}).
 *     Never an instrument's
 */
public record ToolDescriptor(String name, String description, JsonNode inputSchema, JsonNode outputSchema,
                             Effect effect, Duration timeout, boolean deterministic) {

    public ToolDescriptor {
        if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("tool names are lower-case words joined by '-', got " + name);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("tool '" + name + "' needs a positive timeout");
        }
        if (deterministic && effect == Effect.ACTUATES) {
            throw new IllegalArgumentException("tool '" + name + "' acts on the world, so its answers are measured,"
                    + " never deterministic");
        }
    }

    /** A tool whose answers may differ from call to call (noise, a device, a data service). */
    public ToolDescriptor(String name, String description, JsonNode inputSchema, JsonNode outputSchema,
                          Effect effect, Duration timeout) {
        this(name, description, inputSchema, outputSchema, effect, timeout, false);
    }

    /** This descriptor, saying whether the tool is deterministic. */
    public ToolDescriptor deterministic(boolean yes) {
        return new ToolDescriptor(name, description, inputSchema, outputSchema, effect, timeout, yes);
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

    /**
     * Why a space's experiments cannot be calls of this tool, as far as its input schema says: a parameter
     * it takes no argument for (a closed schema), an argument it requires that the space lacks, or a
     * parameter of the wrong kind (text for a number, a number for text). Empty when they fit.
     *
     */
    public Optional<Misfit> misfit(ParameterSpace space) {
        JsonNode declared = inputSchema.path("properties");
        boolean closed = inputSchema.path("additionalProperties").isBoolean()
                && !inputSchema.path("additionalProperties").asBoolean();
        for (Parameter p : space.parameters()) {
            JsonNode property = declared.path(p.name());
            if (property.isMissingNode()) {
                if (closed) {
                    List<String> known = new ArrayList<>();
                    declared.fieldNames().forEachRemaining(known::add);
                    return Optional.of(new Misfit(Optional.of(p.name()), "tool '" + name + "' takes no argument '"
                            + p.name() + "'; it takes: " + (known.isEmpty() ? "none" : String.join(", ", known))));
                }
                continue;
            }
            String type = property.path("type").asText("");
            boolean text = p instanceof Parameter.Categorical;
            if (type.equals("string") && !text || (type.equals("number") || type.equals("integer")) && text) {
                return Optional.of(new Misfit(Optional.of(p.name()), "tool '" + name + "' takes "
                        + (text ? "a number" : "text") + " for '" + p.name() + "'; declare it "
                        + (text ? "continuous or discrete" : "categorical, with its levels")));
            }
        }
        for (JsonNode required : inputSchema.path("required")) {
            if (space.parameters().stream().noneMatch(p -> p.name().equals(required.asText()))) {
                return Optional.of(new Misfit(Optional.empty(), "the space has no parameter '" + required.asText()
                        + "', which tool '" + name + "' needs for every call"));
            }
        }
        return Optional.empty();
    }

    /** Why a space does not fit a tool: the parameter at fault (empty for one the space lacks), and why. */
    public record Misfit(Optional<String> parameter, String reason) {
    }
}
