package org.sciloop.tools.table;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.space.Settings;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.tools.Schemas;

/**
 * An instrument emulated by a table of real measurements: an experiment is answered with the outcome
 * that was measured for exactly those settings. A combination the table lacks was never measured, and
 * the answer says so instead of inventing a value.
 */
public final class TableEmulatorTool implements Tool {
    private final String tableName;
    private final ParameterSpace space;
    private final Map<Settings, Double> measurements;
    private final String output;
    private final ToolDescriptor descriptor;

    TableEmulatorTool(String tableName, ParameterSpace space, Map<Settings, Double> measurements, String output) {
        this.tableName = tableName;
        this.space = space;
        this.measurements = Map.copyOf(measurements);
        this.output = output;
        this.descriptor = new ToolDescriptor("table-emulator",
                "answers from " + measurements.size() + " measured experiments in " + tableName,
                Schemas.input(space), Schemas.numbers(List.of(output)), Effect.READ_ONLY, Duration.ofSeconds(10));
    }

    @Override
    public ToolDescriptor descriptor() {
        return descriptor;
    }

    /** Numeric columns as discrete parameters, text columns as categorical ones. */
    @Override
    public Optional<ParameterSpace> impliedSpace() {
        return Optional.of(space);
    }

    public int size() {
        return measurements.size();
    }

    @Override
    public ToolResult invoke(ToolCall call, ToolContext context) {
        Settings settings;
        try {
            settings = new Settings(call.arguments());
        } catch (IllegalArgumentException e) {
            return new ToolResult.Failure(e.getMessage(), false);
        }
        Double value = measurements.get(settings);
        if (value == null) {
            return new ToolResult.Failure("no measurement in " + tableName + " for " + settings, false);
        }
        return new ToolResult.Success(Map.of(output, value));
    }
}
