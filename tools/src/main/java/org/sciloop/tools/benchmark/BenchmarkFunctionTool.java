package org.sciloop.tools.benchmark;

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
 * A simulated experiment whose answer is a test function's value, optionally with Gaussian noise drawn
 * from the call's seeded random source (so resumed and replayed runs see the same noise), and optionally
 * taking a fixed run time (to rehearse the pacing of a real instrument).
 */
public final class BenchmarkFunctionTool implements Tool {
    private final TestFunction function;
    private final ParameterSpace space;
    private final double noise;
    private final String output;
    private final Duration runTime;
    private final ToolDescriptor descriptor;

    public BenchmarkFunctionTool(TestFunction function, int dimensions, double noise, String output, Duration runTime) {
        this.function = function;
        this.space = function.space(dimensions);
        this.noise = noise;
        this.output = output;
        this.runTime = runTime;
        this.descriptor = new ToolDescriptor("benchmark-function",
                function.name().toLowerCase() + " test function" + (noise > 0 ? " with noise sd " + noise : ""),
                Schemas.input(space), Schemas.numbers(List.of(output)), Effect.READ_ONLY,
                Duration.ofSeconds(30).plus(runTime));
    }

    @Override
    public ToolDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Optional<ParameterSpace> impliedSpace() {
        return Optional.of(space);
    }

    @Override
    public ToolResult invoke(ToolCall call, ToolContext context) {
        Settings settings;
        try {
            settings = new Settings(call.arguments());
        } catch (IllegalArgumentException e) {
            return new ToolResult.Failure(e.getMessage(), false);
        }
        Optional<String> invalid = space.violation(settings);
        if (invalid.isPresent()) {
            return new ToolResult.Failure(invalid.get(), false);
        }
        if (!runTime.isZero()) {
            try {
                Thread.sleep(runTime.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new ToolResult.Failure("interrupted during the simulated run", true);
            }
        }
        double[] x = space.parameters().stream().mapToDouble(p -> settings.number(p.name())).toArray();
        double value = function.value(x) + (noise > 0 ? noise * context.random().nextGaussian() : 0);
        return new ToolResult.Success(Map.of(output, value));
    }

}
