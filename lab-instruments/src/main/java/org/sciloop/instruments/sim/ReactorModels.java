package org.sciloop.instruments.sim;

import java.time.Duration;
import java.util.List;
import org.sciloop.core.InputException;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.Tool;

/**
 * The simulated instruments sciloop can serve, by model name, each answering runs from a dataset: the
 * read-only tool of a scenario (a built-in name such as {@code arylation}, or a scenario file), whose
 * inputs become the setpoints and whose objective becomes the result.
 */
public final class ReactorModels {
    public static final List<String> MODELS = List.of("flow-reactor");

    private ReactorModels() {
    }

    /** Refuses a model sciloop cannot simulate, naming the ones it can. */
    public static void check(String model) {
        if (!MODELS.contains(model)) {
            throw new InputException("unknown instrument model '" + model + "'; models: " + String.join(", ", MODELS));
        }
    }

    public static SimulatedReactor create(String model, String dataset, Duration runTime) {
        check(model);
        ScenarioLocation location = dataset.endsWith(".yaml") || dataset.endsWith(".yml")
                ? new ScenarioLocation.File(java.nio.file.Path.of(dataset))
                : new ScenarioLocation.BuiltIn(dataset);
        Scenario scenario = Scenario.read(location);
        Tool emulator = Registry.tools().get(scenario.tool()).create(scenario.toolOptions());
        if (emulator.descriptor().effect() != Effect.READ_ONLY) {
            throw new InputException("dataset '" + dataset + "' is answered by tool '" + scenario.tool()
                    + "', which actuates; a simulated instrument needs a dataset or a simulator");
        }
        ParameterSpace inputs = scenario.space().or(emulator::impliedSpace).orElseThrow(() -> new InputException(
                "dataset '" + dataset + "' defines no space of settings"));
        // Every objective is a measured value of the reactor: a dataset with several has them all.
        return new SimulatedReactor(inputs, scenario.objectives().stream().map(o -> o.name()).toList(), emulator,
                runTime);
    }
}
