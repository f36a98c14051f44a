package org.sciloop.planners.design;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.Registry;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.CampaignEngine;
import org.sciloop.core.campaign.CampaignResult;
import org.sciloop.core.campaign.Observation;
import org.sciloop.core.campaign.StopReason;
import org.sciloop.core.scenario.Options;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.scenario.ScenarioLocation;
import org.sciloop.core.space.Settings;
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
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;

/**
 * What every planner must do, checked through the real engine: honour the batch, stay in the space, never
 * repeat a measured candidate of a finite space, stop when the space is used up, and depend on the seed
 * alone. Each planner's test class extends this one.
 */
abstract class PlannerContractTest {
    private static final String FINITE = """
            name: finite
            objective: {name: y}
            space:
              a: {type: categorical, levels: [p, q, r]}
              b: {type: discrete, values: [1, 2, 3, 4]}
              c: {type: categorical, levels: [u, v]}
            experiment: {tool: sum}
            planner: {name: %s}
            budget: {experiments: %d, batch: %d}
            """;
    private static final String MIXED = """
            name: mixed
            objective: {name: y}
            space:
              x: {type: continuous, low: -5, high: 10}
              z: {type: continuous, low: 0, high: 0.001}
              c: {type: categorical, levels: [u, v, w]}
            experiment: {tool: sum}
            planner: {name: %s}
            budget: {experiments: %d, batch: %d}
            """;

    @TempDir
    Path dir;

    abstract String planner();

    @Test
    void proposes_full_batches_until_the_budget_is_met() {
        List<TraceEvent.ProposalMade> proposals = proposals(run(MIXED, 17, 4, 1, "t"));
        assertThat(proposals).extracting(p -> p.experiments().size()).containsExactly(4, 4, 4, 4, 1);
    }

    @Test
    void stays_inside_a_continuous_and_categorical_space() {
        CampaignResult result = campaign(MIXED, 40, 5, 1, "t");
        assertThat(result.state().observations()).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(Observation.Status.OK);
            assertThat(result.state().space().violation(o.settings())).isEmpty();
        });
    }

    @Test
    void never_repeats_a_candidate_and_stops_when_the_finite_space_is_used_up() {
        CampaignResult result = campaign(FINITE, 100, 5, 3, "t");
        List<Settings> run = result.state().observations().stream().map(Observation::settings).toList();
        assertThat(new HashSet<>(run)).hasSize(24).containsExactlyInAnyOrderElementsOf(result.state().space().candidates());
        assertThat(run).hasSize(24);
        assertThat(result.stopReason()).isEqualTo(StopReason.PLANNER_STOPPED);
    }

    @Test
    void depends_on_the_seed_alone() {
        List<Settings> first = settings(run(MIXED, 12, 3, 8, "a"));
        assertThat(settings(run(MIXED, 12, 3, 8, "b"))).isEqualTo(first);
        assertThat(settings(run(MIXED, 12, 3, 9, "c"))).isNotEqualTo(first);
    }

    Path run(String scenario, int budget, int batch, long seed, String name) {
        campaign(scenario, budget, batch, seed, name);
        return dir.resolve(name + ".jsonl");
    }

    CampaignResult campaign(String scenario, int budget, int batch, long seed, String name) {
        Scenario s = Scenario.parse(scenario.formatted(planner(), budget, batch), new ScenarioLocation.BuiltIn("t"));
        Campaign campaign = Campaign.assemble(s, seed, new Registry<>("tool", List.of(new SumTool()), ToolFactory::name),
                Registry.planners());
        try (TraceWriter w = TraceWriter.create(dir.resolve(name + ".jsonl"), "c", Clock.systemUTC(), Durability.NONE,
                TraceSigner.ephemeral())) {
            return new CampaignEngine(campaign, w, Clock.systemUTC(), List.of()).start("builtin:t");
        }
    }

    static List<TraceEvent.ProposalMade> proposals(Path trace) {
        return TraceReader.readIntact(trace).stream().map(r -> r.event())
                .filter(e -> e instanceof TraceEvent.ProposalMade).map(e -> (TraceEvent.ProposalMade) e).toList();
    }

    static List<Settings> settings(Path trace) {
        return proposals(trace).stream().flatMap(p -> p.experiments().stream())
                .map(TraceEvent.PlannedExperiment::settings).toList();
    }

    /** Answers every experiment: y = the sum of its numeric settings. */
    static final class SumTool implements Tool, ToolFactory {
        @Override
        public String name() {
            return "sum";
        }

        @Override
        public String summary() {
            return "sum of the numbers";
        }

        @Override
        public Tool create(Options options) {
            return this;
        }

        @Override
        public ToolDescriptor descriptor() {
            return new ToolDescriptor("sum", "sum", JsonNodeFactory.instance.objectNode(),
                    JsonNodeFactory.instance.objectNode(), Effect.READ_ONLY, Duration.ofSeconds(5));
        }

        @Override
        public ToolResult invoke(ToolCall call, ToolContext context) {
            double y = call.arguments().values().stream().filter(v -> v instanceof Number)
                    .mapToDouble(v -> ((Number) v).doubleValue()).sum();
            return new ToolResult.Success(Map.of("y", y));
        }
    }

    static Set<Integer> strata(List<Double> values, double low, double high, int n) {
        Set<Integer> cells = new HashSet<>();
        values.forEach(v -> cells.add((int) Math.floor((v - low) / (high - low) * n)));
        return cells;
    }
}
