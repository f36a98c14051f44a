package org.sciloop.core.contract;

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
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.CampaignEngine;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.campaign.CampaignReplay;
import org.sciloop.core.campaign.CampaignResult;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.campaign.StopReason;
import org.sciloop.core.config.Options;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
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
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;

/**
 * What every planner must do, checked through the real engine: honour the batch, stay in the space, never
 * repeat a measured candidate of a finite space, stop when the space is used up, depend on the seed alone,
 * and replay to the same decisions. A planner's test class extends this one and names the planner (found on
 * the class path, as {@code sciloop} would find it); published in agent-core's test-jar for plugin authors.
 */
public abstract class PlannerContractTest {
    private static final String FINITE = """
            name: finite
            objective: {name: y}
            space:
              a: {type: categorical, levels: [p, q, r]}
              b: {type: discrete, values: [1, 2, 3, 4]}
              c: {type: categorical, levels: [u, v]}
            experiment: {tool: sum}
            planner: {name: %s, options: OPTIONS}
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
            planner: {name: %s, options: OPTIONS}
            budget: {experiments: %d, batch: %d}
            """;

    @TempDir
    protected Path dir;

    /** The planner's name, as scenarios give it. */
    protected abstract String planner();

    /** The planner's options, as a YAML flow map (a language-model planner names its model here). */
    protected String plannerOptions() {
        return "{}";
    }

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
    void a_first_batch_larger_than_the_space_proposes_all_of_it_and_then_stops() {
        CampaignResult result = campaign(FINITE, 40, 30, 2, "all-at-once");
        assertThat(new HashSet<>(result.state().observations().stream().map(Observation::settings).toList()))
                .hasSize(24);
        assertThat(result.stopReason()).isEqualTo(StopReason.PLANNER_STOPPED);
    }

    @Test
    void depends_on_the_seed_alone() {
        List<Settings> first = settings(run(MIXED, 12, 3, 8, "a"));
        assertThat(settings(run(MIXED, 12, 3, 8, "b"))).isEqualTo(first);
        if (drawsOnTheSeed()) {
            assertThat(settings(run(MIXED, 12, 3, 9, "c"))).isNotEqualTo(first);
        }
    }

    /**
     * Whether the planner's choices draw on the seed (a design, a random start). A planner whose choices come
     * from elsewhere (a language model) still must make the same ones for the same seed.
     */
    protected boolean drawsOnTheSeed() {
        return true;
    }

    @Test
    void replays_its_own_campaign_to_the_same_decisions() {
        Path trace = run(MIXED, 12, 3, 4, "r");
        CampaignHistory history = CampaignHistory.of(TraceReader.readIntact(trace));
        try (Campaign again = assemble(MIXED, 12, 3, 4)) {
            CampaignReplay.Result replay = CampaignReplay.replay(again, history);
            assertThat(replay.divergence()).isEmpty();
            assertThat(replay.proposals()).isEqualTo(proposals(trace).size());
        }
    }

    /**
     * A property over random spaces and random constraints (linear inequalities through an interior point, an
     * equality, a condition looked up in a table, a forbidden pair of levels): no experiment the planner proposes
     * breaks one, in a continuous and categorical space and in a finite one.
     */
    @Test
    void never_proposes_an_experiment_that_breaks_a_parameter_constraint() {
        java.util.Random random = new java.util.Random(20261204L);
        for (int trial = 0; trial < constrainedTrials(); trial++) {
            boolean finite = trial % 2 == 1;
            String scenario = randomConstrainedScenario(random, finite);
            CampaignResult result = campaign(scenario, 12, 3, trial + 1, "constrained-" + trial);
            List<Settings> proposed = settings(dir.resolve("constrained-" + trial + ".jsonl"));
            assertThat(proposed).as(scenario).isNotEmpty();
            assertThat(proposed).as(scenario).allSatisfy(s -> {
                assertThat(result.state().space().violation(s)).isEmpty();
                assertThat(result.state().space().brokenConstraints(s)).as(s.toString()).isEmpty();
            });
        }
    }

    /** How many random constrained scenarios the property tries (a slow planner may try fewer). */
    protected int constrainedTrials() {
        return 6;
    }

