package org.sciloop.core.campaign;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.sciloop.core.config.Options;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.model.Experiment;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.Planner;
import org.sciloop.core.planner.PlannerFactory;
import org.sciloop.core.planner.PlanningContext;
import org.sciloop.core.planner.Proposal;
import org.sciloop.core.safety.SafetyPolicy;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.tool.Actuator;
import org.sciloop.core.tool.BatchTool;
import org.sciloop.core.tool.DeviceStep;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.Reconciliation;
import org.sciloop.core.tool.RecordedAnswers;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolFactory;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;

/** Small campaigns over a scripted tool and planner, for engine tests. */
final class TestCampaigns {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** A 1-D space x in [0, 10] plus a categorical c in {a, b}; the tool answers y = x (+ 100 if c = b). */
    static final String SCENARIO = """
            name: test
            objective: {name: y, goal: maximize%s}
            space:
              x: {type: continuous, low: 0, high: 10}
              c: {type: categorical, levels: [a, b]}
            experiment: {tool: scripted}
            planner: {name: scripted}
            budget: {experiments: %d, batch: %d%s}
            safety:
              limits:
                x: {max: 8}
            """;

    /** A tool that records every call it gets. */
    static class ScriptedTool implements Tool, ToolFactory {
        final List<Settings> calls = new ArrayList<>();
        Effect effect = Effect.READ_ONLY;
        boolean deterministic;
        Duration timeout = Duration.ofSeconds(5);
        Function<Settings, ToolResult> answer = s -> new ToolResult.Success(
                Map.of("y", s.number("x") + ("b".equals(s.get("c")) ? 100 : 0)));

        @Override
        public String name() {
            return "scripted";
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
            return new ToolDescriptor("scripted", "test", JsonNodeFactory.instance.objectNode(),
                    JsonNodeFactory.instance.objectNode(), effect, timeout, deterministic);
        }

        @Override
        public synchronized ToolResult invoke(ToolCall call, ToolContext context) {
            Settings s = new Settings(call.arguments());
            calls.add(s);
            return answer.apply(s);
        }
    }

    /** A scripted tool that acts on the world: no limits or interlocks of its own, and no memory of past calls. */
    static final class ScriptedActuator extends ScriptedTool implements Actuator {
        Function<ToolCall, Reconciliation> reconcile = call -> new Reconciliation.Unknown(
                "the scripted tool keeps no record of its calls");

        /** Each scripted device is its own, so that tests never meet each other's reservations. */
        final String device = "scripted device " + java.util.UUID.randomUUID();

        ScriptedActuator() {
            effect = Effect.ACTUATES;
        }

        @Override
        public String device() {
            return device;
        }

        @Override
        public List<SafetyPolicy.Limit> limits() {
            return List.of();
        }

        @Override
        public Optional<String> interlock(ToolCall call) {
            return Optional.empty();
        }

        @Override
        public List<DeviceStep> dryRun(ToolCall call) {
            return List.of(new DeviceStep("call", "scripted", null, call.arguments()));
        }

        @Override
        public Reconciliation reconcile(ToolCall call, String campaignId) {
            return reconcile.apply(call);
        }
    }

    /** A scripted tool that takes whole batches, and remembers their sizes. */
    static final class ScriptedBatchTool extends ScriptedTool implements BatchTool {
        final List<Integer> batches = new ArrayList<>();
        Function<List<ToolCall>, List<ToolResult>> batchAnswer = calls -> calls.stream()
                .map(c -> invoke(c, null)).toList();

        @Override
        public synchronized List<ToolResult> invokeBatch(List<ToolCall> calls,
                                                         Function<ToolCall, ToolContext> contexts) {
            batches.add(calls.size());
            return batchAnswer.apply(calls);
        }
    }

    /** A planner driven by a function of (state, context). */
    static final class ScriptedPlanner implements Planner, PlannerFactory {
        BiFunction<CampaignState, PlanningContext, Proposal> script;
        final List<PlanningContext> contexts = new ArrayList<>();

        ScriptedPlanner(BiFunction<CampaignState, PlanningContext, Proposal> script) {
            this.script = script;
        }

        /** Random points x in [0, 8], c random, from the round's random source. */
        static ScriptedPlanner randomInsideLimits() {
            return new ScriptedPlanner((state, ctx) -> {
                List<Experiment> batch = new ArrayList<>();
                for (int i = 0; i < ctx.batchSize(); i++) {
                    batch.add(Experiment.of(new Settings(Map.of("x", ctx.random().nextDouble() * 8,
                            "c", ctx.random().nextBoolean() ? "a" : "b")), "random"));
                }
                return Proposal.batch(batch, "random batch");
            });
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public String summary() {
            return "test planner";
        }

        @Override
        public Planner create(Options options) {
            return this;
        }

        @Override
        public Proposal propose(CampaignState state, PlanningContext context) {
            contexts.add(context);
            return script.apply(state, context);
        }
    }

    static Scenario scenario(int budget, int batch, String objectiveExtra, String budgetExtra) {
        return Scenario.parse(SCENARIO.formatted(objectiveExtra, budget, batch, budgetExtra),
                new ScenarioLocation.BuiltIn("test"));
    }

    static Campaign campaign(Scenario scenario, long seed, ScriptedTool tool, ScriptedPlanner planner) {
        return Campaign.assemble(scenario, seed, new Registry<>("tool", List.of(tool), ToolFactory::name),
                new Registry<>("planner", List.of(planner), PlannerFactory::name));
    }

    static CampaignResult run(Campaign campaign, Path trace) {
        return run(campaign, trace, RecordedAnswers.NONE);
    }

    /** A run whose deterministic tool's calls may be answered from {@code answers}. */
    static CampaignResult run(Campaign campaign, Path trace, RecordedAnswers answers) {
        try (TraceWriter writer = TraceWriter.create(trace, "c-1", CLOCK, Durability.ACTUATIONS,
                TraceSigner.ephemeral())) {
            return new CampaignEngine(campaign, writer, CLOCK).answersFrom(answers).start("builtin:test");
        }
    }

    private TestCampaigns() {
    }
}
