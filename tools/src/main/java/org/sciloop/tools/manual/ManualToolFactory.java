package org.sciloop.tools.manual;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.List;
import org.sciloop.core.config.Options;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.JsonSchemas;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolFactory;
import org.sciloop.core.tool.ToolResult;

/**
 * {@code tool: manual}: experiments that people run, with {@code outputs} (the outcomes they measure). The
 * scenario's {@code space:} says what may be set. The engine never calls it: it hands each batch out
 * ({@code pending.csv}) and pauses until the results are told ({@code sciloop tell}).
 */
public final class ManualToolFactory implements ToolFactory {

    @Override
    public String name() {
        return Scenario.MANUAL_TOOL;
    }

    @Override
    public String summary() {
        return "experiments run by people: each batch is handed out in pending.csv and its results are told"
                + " with 'sciloop tell'";
    }

    @Override
    public Tool create(Options options) {
        options.allowOnly("outputs");
        List<String> outputs = options.strings("outputs");
        if (!options.top().has("space")) {
            throw options.top().errorHere("tool 'manual' needs the scenario's 'space:': people are told what to set");
        }
        // pending.csv has a column per setting and per outcome besides id and failed: no two may share a name.
        java.util.Set<String> parameters = options.top().child("space").keys();
        for (int i = 0; i < outputs.size(); i++) {
            String name = outputs.get(i);
            if (outputs.indexOf(name) < i || name.equals("id") || name.equals("failed") || parameters.contains(name)) {
                throw options.error("outputs/" + i, "'" + name + "' " + (outputs.indexOf(name) < i ? "is listed twice"
                        : parameters.contains(name) ? "is also a parameter of the space"
                        : "is a column of its own in pending.csv") + "; each outcome needs a name of its own");
            }
        }
        // Any settings of the scenario's space: the space, not this tool, says what they are.
        var input = JsonNodeFactory.instance.objectNode().put("type", "object");
        ToolDescriptor descriptor = new ToolDescriptor(Scenario.MANUAL_TOOL, "experiments run by people, who tell "
                + String.join(", ", outputs), input, JsonSchemas.numbers(outputs), Effect.READ_ONLY, Duration.ofDays(365));
        return new Tool() {
            @Override
            public ToolDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public ToolResult invoke(ToolCall call, ToolContext context) {
                // The engine hands manual experiments out instead of calling a tool; a call here is a defect.
                throw new IllegalStateException("experiments of tool 'manual' are run by people, not called");
            }
        };
    }
}