    /** A scenario (template, as {@link #run} takes it) with a random space and random constraints that leave room. */
    private static String randomConstrainedScenario(java.util.Random random, boolean finite) {
        StringBuilder space = new StringBuilder();
        List<String> numeric = new java.util.ArrayList<>();
        Map<String, double[]> ranges = new java.util.LinkedHashMap<>();
        int count = 2 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String name = "x" + i;
            double low = Math.round(random.nextDouble() * 20 - 10);
            double high = low + 1 + Math.round(random.nextDouble() * 20);
            ranges.put(name, new double[] {low, high});
            numeric.add(name);
            space.append(finite
                    ? "  %s: {type: discrete, values: [%s, %s, %s, %s]}\n".formatted(name, low, low + (high - low) / 3,
                            low + 2 * (high - low) / 3, high)
                    : "  %s: {type: continuous, low: %s, high: %s}\n".formatted(name, low, high));
        }
        space.append("  s: {type: categorical, levels: [u, v, w]}\n");
        space.append("  k: {type: categorical, levels: [p, q]}\n");
        // An interior point every linear condition passes through or keeps, so the constraints leave room.
        Map<String, Double> inside = new java.util.LinkedHashMap<>();
        ranges.forEach((name, r) -> inside.put(name, r[0] + (0.3 + 0.4 * random.nextDouble()) * (r[1] - r[0])));
        StringBuilder constraints = new StringBuilder("constraints:\n  parameters:\n");
        for (int c = 0; c < 2; c++) {
            StringBuilder lhs = new StringBuilder();
            double at = 0;
            for (String name : numeric) {
                double coefficient = Math.round((random.nextDouble() * 4 - 2) * 4) / 4.0;
                if (coefficient != 0) {
                    lhs.append(lhs.length() == 0 ? "" : " + ").append(coefficient).append(" * ").append(name);
                    at += coefficient * inside.get(name);
                }
            }
            if (lhs.length() > 0) {
                constraints.append("    - %s %s %s\n".formatted(lhs, random.nextBoolean() ? "<=" : ">=", at));
            }
        }
        if (!finite && numeric.size() >= 3) {
            String a = numeric.get(0);
            String b = numeric.get(numeric.size() - 1);
            constraints.append("    - %s - 0.5 * %s == %s\n".formatted(b, a, inside.get(b) - 0.5 * inside.get(a)));
        }
        String first = numeric.get(0);
        double[] r = ranges.get(first);
        constraints.append("    - %s <= cap(s)\n".formatted(first));
        constraints.append("    - forbid: {s: u, k: q}\n");
        constraints.append("  tables:\n    cap: {u: %s, v: %s, w: %s}\n".formatted(r[1],
                r[0] + 0.6 * (r[1] - r[0]), Math.max(inside.get(first), r[0] + 0.2 * (r[1] - r[0]))));
        return """
                name: constrained
                objective: {name: y}
                %sspace:
                %sexperiment: {tool: sum}
                planner: {name: %%s, options: OPTIONS}
                budget: {experiments: %%d, batch: %%d}
                """.formatted(constraints, space);
    }

    /** Runs a campaign of {@code scenario} (a template with the planner's name, budget and batch) to a trace. */
    protected Path run(String scenario, int budget, int batch, long seed, String name) {
        campaign(scenario, budget, batch, seed, name);
        return dir.resolve(name + ".jsonl");
    }

    protected CampaignResult campaign(String scenario, int budget, int batch, long seed, String name) {
        try (Campaign campaign = assemble(scenario, budget, batch, seed);
             TraceWriter w = TraceWriter.create(dir.resolve(name + ".jsonl"), "c", Clock.systemUTC(), Durability.NONE,
                     TraceSigner.ephemeral())) {
            campaign.planner().connect();
            return new CampaignEngine(campaign, w, Clock.systemUTC()).start("builtin:t");
        }
    }

    private Campaign assemble(String scenario, int budget, int batch, long seed) {
        Scenario s = Scenario.parse(scenario.replace("OPTIONS", plannerOptions()).formatted(planner(), budget, batch),
                new ScenarioLocation.BuiltIn("t"));
        return Campaign.assemble(s, seed, new Registry<>("tool", List.of(new SumTool()), ToolFactory::name),
                Registry.planners());
    }

    /** The proposals a trace records, in order. */
    protected static List<TraceEvent.ProposalMade> proposals(Path trace) {
        CampaignHistory history = CampaignHistory.of(TraceReader.readIntact(trace));
        return history.proposals();
    }

    /** Every experiment a trace's proposals planned, in order. */
    protected static List<Settings> settings(Path trace) {
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

    /** The cells of {@code n} equal strata of [low, high] that the values fall into. */
    protected static Set<Integer> strata(List<Double> values, double low, double high, int n) {
        Set<Integer> cells = new HashSet<>();
        values.forEach(v -> cells.add((int) Math.floor((v - low) / (high - low) * n)));
        return cells;
    }
}
