package org.sciloop.tools.benchmark;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.OutcomeConstraint;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.GroundTruth;
import org.sciloop.core.tool.KnownResponse;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.tools.ExperimentTool;

/**
 * A simulated experiment whose answer is a test function's value (or values, for a problem with several
 * objectives), optionally with Gaussian noise drawn from the call's seeded random source (so resumed and
 * replayed runs see the same noise), and optionally taking a fixed run time (to rehearse the pacing of a
 * real instrument).
 */
public final class BenchmarkFunctionTool extends ExperimentTool implements GroundTruth {
    private final Function<double[], double[]> function;
    private final List<String> outputs;
    private final double[] noise;
    private final double[] minimum;
    private final Duration runTime;
    /** The standard problem with several objectives this is, or null for a function with one output. */
    private ParetoTestFunction pareto;

    /** A function with one output, {@code output}. */
    public BenchmarkFunctionTool(TestFunction function, int dimensions, double noise, String output, Duration runTime) {
        this(function.name().toLowerCase() + " test function" + (noise > 0 ? " with noise sd " + noise : ""),
                function.space(dimensions), x -> new double[] {function.value(x)}, List.of(output),
                new double[] {noise}, new double[] {function.minimum()}, runTime);
    }

    /** A problem with several outputs, each with its noise's standard deviation. */
    public BenchmarkFunctionTool(ParetoTestFunction function, double[] noise, Duration runTime) {
        this(function.scenarioName() + " test problem (" + String.join(", ", function.outputs()
                        .subList(0, function.reference().length)) + " minimised" + (function.outputs().size()
                        > function.reference().length ? "; " + String.join(", ", function.outputs()
                        .subList(function.reference().length, function.outputs().size())) + " to bound" : "") + ")"
                        + (Arrays.stream(noise).anyMatch(n -> n > 0) ? " with noise sd "
                        + Arrays.toString(noise) : ""), function.space(), function::values,
                function.outputs(), noise, null, runTime);
        this.pareto = function;
    }

    private BenchmarkFunctionTool(String description, ParameterSpace space, Function<double[], double[]> function,
                                  List<String> outputs, double[] noise, double[] minimum, Duration runTime) {
        super("benchmark-function", description, space, outputs, Duration.ofSeconds(30).plus(runTime),
                Arrays.stream(noise).allMatch(sd -> sd == 0));
        this.function = function;
        this.outputs = List.copyOf(outputs);
        this.noise = noise.clone();
        this.minimum = minimum;
        this.runTime = runTime;
    }

    /** The function's global minimum (noise aside); test functions are minimised. */
    @Override
    public OptionalDouble bestPossible(Objective objective) {
        int k = outputs.indexOf(objective.name());
        return minimum != null && k >= 0 && objective.goal() == Objective.Goal.MINIMIZE
                ? OptionalDouble.of(minimum[k]) : OptionalDouble.empty();
    }

    /**
     * The literature's figure for a standard problem asked the standard way: every objective minimised, in its
     * order, from its reference point, and a problem's output to bound kept at least 0 (and nothing else bounded).
     */
    @Override
    public OptionalDouble largestHypervolume(List<Objective> objectives, List<OutcomeConstraint> constraints) {
        if (pareto == null || objectives.size() != pareto.reference().length) {
            return OptionalDouble.empty();
        }
        for (int k = 0; k < objectives.size(); k++) {
            Objective g = objectives.get(k);
            if (!g.name().equals(outputs.get(k)) || g.goal() != Objective.Goal.MINIMIZE
                    || g.reference().isEmpty() || g.reference().getAsDouble() != pareto.reference()[k]) {
                return OptionalDouble.empty();
            }
        }
        List<OutcomeConstraint> standard = outputs.subList(objectives.size(), outputs.size()).stream()
                .map(o -> new OutcomeConstraint(o, OutcomeConstraint.Bound.AT_LEAST, 0)).toList();
        return java.util.Set.copyOf(constraints).equals(java.util.Set.copyOf(standard))
                ? OptionalDouble.of(pareto.largestHypervolume()) : OptionalDouble.empty();
    }

    /** A continuous function has no finite table of its values; scoring hypotheses needs one. */
    @Override
    public Optional<KnownResponse> knownResponse(String name) {
        return Optional.empty();
    }

    @Override
    public OptionalDouble noiseFree(String output, Settings settings) {
        int k = outputs.indexOf(output);
        return k < 0 ? OptionalDouble.empty() : OptionalDouble.of(function.apply(point(settings))[k]);
    }

    private double[] point(Settings settings) {
        return space().parameters().stream().mapToDouble(p -> settings.number(p.name())).toArray();
    }

    @Override
    protected ToolResult answer(Settings settings, ToolContext context) {
        if (!runTime.isZero()) {
            try {
                Thread.sleep(runTime.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new ToolResult.Failure("interrupted during the simulated run", true);
            }
        }
        double[] values = function.apply(point(settings));
        Map<String, Object> answer = new LinkedHashMap<>();
        for (int k = 0; k < outputs.size(); k++) {
            answer.put(outputs.get(k), values[k] + (noise[k] > 0 ? noise[k] * context.random().nextGaussian() : 0));
        }
        return new ToolResult.Success(answer);
    }
}
