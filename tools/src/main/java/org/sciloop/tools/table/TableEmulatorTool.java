package org.sciloop.tools.table;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
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
    private final Map<Settings, double[]> measurements;
    private final List<String> outputs;

    TableEmulatorTool(String description, String tableName, ParameterSpace space, Map<Settings, double[]> measurements,
                      List<String> outputs) {
        super("table-emulator", description, space, outputs, Duration.ofSeconds(10), true);
        this.tableName = tableName;
        this.measurements = Collections.unmodifiableMap(measurements);  // the factory's own map, handed over
        this.outputs = List.copyOf(outputs);
    }

    /** The best measurement in the table: every row can be asked for. */
    @Override
    public OptionalDouble bestPossible(Objective objective) {
        return knownResponse(objective.name()).map(r -> Extremes.best(r.values(), objective))
                .orElse(OptionalDouble.empty());
    }

    /** Every measured row: the truth as the laboratory measured it, which a complete table gives in full. */
    @Override
    public Optional<KnownResponse> knownResponse(String name) {
        int k = outputs.indexOf(name);
        if (k < 0) {
            return Optional.empty();
        }
        return Optional.of(new KnownResponse(name, List.copyOf(measurements.keySet()),
                measurements.values().stream().mapToDouble(v -> v[k]).toArray()));
    }

    /** The measurement at those settings: the table is the truth as the laboratory measured it. */
    @Override
    public OptionalDouble noiseFree(String name, Settings settings) {
        int k = outputs.indexOf(name);
        double[] values = measurements.get(settings);
        return k < 0 || values == null ? OptionalDouble.empty() : OptionalDouble.of(values[k]);
    }

    @Override
    protected ToolResult answer(Settings settings, ToolContext context) {
        double[] values = measurements.get(settings);
        if (values == null) {
            return new ToolResult.Failure("no measurement in " + tableName + " for " + settings, false);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        for (int k = 0; k < outputs.size(); k++) {
            answer.put(outputs.get(k), values[k]);
        }
        return new ToolResult.Success(answer);
    }
}
