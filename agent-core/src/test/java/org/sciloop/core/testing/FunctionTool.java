package org.sciloop.core.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.sciloop.core.config.Options;
import org.sciloop.core.model.Settings;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolFactory;
import org.sciloop.core.tool.ToolResult;

/**
 * A read-only experiment tool for tests, and its own factory: answers each call with a function of its settings and
 * the call's random source (seeded by the engine, so a replay gets the same answers).
 */
public final class FunctionTool implements Tool, ToolFactory {
    private final String name;
    private final BiFunction<Settings, Random, Map<String, Object>> response;

    public FunctionTool(String name, BiFunction<Settings, Random, Map<String, Object>> response) {
        this.name = name;
        this.response = response;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return "test tool";
    }

    @Override
    public Tool create(Options options) {
        return this;
    }

    @Override
    public ToolDescriptor descriptor() {
        return new ToolDescriptor(name, "a function of the settings", JsonNodeFactory.instance.objectNode(),
                JsonNodeFactory.instance.objectNode(), Effect.READ_ONLY, Duration.ofSeconds(5));
    }

    @Override
    public ToolResult invoke(ToolCall call, ToolContext context) {
        return new ToolResult.Success(response.apply(new Settings(call.arguments()), context.random()));
    }
}
