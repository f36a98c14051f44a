package org.sciloop.tools;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.JsonSchemas;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;

/**
 * A read-only tool that answers one experiment, given as settings of its own space, with named numbers.
 * It derives its descriptor (schemas from the space) and turns malformed arguments into failures, so a
 * subclass only says how to answer valid settings.
 */
public abstract class ExperimentTool implements Tool {
    private final ParameterSpace space;
    private final ToolDescriptor descriptor;

    /** {@code deterministic}: the same settings always get the same answer (no noise); see {@link ToolDescriptor}. */
    protected ExperimentTool(String name, String description, ParameterSpace space, List<String> outputs,
                             Duration timeout, boolean deterministic) {
        this.space = space;
        this.descriptor = new ToolDescriptor(name, description, JsonSchemas.settings(space), JsonSchemas.numbers(outputs),
                Effect.READ_ONLY, timeout, deterministic);
    }

    /** The answer for settings that are a point of the space. */
    protected abstract ToolResult answer(Settings settings, ToolContext context);

    @Override
    public final ToolDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public final Optional<ParameterSpace> impliedSpace() {
        return Optional.of(space);
    }

    @Override
    public final ToolResult invoke(ToolCall call, ToolContext context) {
        Settings settings;
        try {
            settings = new Settings(call.arguments());
        } catch (IllegalArgumentException e) {
            return new ToolResult.Failure(e.getMessage(), false);
        }
        Optional<String> invalid = space.violation(settings);
        return invalid.isPresent() ? new ToolResult.Failure(invalid.get(), false) : answer(settings, context);
    }

    protected ParameterSpace space() {
        return space;
    }
}
