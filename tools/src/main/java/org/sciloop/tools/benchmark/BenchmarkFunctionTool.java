package org.sciloop.tools.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Settings;
import org.sciloop.core.tool.GroundTruth;
import org.sciloop.core.tool.KnownResponse;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.tools.ExperimentTool;

/**
 * A simulated experiment whose answer is a test function's value, optionally with Gaussian noise drawn
 * from the call's seeded random source (so resumed and replayed runs see the same noise), and optionally
 * taking a fixed run time (to rehearse the pacing of a real instrument).
 */
public final class BenchmarkFunctionTool extends ExperimentTool implements GroundTruth {
    private final TestFunction function;
    private final double noise;
    private final String output;
    private final Duration runTime;

    public BenchmarkFunctionTool(TestFunction function, int dimensions, double noise, String output, Duration runTime) {
        super("benchmark-function",
                function.name().toLowerCase() + " test function" + (noise > 0 ? " with noise sd " + noise : ""),
                function.space(dimensions), List.of(output), Duration.ofSeconds(30).plus(runTime));
        this.function = function;
        this.noise = noise;
        this.output = output;
        this.runTime = runTime;
    }

    /** The function's global minimum (noise aside); test functions are minimised. */
    @Override
    public OptionalDouble bestPossible(Objective objective) {
        return objective.name().equals(output) && objective.goal() == Objective.Goal.MINIMIZE
                ? OptionalDouble.of(function.minimum()) : OptionalDouble.empty();
    }

    /** A continuous function has no finite table of its values; scoring hypotheses needs one. */
    @Override
    public Optional<KnownResponse> knownResponse(String name) {
        return Optional.empty();
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
        double[] x = space().parameters().stream().mapToDouble(p -> settings.number(p.name())).toArray();
        double value = function.value(x) + (noise > 0 ? noise * context.random().nextGaussian() : 0);
        return new ToolResult.Success(Map.of(output, value));
    }
}
