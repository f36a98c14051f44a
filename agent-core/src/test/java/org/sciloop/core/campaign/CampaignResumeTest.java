package org.sciloop.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sciloop.core.campaign.TestCampaigns.CLOCK;
import static org.sciloop.core.campaign.TestCampaigns.campaign;
import static org.sciloop.core.campaign.TestCampaigns.run;
import static org.sciloop.core.campaign.TestCampaigns.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.InputException;
import org.sciloop.core.campaign.TestCampaigns.ScriptedPlanner;
import org.sciloop.core.campaign.TestCampaigns.ScriptedTool;
import org.sciloop.core.model.Experiment;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.Proposal;
import org.sciloop.core.tool.Reconciliation;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.core.tool.ToolUnavailableException;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;

/** A crash can happen between any two lines; resuming from any of those points must end where the
 * uninterrupted campaign ends, with no experiment repeated or lost. */
class CampaignResumeTest {
    @TempDir
    Path dir;

    @Test
    void resuming_after_a_crash_at_any_line_gives_the_uninterrupted_campaign() throws IOException {
        Path whole = dir.resolve("whole.jsonl");
        CampaignResult uninterrupted = run(campaign(scenario(10, 3, "", ""), 5, new ScriptedTool(),
                ScriptedPlanner.randomInsideLimits()), whole);
        List<String> lines = Files.readAllLines(whole);

        // Every cut but after CampaignFinished (a finished campaign is not resumed; its seal alone is missing).
        for (int kept = 1; kept < lines.size() - 1; kept++) {
            Path cut = dir.resolve("cut-" + kept + ".jsonl");
            Files.write(cut, lines.subList(0, kept));
            CampaignHistory before = CampaignHistory.of(TraceReader.readIntact(cut));
            int alreadyObserved = before.observations().size();
            int answeredNotObserved = before.answeredNotObserved().size();
            ScriptedTool tool = new ScriptedTool();
            CampaignResult resumed = resume(cut, tool, scenario(10, 3, "", ""), 5);

            assertThat(resumed.state().observations()).as("crash after line %d", kept)
                    .isEqualTo(uninterrupted.state().observations());
            assertThat(tool.calls).as("tool calls after a crash after line %d", kept)
                    .hasSize(10 - alreadyObserved - answeredNotObserved);
            TraceReader.Report report = TraceReader.verify(cut);
            assertThat(report.intact()).isTrue();
            assertThat(report.finished()).isTrue();
            assertThat(report.signing().sealed()).isTrue();
        }
    }

    @Test
    void an_actuation_in_flight_at_the_crash_is_not_reissued_but_left_for_a_person() throws IOException {
        ScriptedTool tool = new TestCampaigns.ScriptedActuator();
        Path whole = dir.resolve("whole.jsonl");
        run(campaign(scenario(4, 2, "", ""), 5, tool, ScriptedPlanner.randomInsideLimits()), whole);
        List<String> lines = Files.readAllLines(whole);
        int firstRequest = indexOf(whole, TraceEvent.ActionRequested.class);
        Path cut = dir.resolve("cut.jsonl");
        Files.write(cut, lines.subList(0, firstRequest + 1));

        ScriptedTool after = new TestCampaigns.ScriptedActuator();
        CampaignResult resumed = resume(cut, after, scenario(4, 2, "", ""), 5);

        assertThat(resumed.experiments()).isEqualTo(4);
        Observation first = resumed.state().observations().get(0);
        assertThat(first.experimentId()).isEqualTo("exp-1");
        assertThat(first.status()).isEqualTo(Observation.Status.FAILED);
        assertThat(first.detail()).contains("outcome unknown").contains("check the device");
        assertThat(after.calls).hasSize(3).doesNotContain(first.settings());
        TraceEvent.CampaignResumed marker = (TraceEvent.CampaignResumed) TraceReader.readIntact(cut).stream()
                .map(TraceRecord::event).filter(e -> e instanceof TraceEvent.CampaignResumed).findFirst().orElseThrow();
        assertThat(marker.unresolved()).containsExactly("exp-1");
        assertThat(marker.reissued()).isEmpty();
    }

