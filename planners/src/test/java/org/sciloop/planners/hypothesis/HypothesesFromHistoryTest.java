package org.sciloop.planners.hypothesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.CampaignEngine;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.campaign.CampaignReplay;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.hypothesis.Claim;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.PriorCampaign;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.PlannerFactory;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.testing.FunctionTool;
import org.sciloop.core.tool.ToolFactory;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;

/**
 * The hypothesis planner starts from the hypotheses of the earlier campaigns it learns from: stated in its first
 * proposal with where they come from, then tested by this campaign's data like its own, and kept through a replay.
 */
class HypothesesFromHistoryTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T09:00:00Z"), ZoneOffset.UTC);

    /** y = 3x + 5 (c = b), with a little noise. */
    private static final FunctionTool REACTION = new FunctionTool("reaction", (s, random) -> Map.of("y",
            3 * s.number("x") + ("b".equals(s.get("c")) ? 5 : 0) + 0.3 * random.nextGaussian()));

    @TempDir
    Path dir;

    private static Hypothesis earlier(String id, Claim claim, Hypothesis.Status status) {
        return new Hypothesis(id, 3, claim.describe() + ", seen on the bromide", claim.describe(), "", status,
                List.of("exp-4", "exp-9"), 0.9, "planner:hypothesis", claim, null);
    }

    @Test
    void earlier_hypotheses_are_stated_first_then_tested_here_like_any_other() {
        Claim rises = new Claim.MainEffect("y", "x", Claim.Trend.INCREASES);
        Claim falls = new Claim.MainEffect("y", "x", Claim.Trend.DECREASES);
        PriorCampaign bromide = new PriorCampaign("c-bromide", "reaction bromide", "ab".repeat(32), List.of(
                new Observation("exp-1", new Settings(Map.of("x", 2.0, "c", "a")), Map.of("y", 6.0),
                        Observation.Status.OK, "", "reaction")),
                List.of(earlier("H1", rises, Hypothesis.Status.SUPPORTED), earlier("H2", falls,
                        Hypothesis.Status.REFUTED)));
        PriorCampaign iodide = new PriorCampaign("c-iodide", "reaction iodide", "cd".repeat(32), List.of(
                new Observation("exp-1", new Settings(Map.of("x", 1.0, "c", "b")), Map.of("y", 8.0),
                        Observation.Status.OK, "", "reaction")), List.of(earlier("H7", rises,
                Hypothesis.Status.TESTING)));
        Scenario scenario = Scenario.parse("""
                name: reaction
                objective: {name: y, goal: maximize}
                space:
                  x: {type: continuous, low: 0, high: 10}
                  c: {type: categorical, levels: [a, b]}
                experiment: {tool: reaction}
                planner: {name: hypothesis}
                budget: {experiments: 24, batch: 4}
                """, new ScenarioLocation.BuiltIn("reaction"));
        Path trace = dir.resolve("trace.jsonl");
        try (Campaign campaign = campaign(scenario);
             TraceWriter writer = TraceWriter.create(trace, "c-chloride", CLOCK, Durability.NONE,
                     TraceSigner.ephemeral())) {
            new CampaignEngine(campaign, writer, CLOCK).learnFrom(List.of(bromide, iodide)).start("builtin:reaction");
        }

        List<TraceRecord> records = TraceReader.readIntact(trace);
        List<Hypothesis> stated = records.stream().map(TraceRecord::event)
                .filter(TraceEvent.HypothesisProposed.class::isInstance)
                .map(e -> ((TraceEvent.HypothesisProposed) e).hypothesis()).toList();
        int firstProposal = indexOf(records, TraceEvent.ProposalMade.class);
        assertThat(stated.subList(0, 2)).extracting(Hypothesis::formal).containsExactly(rises, falls);
        assertThat(stated.get(0).statement()).endsWith("(stated in campaigns c-bromide of reaction bromide, there"
                + " supported; c-iodide of reaction iodide, there testing)");
        assertThat(stated.get(1).statement()).endsWith("(stated in campaign c-bromide of reaction bromide, there"
                + " refuted)");
        assertThat(stated.subList(0, 2)).allSatisfy(h -> {
            assertThat(h.status()).isEqualTo(Hypothesis.Status.PROPOSED);
            assertThat(h.evidence()).as("the earlier campaign's evidence is not this one's").isEmpty();
            assertThat(h.version()).isEqualTo(1);
        });
        assertThat(indexOf(records, TraceEvent.HypothesisProposed.class)).as("stated with the first proposal")
                .isLessThan(indexOf(records, TraceEvent.ActionRequested.class)).isGreaterThan(firstProposal - 3);

        Map<String, Hypothesis> last = new java.util.LinkedHashMap<>();
        records.stream().map(TraceRecord::event).forEach(e -> {
            if (e instanceof TraceEvent.HypothesisProposed p) {
                last.put(p.hypothesis().id(), p.hypothesis());
            } else if (e instanceof TraceEvent.HypothesisUpdated u) {
                last.put(u.hypothesis().id(), u.hypothesis());
            }
        });
        String risesId = stated.get(0).id();
        String fallsId = stated.get(1).id();
        assertThat(last.get(risesId).status()).as("this campaign's data support it").isEqualTo(
                Hypothesis.Status.SUPPORTED);
        assertThat(last.get(fallsId).status()).isEqualTo(Hypothesis.Status.REFUTED);
        assertThat(last.get(risesId).statement()).as("where it came from stays with it").contains("c-bromide");
        assertThat(last.get(risesId).evidence()).isNotEmpty().allSatisfy(id -> assertThat(id).startsWith("exp-"));
        assertThat(last.values().stream().filter(h -> rises.equals(h.formal())).count())
                .as("a claim two earlier campaigns made is stated once").isEqualTo(1);

        try (Campaign campaign = campaign(scenario)) {
            assertThat(CampaignReplay.replay(campaign, CampaignHistory.of(TraceReader.readIntact(trace))).identical())
                    .isTrue();
        }
    }

    private static int indexOf(List<TraceRecord> records, Class<?> type) {
        for (int i = 0; i < records.size(); i++) {
            if (type.isInstance(records.get(i).event())) {
                return i;
            }
        }
        return -1;
    }

    private static Campaign campaign(Scenario scenario) {
        return Campaign.assemble(scenario, 3, new Registry<>("tool", List.of(REACTION), ToolFactory::name),
                new Registry<>("planner", List.of(new HypothesisPlannerFactory()), PlannerFactory::name));
    }
}
