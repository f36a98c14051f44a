package org.sciloop.tools;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;

/** JSON schemas of experiment tools: inputs from a parameter space, outputs as named numbers. */
public final class Schemas {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Schemas() {
    }

    public static ObjectNode input(ParameterSpace space) {
        ObjectNode schema = object();
        ObjectNode properties = schema.putObject("properties");
        for (Parameter p : space.parameters()) {
            ObjectNode prop = properties.putObject(p.name());
            if (p instanceof Parameter.Continuous c) {
                prop.put("type", "number").put("minimum", c.low()).put("maximum", c.high());
            } else if (p instanceof Parameter.Discrete d) {
                prop.put("type", "number");
                d.values().forEach(prop.putArray("enum")::add);
            } else {
                prop.put("type", "string");
                ((Parameter.Categorical) p).levels().forEach(prop.putArray("enum")::add);
            }
            schema.withArray("required").add(p.name());
        }
        return schema;
    }

    public static ObjectNode numbers(List<String> names) {
        ObjectNode schema = object();
        ObjectNode properties = schema.putObject("properties");
        names.forEach(n -> properties.putObject(n).put("type", "number"));
        names.forEach(schema.putArray("required")::add);
        return schema;
    }

    private static ObjectNode object() {
        ObjectNode schema = JSON.objectNode();
        schema.put("type", "object").put("additionalProperties", false);
        return schema;
    }
}