    @Test
    void an_actuator_that_loses_its_link_pauses_the_campaign_and_the_resume_asks_it_what_became_of_the_call() {
        TestCampaigns.ScriptedActuator tool = new TestCampaigns.ScriptedActuator();
        var normal = tool.answer;
        tool.answer = s -> tool.calls.size() == 3 ? new ToolResult.Failure("the link to the device is down", true)
                : normal.apply(s);
        Path trace = dir.resolve("paused.jsonl");

        assertThatThrownBy(() -> run(campaign(scenario(4, 2, "", ""), 5, tool, ScriptedPlanner.randomInsideLimits()),
                trace)).isInstanceOf(ToolUnavailableException.class)
                .hasMessageContaining("exp-3").hasMessageContaining("the link to the device is down");
        CampaignHistory paused = CampaignHistory.of(TraceReader.readIntact(trace));
        assertThat(paused.observations()).as("not a failed experiment: nobody knows yet").hasSize(2);
        assertThat(paused.inFlight()).extracting(TraceEvent.PlannedExperiment::id).containsExactly("exp-3");
        assertThat(TraceReader.readIntact(trace).stream().map(TraceRecord::event)
                .filter(e -> e instanceof TraceEvent.CampaignPaused).map(e -> ((TraceEvent.CampaignPaused) e).reason()))
                .singleElement().asString().contains("the link to the device is down");

        TestCampaigns.ScriptedActuator after = new TestCampaigns.ScriptedActuator();
        after.reconcile = call -> new Reconciliation.Completed(new ToolResult.Success(Map.of("y", 42.0)));
        CampaignResult resumed = resume(trace, after, scenario(4, 2, "", ""), 5);

        assertThat(resumed.experiments()).isEqualTo(4);
        Observation third = resumed.state().observations().get(2);
        assertThat(third.experimentId()).isEqualTo("exp-3");
        assertThat(third.outcome("y")).hasValue(42.0);
        assertThat(after.calls).as("exp-3 was asked about, not run again").hasSize(1);
    }

    @Test
    void a_resumed_campaign_counts_the_denials_made_before_the_interruption() throws IOException {
        // Each round: one experiment beyond the limit x <= 8 (denied), one inside it.
        ScriptedPlanner planner = new ScriptedPlanner((state, ctx) -> Proposal.batch(List.of(
                Experiment.of(new Settings(Map.of("x", 9.0 + ctx.round() * 0.1, "c", "a")), "beyond"),
                Experiment.of(new Settings(Map.of("x", 1.0 + ctx.round(), "c", "a")), "inside")), "one of each"));
        Path whole = dir.resolve("denials.jsonl");
        CampaignResult uninterrupted = run(campaign(scenario(3, 2, "", ""), 1, new ScriptedTool(), planner), whole);
        List<String> lines = Files.readAllLines(whole);
        Path cut = dir.resolve("denials-cut.jsonl");
        Files.write(cut, lines.subList(0, indexOfNth(whole, TraceEvent.ProposalMade.class, 2)));

        CampaignResult resumed = resume(cut, new ScriptedTool(), scenario(3, 2, "", ""), 1, planner);

        assertThat(uninterrupted.state().denied()).isEqualTo(5);  // one a round; then rounds of one, all denied
        assertThat(resumed.state().denied()).as("the result table's count, after a resume")
                .isEqualTo(uninterrupted.state().denied());
    }

    @Test
    void a_finished_campaign_cannot_be_resumed() {
        Path trace = dir.resolve("t.jsonl");
        run(campaign(scenario(2, 1, "", ""), 1, new ScriptedTool(), ScriptedPlanner.randomInsideLimits()), trace);

        assertThatThrownBy(() -> resume(trace, new ScriptedTool(), scenario(2, 1, "", ""), 1))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("already finished (BUDGET_EXHAUSTED after 2 experiments)")
                .hasMessageContaining("nothing to resume");
    }

    private static int indexOfNth(Path trace, Class<? extends TraceEvent> type, int n) {
        List<TraceRecord> records = TraceReader.readIntact(trace);
        int seen = 0;
        for (int i = 0; i < records.size(); i++) {
            if (type.isInstance(records.get(i).event()) && ++seen == n) {
                return i;
            }
        }
        throw new AssertionError("no " + n + "th " + type.getSimpleName());
    }

    private static CampaignResult resume(Path trace, ScriptedTool tool, org.sciloop.core.scenario.Scenario s, long seed) {
        return resume(trace, tool, s, seed, ScriptedPlanner.randomInsideLimits());
    }

    private static CampaignResult resume(Path trace, ScriptedTool tool, org.sciloop.core.scenario.Scenario s, long seed,
                                         ScriptedPlanner planner) {
        CampaignHistory history = CampaignHistory.of(TraceReader.readIntact(trace));
        try (TraceWriter writer = TraceWriter.continueAfter(trace, history.last(), history.started().formatVersion(), CLOCK, Durability.ACTUATIONS,
                TraceSigner.ephemeral())) {
            return new CampaignEngine(campaign(s, seed, tool, planner), writer, CLOCK)
                    .resume(history);
        }
    }

    private static int indexOf(Path trace, Class<? extends TraceEvent> type) {
        List<TraceRecord> records = TraceReader.readIntact(trace);
        for (int i = 0; i < records.size(); i++) {
            if (type.isInstance(records.get(i).event())) {
                return i;
            }
        }
        throw new AssertionError("no " + type.getSimpleName());
    }
}
