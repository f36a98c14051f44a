package org.sciloop.tools.table;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.GroundTruth;
import org.sciloop.core.tool.KnownResponse;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.tools.ExperimentTool;

/**
 * An instrument emulated by a table of real measurements over continuous (and categorical) inputs. An
 * experiment is answered from the measured points with exactly its categorical levels: with k = 1 (the
 * default) the nearest of them, distance in the continuous inputs scaled to [0, 1] by the table's ranges,
 * and the answer names that point's settings as the ones run, so the observation is made where the value was
 * really measured and a planner answered twice from one point knows it. With k > 1, the inverse-distance
 * weighted mean of the k nearest, a blend no one measured, answered at the settings asked for.
 */
public final class NearestNeighbourEmulatorTool extends ExperimentTool implements GroundTruth {
    /** A distinct measured point: its settings and the mean of the rows that measured it. */
    record Point(Settings settings, double value) {
    }

    private final List<String> continuous = new ArrayList<>();
    private final List<String> categorical = new ArrayList<>();
    private final double[] low;
    private final double[] span;
    /** Points by their categorical levels (the empty list when there are none), each with unit coordinates. */
    private final Map<List<Object>, List<Point>> byLevels = new LinkedHashMap<>();
    private final Map<Point, double[]> unit = new java.util.IdentityHashMap<>();
    private final double[] values;
    private final int neighbours;
    private final String output;

    NearestNeighbourEmulatorTool(String tableName, ParameterSpace space, List<Point> points, int neighbours,
                                 String output) {
        super("knn-emulator", describe(tableName, space, points, neighbours), space, List.of(output),
                Duration.ofSeconds(10), true);
        List<Double> lows = new ArrayList<>();
        List<Double> spans = new ArrayList<>();
        for (Parameter p : space.parameters()) {
            if (p instanceof Parameter.Continuous c) {
                continuous.add(c.name());
                lows.add(c.low());
                spans.add(c.high() - c.low());
            } else {
                categorical.add(p.name());
            }
        }
        this.low = lows.stream().mapToDouble(Double::doubleValue).toArray();
        this.span = spans.stream().mapToDouble(Double::doubleValue).toArray();
        for (Point p : points) {
            byLevels.computeIfAbsent(levels(p.settings()), k -> new ArrayList<>()).add(p);
            unit.put(p, coordinates(p.settings()));
        }
        this.values = points.stream().mapToDouble(Point::value).toArray();
        this.neighbours = neighbours;
        this.output = output;
    }

    private static String describe(String tableName, ParameterSpace space, List<Point> points, int neighbours) {
        List<String> text = space.parameters().stream().filter(p -> p instanceof Parameter.Categorical)
                .map(Parameter::name).toList();
        String described = "answers from the " + (neighbours == 1 ? "nearest" : neighbours + " nearest") + " of "
                + points.size() + " measured points in " + tableName;
        if (!text.isEmpty()) {
            Map<List<Object>, Long> pointsPerCombination = points.stream().collect(Collectors.groupingBy(
                    p -> text.stream().map(n -> p.settings().values().get(n)).toList(), Collectors.counting()));
            long possible = space.parameters().stream().filter(p -> p instanceof Parameter.Categorical)
                    .mapToLong(p -> ((Parameter.Categorical) p).levels().size()).reduce(1, (a, b) -> a * b);
            described += " with the same " + String.join(", ", text) + " (" + pointsPerCombination.size() + " of "
                    + possible + " combinations measured; only those are in its space)";
            long fewest = pointsPerCombination.values().stream().mapToLong(Long::longValue).min().orElseThrow();
            if (fewest < neighbours) {
                described += "; a combination with fewer than " + neighbours + " points blends all it has (the"
                        + " fewest: " + fewest + ")";
            }
        }
        return described + (neighbours == 1 ? "; each answer names the measured point's settings as those run"
                : "; a blend of several points, answered at the settings asked for");
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

    /** Its answers are neighbours' measurements, not a noise-free response at the settings asked. */
    @Override
    public OptionalDouble noiseFree(String name, Settings settings) {
        return OptionalDouble.empty();
    }

    @Override
    protected ToolResult answer(Settings settings, ToolContext context) {
        // The space holds only the measured combinations of levels: any other was refused before this call.
        List<Point> candidates = byLevels.get(levels(settings));
        double[] u = coordinates(settings);
        int k = Math.min(neighbours, candidates.size());
        Point[] nearest = new Point[k];
        double[] distance = new double[k];
        Arrays.fill(distance, Double.POSITIVE_INFINITY);
        for (Point p : candidates) {
            double[] x = unit.get(p);
            double d = 0;
            for (int j = 0; j < u.length; j++) {
                d += (u[j] - x[j]) * (u[j] - x[j]);
            }
            // insertion into the sorted short list of the k best
            for (int slot = 0; slot < k; slot++) {
                if (d < distance[slot]) {
                    System.arraycopy(distance, slot, distance, slot + 1, k - slot - 1);
                    System.arraycopy(nearest, slot, nearest, slot + 1, k - slot - 1);
                    distance[slot] = d;
                    nearest[slot] = p;
                    break;
                }
            }
        }
        if (distance[0] == 0 || k == 1) {
            return new ToolResult.Success(Map.of(output, nearest[0].value()), Optional.of(nearest[0].settings()));
        }
        double weights = 0;
        double sum = 0;
        for (int slot = 0; slot < k; slot++) {
            double w = 1 / Math.sqrt(distance[slot]);
            weights += w;
            sum += w * nearest[slot].value();
        }
        return new ToolResult.Success(Map.of(output, sum / weights));
    }

    private List<Object> levels(Settings settings) {
        return categorical.stream().map(n -> settings.values().get(n)).toList();
    }

    private double[] coordinates(Settings settings) {
        double[] u = new double[continuous.size()];
        for (int j = 0; j < u.length; j++) {
            u[j] = (((Number) settings.values().get(continuous.get(j))).doubleValue() - low[j]) / span[j];
        }
        return u;
    }
}
