package org.sciloop.tools.table;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.GroundTruth;
import org.sciloop.core.tool.KnownResponse;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.tools.ExperimentTool;

/**
 * An instrument emulated by a table of real measurements: an experiment is answered with the outcome
 * that was measured for exactly those settings. A combination the table lacks was never measured, and
 * the answer says so instead of inventing a value. Its space comes from the table: numeric columns as
 * discrete parameters, text columns as categorical ones.
 */
public final class TableEmulatorTool extends ExperimentTool implements GroundTruth {
    private final String tableName;
    private final Map<Settings, Double> measurements;
    private final String output;

    TableEmulatorTool(String description, String tableName, ParameterSpace space, Map<Settings, Double> measurements,
                      String output) {
        super("table-emulator", description, space, List.of(output), Duration.ofSeconds(10));
        this.tableName = tableName;
        this.measurements = Collections.unmodifiableMap(measurements);  // the factory's own map, handed over
        this.output = output;
    }

    /** The best measurement in the table: every row can be asked for. */
    @Override
    public OptionalDouble bestPossible(Objective objective) {
        return objective.name().equals(output) ? Extremes.best(measurements.values().stream()
                .mapToDouble(Double::doubleValue).toArray(), objective) : OptionalDouble.empty();
    }

    /** Every measured row: the truth as the laboratory measured it, which a complete table gives in full. */
    @Override
    public Optional<KnownResponse> knownResponse(String name) {
        if (!name.equals(output)) {
            return Optional.empty();
        }
        return Optional.of(new KnownResponse(output, List.copyOf(measurements.keySet()),
                measurements.values().stream().mapToDouble(Double::doubleValue).toArray()));
    }

    @Override
    protected ToolResult answer(Settings settings, ToolContext context) {
        Double value = measurements.get(settings);
        return value == null
                ? new ToolResult.Failure("no measurement in " + tableName + " for " + settings, false)
                : new ToolResult.Success(Map.of(output, value));
    }
}
