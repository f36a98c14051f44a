package org.sciloop.tools.benchmark;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.sciloop.core.config.Options;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolFactory;

/**
 * {@code benchmark-function}: options {@code function} (branin | hartmann6 | ackley), {@code dimensions}
 * (ackley only, default 2), {@code noise} (standard deviation, default 0), {@code output} (default
 * {@code value}), {@code run-time-ms} (default 0).
 */
public final class BenchmarkFunctionFactory implements ToolFactory {
    /** Ackley's dimensions at most: checked before the space is made (10^8 ran out of memory and hung). */
    static final int MAX_DIMENSIONS = 1000;


    @Override
    public String name() {
        return "benchmark-function";
    }

    @Override
    public String summary() {
        return "test functions with known optima (branin, hartmann6, ackley), optional Gaussian noise";
    }

    @Override
    public Tool create(Options options) {
        options.allowOnly("function", "dimensions", "noise", "output", "run-time-ms");
        String name = options.string("function");
        TestFunction function = Arrays.stream(TestFunction.values())
                .filter(f -> f.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> options.error("function", "unknown function '" + name + "'; known: "
                        + Arrays.stream(TestFunction.values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList()));
        int dimensions = options.positiveInt("dimensions", 2);
        if (dimensions > MAX_DIMENSIONS) {
            throw options.error("dimensions", "at most " + MAX_DIMENSIONS + ", got " + dimensions);
        }
        if (options.has("dimensions") && function != TestFunction.ACKLEY) {
            throw options.error("dimensions", name + " has a fixed dimension; only ackley takes 'dimensions'");
        }
        double noise = options.number("noise", 0);
        if (noise < 0) {
            throw options.error("noise", "a standard deviation cannot be negative, got " + noise);
        }
        double runTime = options.number("run-time-ms", 0);
        if (runTime < 0) {
            throw options.error("run-time-ms", "cannot be negative, got " + runTime);
        }
        return new BenchmarkFunctionTool(function, dimensions, noise, options.string("output", "value"),
                Duration.ofMillis((long) runTime));
    }
}
