package org.sciloop.evaluations.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.config.Options;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.model.Experiment;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.Planner;
import org.sciloop.core.planner.PlannerFactory;
import org.sciloop.core.planner.Proposal;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolFactory;
import org.sciloop.core.tool.ToolResult;

/**
 * A campaign whose tool and planner cost next to nothing, so that what is measured is the engine: policy
 * check, trace lines, hashing, the timed hand-off to the tool's thread, the stop rules. The tool declares
 * itself ACTUATES so that the default durability forces the trace before every call, as it would for an
 * instrument.
 */
final class NoOpCampaign {
    private static final String SCENARIO = """
            name: engine-overhead
            objective: {name: value, goal: maximize}
            space:
              x: {type: continuous, low: 0, high: 1}
            experiment: {tool: no-op}
            planner: {name: constant}
            budget: {experiments: %d, batch: %d}
            """;

    private NoOpCampaign() {
    }

    static Campaign of(int experiments, int batch) {
        Scenario scenario = Scenario.parse(SCENARIO.formatted(experiments, batch),
                new ScenarioLocation.BuiltIn("engine-overhead"));
        return Campaign.assemble(scenario, 1,
                new Registry<>("tool", List.of(new NoOpTool()), ToolFactory::name),
                new Registry<>("planner", List.of(new ConstantPlanner()), PlannerFactory::name));
    }

    private static final class NoOpTool implements ToolFactory, Tool {
        private final ToolDescriptor descriptor = new ToolDescriptor("no-op", "answers 1 at once",
                JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(), Effect.ACTUATES,
                Duration.ofSeconds(10));

        @Override
        public String name() {
            return "no-op";
        }

        @Override
        public String summary() {
            return descriptor.description();
        }

        @Override
        public Tool create(Options options) {
            return this;
        }

        @Override
        public ToolDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public ToolResult invoke(org.sciloop.core.tool.ToolCall call, org.sciloop.core.tool.ToolContext context) {
            return new ToolResult.Success(Map.of("value", 1.0));
        }
    }

    private static final class ConstantPlanner implements PlannerFactory, Planner {
        private static final Settings MIDDLE = new Settings(Map.of("x", 0.5));

        @Override
        public String name() {
            return "constant";
        }

        @Override
        public String summary() {
            return "always x = 0.5";
        }

        @Override
        public Planner create(Options options) {
            return this;
        }

        @Override
        public Proposal propose(org.sciloop.core.planner.CampaignState state,
                                org.sciloop.core.planner.PlanningContext context) {
            return Proposal.batch(java.util.Collections.nCopies(context.batchSize(), Experiment.of(MIDDLE, "")), "");
        }
    }
}
