package org.sciloop.core.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sciloop.core.Registry;
import org.sciloop.core.planner.Planner;
import org.sciloop.core.planner.PlannerFactory;
import org.sciloop.core.safety.SafetyPolicy;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolFactory;

/**
 * A scenario made runnable: its tool, lookups and planner built from their plugins, its space settled
 * (written in the scenario or defined by the tool), its safety policy checked against that space.
 *
 * @param lookups the read-only tools the planner may consult, by the name it calls them
 */
public record Campaign(Scenario scenario, long seed, ParameterSpace space, Tool tool, Planner planner,
                       SafetyPolicy policy, Map<String, Tool> lookups) implements AutoCloseable {

    public Campaign {
        lookups = Collections.unmodifiableMap(new LinkedHashMap<>(lookups));
    }

    /** A campaign whose planner consults nothing. */
    public Campaign(Scenario scenario, long seed, ParameterSpace space, Tool tool, Planner planner,
                    SafetyPolicy policy) {
        this(scenario, seed, space, tool, planner, policy, Map.of());
    }

    public static Campaign assemble(Scenario scenario, long seed, Registry<ToolFactory> tools,
                                    Registry<PlannerFactory> planners) {
        ToolFactory toolFactory = tools.find(scenario.tool()).orElseThrow(() -> scenario.root().child("experiment")
                .error("tool", "unknown tool '" + scenario.tool() + "'; known tools: " + String.join(", ", tools.names())));
        PlannerFactory plannerFactory = planners.find(scenario.planner()).orElseThrow(() -> scenario.root()
                .child("planner").error("name", "unknown planner '" + scenario.planner() + "'; known planners: "
                        + String.join(", ", planners.names())));
        Tool tool = toolFactory.create(scenario.toolOptions());
        ParameterSpace space = scenario.space().or(tool::impliedSpace).orElseThrow(() -> scenario.root().errorHere(
                "missing 'space': tool '" + scenario.tool() + "' does not define one, so the scenario must"));
        checkObjectiveIsAnOutput(scenario, tool);
        Planner planner = plannerFactory.create(scenario.plannerOptions());
        SafetyPolicy policy = SafetyPolicy.fromScenario(scenario.safety(), space);
        try {
            policy = policy.with(tool.limits());
        } catch (IllegalArgumentException e) {
            throw scenario.root().child("experiment").errorHere("tool '" + scenario.tool() + "': " + e.getMessage());
        }
        return new Campaign(scenario, seed, space, tool, planner, policy, lookups(scenario, tools));
    }

    /** What each lookup does and takes, by the name the planner calls it. */
    public Map<String, org.sciloop.core.tool.ToolDescriptor> lookupDescriptors() {
        Map<String, org.sciloop.core.tool.ToolDescriptor> descriptors = new LinkedHashMap<>();
        lookups.forEach((name, tool) -> descriptors.put(name, tool.descriptor()));
        return descriptors;
    }

    /** Lets go of what the tools hold (a connection, an in-process server). */
    @Override
    public void close() {
        lookups.values().forEach(Tool::close);
        tool.close();
    }

    /** The scenario's lookups, each a read-only tool: a planner may consult, never act. */
    private static Map<String, Tool> lookups(Scenario scenario, Registry<ToolFactory> tools) {
        Map<String, Tool> built = new LinkedHashMap<>();
        scenario.lookups().forEach((name, lookup) -> {
            var where = scenario.root().child("lookups").child(name);
            ToolFactory factory = tools.find(lookup.tool()).orElseThrow(() -> where.error("tool", "unknown tool '"
                    + lookup.tool() + "'; known tools: " + String.join(", ", tools.names())));
            Tool tool = factory.create(lookup.options());
            if (tool.descriptor().effect() != Effect.READ_ONLY) {
                tool.close();
                throw where.error("tool", "'" + lookup.tool() + "' acts on the world; a lookup must be read-only"
                        + " (a planner may consult tools, never actuate them)");
            }
            built.put(name, tool);
        });
        return built;
    }

    private static void checkObjectiveIsAnOutput(Scenario scenario, Tool tool) {
        JsonNode outputs = tool.descriptor().outputSchema().path("properties");
        String name = scenario.objective().name();
        if (outputs.isObject() && !outputs.has(name)) {
            throw scenario.root().child("objective").error("name", "tool '" + scenario.tool()
                    + "' has no output '" + name + "'; its outputs: " + iterate(outputs));
        }
    }

    private static String iterate(JsonNode properties) {
        var names = new java.util.ArrayList<String>();
        properties.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }
}
