package org.sciloop.tools.table;

import org.sciloop.core.campaign.Objective;
import java.util.OptionalDouble;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.space.Settings;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.tools.ExperimentTool;

/**
 * An instrument emulated by a table of real measurements: an experiment is answered with the outcome
 * that was measured for exactly those settings. A combination the table lacks was never measured, and
 * the answer says so instead of inventing a value. Its space comes from the table: numeric columns as
 * discrete parameters, text columns as categorical ones.
 */
public final class TableEmulatorTool extends ExperimentTool {
    private final String tableName;
    private final Map<Settings, Double> measurements;
    private final String output;

    TableEmulatorTool(String tableName, ParameterSpace space, Map<Settings, Double> measurements, String output) {
        super("table-emulator", "answers from " + measurements.size() + " measured experiments in " + tableName,
                space, List.of(output), Duration.ofSeconds(10));
        this.tableName = tableName;
        this.measurements = Map.copyOf(measurements);
        this.output = output;
    }

    /** The best measurement in the table: every row can be asked for. */
    @Override
    public OptionalDouble bestPossible(Objective objective) {
        return objective.name().equals(output) ? Extremes.best(measurements.values().stream()
                .mapToDouble(Double::doubleValue).toArray(), objective) : OptionalDouble.empty();
    }

    @Override
    protected ToolResult answer(Settings settings, ToolContext context) {
        Double value = measurements.get(settings);
        return value == null
                ? new ToolResult.Failure("no measurement in " + tableName + " for " + settings, false)
                : new ToolResult.Success(Map.of(output, value));
    }
}
