package org.sciloop.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.model.Experiment;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.PriorCampaign;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.Proposal;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;

/**
 * Earlier campaigns a campaign learns from are on its record before its first proposal: the planner sees them from
 * the start, and a resume and a replay read them from the trace, with no store.
 */
class LearnFromTest {
    @TempDir
    Path dir;

    private static final PriorCampaign EARLIER = new PriorCampaign("c-earlier", "other", "ab".repeat(32), List.of(
            new Observation("exp-1", new Settings(Map.of("x", 7.0, "c", "b")), Map.of("y", 107.0),
                    Observation.Status.OK, "", "scripted"),
            new Observation("exp-2", new Settings(Map.of("x", 1.0, "c", "a")), Map.of("y", 1.0),
                    Observation.Status.OK, "", "scripted")));

    /** Proposes the best earlier settings once, then random points; notes how much history it saw each round. */
    private static TestCampaigns.ScriptedPlanner followsHistory(List<Integer> seen) {
        return new TestCampaigns.ScriptedPlanner((state, ctx) -> {
            seen.add(state.history().stream().mapToInt(c -> c.observations().size()).sum());
            Settings best = state.history().get(0).observations().get(0).settings();
            List<Experiment> batch = new ArrayList<>();
            batch.add(Experiment.of(state.isMeasured(best) ? new Settings(Map.of("x", ctx.random().nextDouble() * 8,
                    "c", "a")) : best, "from history"));
            return Proposal.batch(batch, "history-led");
        });
    }

    @Test
    void history_is_on_record_before_the_first_proposal_and_the_planner_sees_it_every_round() {
        List<Integer> seen = new ArrayList<>();
        Path trace = dir.resolve("t.jsonl");
        CampaignResult result;
        try (Campaign c = TestCampaigns.campaign(TestCampaigns.scenario(3, 1, "", ""), 1, new TestCampaigns.ScriptedTool(),
                followsHistory(seen));
             TraceWriter writer = TraceWriter.create(trace, "c-1", TestCampaigns.CLOCK, Durability.ACTUATIONS,
                     TraceSigner.ephemeral())) {
            result = new CampaignEngine(c, writer, TestCampaigns.CLOCK).learnFrom(List.of(EARLIER)).start("builtin:test");
        }
        assertThat(seen).containsExactly(2, 2, 2);
        assertThat(result.state().observations()).as("history is not this campaign's experiments").hasSize(3);
        assertThat(result.state().observations().get(0).settings()).isEqualTo(EARLIER.observations().get(0).settings());
        List<TraceRecord> records = TraceReader.readIntact(trace);
        assertThat(records.get(1).event()).isEqualTo(new TraceEvent.HistoryRecalled(EARLIER));
        assertThat(records.stream().filter(r -> r.event() instanceof TraceEvent.ProposalMade).findFirst().orElseThrow()
                .seq()).isGreaterThan(records.get(1).seq());
    }

    @Test
    void a_resume_and_a_replay_see_the_same_history_from_the_trace_alone() {
        List<Integer> seen = new ArrayList<>();
        Path trace = dir.resolve("t.jsonl");
        try (Campaign c = TestCampaigns.campaign(TestCampaigns.scenario(4, 1, "", ""), 1, new TestCampaigns.ScriptedTool(),
                followsHistory(seen));
             TraceWriter writer = TraceWriter.create(trace, "c-1", TestCampaigns.CLOCK, Durability.ACTUATIONS,
                     TraceSigner.ephemeral())) {
            CampaignEngine engine = new CampaignEngine(c, writer, TestCampaigns.CLOCK).learnFrom(List.of(EARLIER));
            int[] observed = {0};
            writer.subscribe(TraceVisitors.onObservation(() -> {
                if (++observed[0] == 2) {
                    engine.requestPause("a person asked");
                }
            }));
            try {
                engine.start("builtin:test");
            } catch (PauseRequestedException expected) {
                // paused after two experiments
            }
        }
        CampaignHistory history = CampaignHistory.of(TraceReader.readIntact(trace));
        List<Integer> afterResume = new ArrayList<>();
        CampaignResult resumed;
        try (Campaign c = TestCampaigns.campaign(TestCampaigns.scenario(4, 1, "", ""), 1, new TestCampaigns.ScriptedTool(),
                followsHistory(afterResume));
             TraceWriter writer = TraceWriter.continueAfter(trace, history.last(), history.started().formatVersion(),
                     TestCampaigns.CLOCK, Durability.ACTUATIONS, TraceSigner.ephemeral())) {
            resumed = new CampaignEngine(c, writer, TestCampaigns.CLOCK).resume(history);
        }
        assertThat(afterResume).as("the resumed planner sees the history it started with").containsOnly(2);
        assertThat(resumed.experiments()).isEqualTo(4);
        assertThat(TraceReader.readIntact(trace).stream().filter(r -> r.event() instanceof TraceEvent.HistoryRecalled))
                .as("written once, at the start").hasSize(1);

        try (Campaign c = TestCampaigns.campaign(TestCampaigns.scenario(4, 1, "", ""), 1, new TestCampaigns.ScriptedTool(),
                followsHistory(new ArrayList<>()))) {
            CampaignReplay.Result replay = CampaignReplay.replay(c, CampaignHistory.of(TraceReader.readIntact(trace)));
            assertThat(replay.identical()).as(replay.toString()).isTrue();
            assertThat(replay.proposals()).isEqualTo(4);
        }
    }
}
