package org.sciloop.core.tool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.OptionalDouble;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;

/**
 * The JSON schemas of tools' inputs and outputs, made one way for every tool and for the language-model
 * planners that read them: the settings of a space (each parameter, inside its range or among its values,
 * with its unit), named numbers, and the properties an instrument's setpoints are made of.
 */
public final class JsonSchemas {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonSchemas() {
    }

    /** An object that takes exactly the properties it names, every one of them. */
    public static ObjectNode closedObject() {
        ObjectNode schema = JSON.objectNode().put("type", "object").put("additionalProperties", false);
        schema.putObject("properties");
        schema.putArray("required");
        return schema;
    }

    /** Adds a required property to a {@link #closedObject()}. */
    public static ObjectNode require(ObjectNode object, String name, ObjectNode property) {
        object.withObjectProperty("properties").set(name, property);
        object.withArray("required").add(name);
        return object;
    }

    /** The settings of one experiment of {@code space}. */
    public static ObjectNode settings(ParameterSpace space) {
        ObjectNode schema = closedObject();
        for (Parameter p : space.parameters()) {
            ObjectNode property;
            if (p instanceof Parameter.Continuous c) {
                property = number(OptionalDouble.of(c.low()), OptionalDouble.of(c.high()), c.unit());
            } else if (p instanceof Parameter.Discrete d) {
                property = JSON.objectNode().put("type", "number");
                d.values().forEach(property.putArray("enum")::add);
                unit(property, d.unit());
            } else {
                property = JSON.objectNode().put("type", "string");
                ((Parameter.Categorical) p).levels().forEach(property.putArray("enum")::add);
            }
            require(schema, p.name(), property);
        }
        return schema;
    }

    /** Outputs that are numbers, each of them given. */
    public static ObjectNode numbers(List<String> names) {
        ObjectNode schema = closedObject();
        names.forEach(n -> require(schema, n, JSON.objectNode().put("type", "number")));
        return schema;
    }

    /** A number, within its bounds where it has them, in its unit where it has one. */
    public static ObjectNode number(OptionalDouble min, OptionalDouble max, String unit) {
        ObjectNode property = JSON.objectNode().put("type", "number");
        min.ifPresent(m -> property.put("minimum", m));
        max.ifPresent(m -> property.put("maximum", m));
        unit(property, unit);
        return property;
    }

    /** Any text. */
    public static ObjectNode text() {
        return JSON.objectNode().put("type", "string");
    }

    private static void unit(ObjectNode property, String unit) {
        if (!unit.isEmpty()) {
            property.put("description", "in " + unit);
        }
    }
}
