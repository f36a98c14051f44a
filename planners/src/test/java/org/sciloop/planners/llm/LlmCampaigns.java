package org.sciloop.planners.llm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.CampaignEngine;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.campaign.CampaignReplay;
import org.sciloop.core.campaign.CampaignResult;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.config.Options;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.PlannerFactory;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolFactory;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;

/** Small campaigns with a language-model planner over a bench function, run by the real engine. */
final class LlmCampaigns {
    static final String SCENARIO = """
            name: bench
            description: a bench reaction
            objective: {name: y, goal: maximize}
            space:
              x: {type: continuous, low: 0, high: 10, unit: degC}
              c: {type: categorical, levels: [a, b]}
            experiment: {tool: bench}
            planner:
              name: %s
              options:
                model: "%s"
                base-url: "%s"
                timeout: PT0.5S
                backoff: PT0.01S
                retries: 2
                max-tool-rounds: 4
                max-invalid-calls: 2
                price: {input: 1000, output: 2000}
            %s
            budget: {experiments: %d, batch: 2%s}
            safety:
              limits:
                x: {max: 8}
            lookups:
              catalog: {tool: catalog}
            """;

    /** y = 10 - (x - 3)^2, plus 5 with c = b; records every call. */
    static final class Bench implements Tool, ToolFactory {
        final List<Settings> calls = new ArrayList<>();
        final String name;
        final Effect effect;

        Bench(String name, Effect effect) {
            this.name = name;
            this.effect = effect;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String summary() {
            return "test tool";
        }

        @Override
        public Tool create(Options options) {
            return this;
        }

        @Override
        public ToolDescriptor descriptor() {
            var input = JsonNodeFactory.instance.objectNode().put("type", "object");
            if (name.equals("catalog")) {  // the lookup takes a topic; the bench takes the space's settings
                input.putObject("properties").putObject("topic").put("type", "string");
                input.putArray("required").add("topic");
            }
            return new ToolDescriptor(name, name.equals("catalog") ? "what the literature says on a topic"
                    : "the bench", input, JsonNodeFactory.instance.objectNode(), effect, Duration.ofSeconds(5));
        }

        @Override
        public synchronized ToolResult invoke(ToolCall call, ToolContext context) {
            if (name.equals("catalog")) {
                return new ToolResult.Success(Map.of("finding", "c = b helps, says " + call.arguments().get("topic")));
            }
            Settings s = new Settings(call.arguments());
            calls.add(s);
            double x = s.number("x");
            return new ToolResult.Success(Map.of("y", 10 - (x - 3) * (x - 3) + ("b".equals(s.get("c")) ? 5 : 0)));
        }
    }

    final Bench bench = new Bench("bench", Effect.READ_ONLY);
    final Bench catalog = new Bench("catalog", Effect.READ_ONLY);

    Scenario scenario(String planner, String model, String baseUrl, String extraOptions, int budget, String budgetExtra) {
        return Scenario.parse(SCENARIO.formatted(planner, model, baseUrl, extraOptions, budget, budgetExtra),
                new ScenarioLocation.BuiltIn("bench"));
    }

    Campaign campaign(Scenario scenario, UnaryOperator<String> env) {
        return Campaign.assemble(scenario, 11, new Registry<>("tool", List.of(bench, catalog), ToolFactory::name),
                new Registry<>("planner", List.of(new LanguageModelPlanners.Llm(env), new LanguageModelPlanners.LlmBo(env)),
                        PlannerFactory::name));
    }

    CampaignResult run(Scenario scenario, Path trace) {
        try (Campaign campaign = campaign(scenario, name -> null);
             TraceWriter writer = TraceWriter.create(trace, "c-llm", Clock.systemUTC(), Durability.NONE,
                     TraceSigner.ephemeral())) {
            return new CampaignEngine(campaign, writer, Clock.systemUTC()).start("builtin:bench");
        }
    }

    /** Replays a trace with no provider reachable: no base URL, no key, nothing in the environment. */
    CampaignReplay.Result replay(Path trace, java.util.function.UnaryOperator<Scenario> edit) {
        CampaignHistory history = CampaignHistory.of(TraceReader.readIntact(trace));
        Scenario recorded = Scenario.fromRecorded(history.started().document(), new ScenarioLocation.BuiltIn("bench"));
        Scenario offline = edit.apply(recorded.edited(doc -> ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("planner").get("options")).remove("base-url")));
        try (Campaign campaign = campaign(offline, name -> null)) {
            return CampaignReplay.replay(campaign, history);
        }
    }

    static <T extends TraceEvent> List<T> events(Path trace, Class<T> type) {
        return TraceReader.readIntact(trace).stream().map(TraceRecord::event).filter(type::isInstance).map(type::cast)
                .toList();
    }
}
