package org.sciloop.tools.simulated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
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
 * A cross-coupling whose structure is known, so a hypothesis engine can be scored against the truth:
 * yield rises with temperature; it has an optimum in catalyst loading at {@value #BEST_LOADING} mol%;
 * XPhos is the best ligand; how much temperature helps depends on the ligand; the solvent does nothing.
 * Measurements carry Gaussian noise drawn from the call's seeded random source.
 *
 * <pre>
 * yield = 50 + (12 + s[ligand]) t + a[ligand] - 14 (l - l*)^2 + noise
 * t, l: temperature and loading coded to [-1, 1]; l* the coded best loading
 * a = {XPhos 10, SPhos 3, PPh3 -6, dppf -7}; s = {XPhos 5, SPhos 0, PPh3 -2, dppf -3}
 * </pre>
 */
public final class SimulatedReaction extends ExperimentTool implements GroundTruth {
    public static final double BEST_LOADING = 2.5;
    static final List<String> LIGANDS = List.of("XPhos", "SPhos", "PPh3", "dppf");
    private static final List<String> SOLVENTS = List.of("toluene", "dioxane", "DMF");
    private static final double[] LIGAND_EFFECT = {10, 3, -6, -7};
    private static final double[] TEMPERATURE_SLOPE_BY_LIGAND = {5, 0, -2, -3};
    private static final Parameter.Continuous TEMPERATURE = new Parameter.Continuous("temperature", 60, 120, "C");
    private static final Parameter.Continuous LOADING = new Parameter.Continuous("loading", 0.5, 5, "mol%");

    private final double noise;
    private final String output;

    public SimulatedReaction(double noise, String output) {
        super("reaction-simulator", "simulated cross-coupling with known effects"
                + (noise > 0 ? ", noise sd " + noise : ""), parameters(), List.of(output), Duration.ofSeconds(5),
                noise == 0);
        this.noise = noise;
        this.output = output;
    }

    static ParameterSpace parameters() {
        return new ParameterSpace(List.of(TEMPERATURE, LOADING, new Parameter.Categorical("ligand", LIGANDS),
                new Parameter.Categorical("solvent", SOLVENTS)));
    }

    /** The yield without measurement noise: the truth a campaign tries to learn. */
    public static double expected(Settings settings) {
        double t = 2 * TEMPERATURE.toUnit(settings.get("temperature")) - 1;
        double l = 2 * LOADING.toUnit(settings.get("loading")) - 1;
        double best = 2 * LOADING.toUnit(BEST_LOADING) - 1;
        int ligand = LIGANDS.indexOf((String) settings.get("ligand"));
        return 50 + (12 + TEMPERATURE_SLOPE_BY_LIGAND[ligand]) * t + LIGAND_EFFECT[ligand] - 14 * (l - best) * (l - best);
    }

    /** None is claimed: with noise, a single measurement can beat the noise-free optimum. */
    @Override
    public OptionalDouble bestPossible(Objective objective) {
        return OptionalDouble.empty();
    }

    @Override
    public OptionalDouble noiseFree(String name, Settings settings) {
        return name.equals(output) ? OptionalDouble.of(expected(settings)) : OptionalDouble.empty();
    }

    /**
     * {@link #expected} on a full-factorial grid: temperature every 5 C, loading every 0.05 mol% (so the best
     * loading is a grid point), every ligand and solvent.
     */
    @Override
    public Optional<KnownResponse> knownResponse(String name) {
        if (!name.equals(output)) {
            return Optional.empty();
        }
        List<Settings> points = new ArrayList<>();
        for (double t = TEMPERATURE.low(); t <= TEMPERATURE.high() + 1e-9; t += 5) {
            for (int step = 0; step <= Math.round((LOADING.high() - LOADING.low()) / 0.05); step++) {
                for (String ligand : LIGANDS) {
                    for (String solvent : SOLVENTS) {
                        Map<String, Object> point = new LinkedHashMap<>();
                        point.put("temperature", t);
                        point.put("loading", Math.round((LOADING.low() + 0.05 * step) * 100) / 100.0);
                        point.put("ligand", ligand);
                        point.put("solvent", solvent);
                        points.add(new Settings(point));
                    }
                }
            }
        }
        return Optional.of(new KnownResponse(output, points,
                points.stream().mapToDouble(SimulatedReaction::expected).toArray()));
    }

    @Override
    protected ToolResult answer(Settings settings, ToolContext context) {
        double value = expected(settings) + (noise > 0 ? noise * context.random().nextGaussian() : 0);
        return new ToolResult.Success(Map.of(output, value));
    }
}
