package org.sciloop.tools.benchmark;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import org.sciloop.core.config.Options;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolFactory;

/**
 * {@code benchmark-function}: options {@code function} (branin | hartmann6 | ackley, or branin-currin with two
 * outputs, {@code branin} and {@code currin}), {@code dimensions} (ackley only, default 2), {@code noise}
 * (standard deviation, default 0; a list gives one per output), {@code output} (a single output's name, default
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
        return "test functions with known optima (branin, hartmann6, ackley) and with several objectives"
                + " (branin-currin), optional Gaussian noise";
    }

    @Override
    public Tool create(Options options) {
        options.allowOnly("function", "dimensions", "noise", "output", "run-time-ms");
        String name = options.string("function");
        Optional<ParetoTestFunction> several = Arrays.stream(ParetoTestFunction.values())
                .filter(f -> f.scenarioName().equals(name)).findFirst();
        if (several.isPresent()) {
            return severalOutputs(several.get(), options);
        }
        TestFunction function = Arrays.stream(TestFunction.values())
                .filter(f -> f.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> options.error("function", "unknown function '" + name + "'; known: "
                        + known()));
        int dimensions = options.positiveInt("dimensions", 2);
        if (dimensions > MAX_DIMENSIONS) {
            throw options.error("dimensions", "at most " + MAX_DIMENSIONS + ", got " + dimensions);
        }
        if (options.has("dimensions") && function != TestFunction.ACKLEY) {
            throw options.error("dimensions", name + " has a fixed dimension; only ackley takes 'dimensions'");
        }
        if (options.json().path("noise").isArray()) {
            throw options.error("noise", name + " has one output: give one standard deviation, not a list");
        }
        double noise = noise(options, "noise", options.number("noise", 0));
        return new BenchmarkFunctionTool(function, dimensions, noise, options.string("output", "value"),
                runTime(options));
    }

    /** A problem with several outputs, named by the problem; noise is one standard deviation for all, or one each. */
    private static Tool severalOutputs(ParetoTestFunction function, Options options) {
        for (String key : List.of("dimensions", "output")) {
            if (options.has(key)) {
                throw options.error(key, function.scenarioName() + " has fixed dimensions and outputs ("
                        + String.join(", ", function.outputs()) + "); it takes no '" + key + "'");
            }
        }
        int m = function.outputs().size();
        double[] noise = new double[m];
        if (options.json().path("noise").isArray()) {
            List<Double> given = options.numbers("noise");
            if (given.size() != m) {
                throw options.error("noise", "gives " + given.size() + " standard deviations; " + function.scenarioName()
                        + " has " + m + " outputs (" + String.join(", ", function.outputs()) + ")");
            }
            for (int k = 0; k < m; k++) {
                noise[k] = noise(options, "noise/" + k, given.get(k));
            }
        } else {
            Arrays.fill(noise, noise(options, "noise", options.number("noise", 0)));
        }
        return new BenchmarkFunctionTool(function, noise, runTime(options));
    }

    private static double noise(Options options, String key, double sd) {
        if (sd < 0) {
            throw options.error(key, "a standard deviation cannot be negative, got " + sd);
        }
        return sd;
    }

    private static Duration runTime(Options options) {
        double runTime = options.number("run-time-ms", 0);
        if (runTime < 0) {
            throw options.error("run-time-ms", "cannot be negative, got " + runTime);
        }
        return Duration.ofMillis((long) runTime);
    }

    private static List<String> known() {
        List<String> names = new java.util.ArrayList<>(Arrays.stream(TestFunction.values())
                .map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
        Arrays.stream(ParetoTestFunction.values()).forEach(f -> names.add(f.scenarioName()));
        return names;
    }
}
