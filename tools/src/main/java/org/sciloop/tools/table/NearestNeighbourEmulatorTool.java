package org.sciloop.tools.table;

import java.time.Duration;
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
 * An instrument emulated by a table of real measurements over continuous inputs: an experiment is
 * answered from its k nearest measured points (distance in inputs scaled to [0, 1] by the table's
 * ranges), by the inverse-distance weighted mean of their outcomes. With k = 1 (the default) every answer
 * is a value that was really measured; the landscape is then piecewise constant (a Voronoi tessellation
 * of the measured points).
 */
public final class NearestNeighbourEmulatorTool extends ExperimentTool implements GroundTruth {
    private final double[][] points;   // unit-scaled inputs
    private final double[] values;
    private final int neighbours;
    private final String output;

    NearestNeighbourEmulatorTool(String tableName, ParameterSpace space, double[][] points, double[] values,
                                 int neighbours, String output) {
        super("knn-emulator", "answers from the " + (neighbours == 1 ? "nearest" : neighbours + " nearest")
                + " of " + points.length + " measured points in " + tableName, space, List.of(output),
                Duration.ofSeconds(10));
        this.points = points;
        this.values = values;
        this.neighbours = neighbours;
        this.output = output;
    }

    /** The best measured point: asked for exactly, it answers its own value, and no blend exceeds it. */
    @Override
    public OptionalDouble bestPossible(Objective objective) {
        return objective.name().equals(output) ? Extremes.best(values, objective) : OptionalDouble.empty();
    }

    /** Between its measured points it answers a neighbour's value, not a response anyone measured there. */
    @Override
    public Optional<KnownResponse> knownResponse(String name) {
        return Optional.empty();
    }

    @Override
    protected ToolResult answer(Settings settings, ToolContext context) {
        double[] u = space().toUnit(settings);
        int[] nearest = new int[neighbours];
        double[] distance = new double[neighbours];
        java.util.Arrays.fill(distance, Double.POSITIVE_INFINITY);
        for (int p = 0; p < points.length; p++) {
            double d = 0;
            for (int j = 0; j < u.length; j++) {
                d += (u[j] - points[p][j]) * (u[j] - points[p][j]);
            }
            // insertion into the sorted short list of the k best
            for (int slot = 0; slot < neighbours; slot++) {
                if (d < distance[slot]) {
                    System.arraycopy(distance, slot, distance, slot + 1, neighbours - slot - 1);
                    System.arraycopy(nearest, slot, nearest, slot + 1, neighbours - slot - 1);
                    distance[slot] = d;
                    nearest[slot] = p;
                    break;
                }
            }
        }
        if (distance[0] == 0 || neighbours == 1) {
            return new ToolResult.Success(Map.of(output, values[nearest[0]]));
        }
        double weights = 0;
        double sum = 0;
        for (int slot = 0; slot < neighbours; slot++) {
            double w = 1 / Math.sqrt(distance[slot]);
            weights += w;
            sum += w * values[nearest[slot]];
        }
        return new ToolResult.Success(Map.of(output, sum / weights));
    }
}
