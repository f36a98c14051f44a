package org.sciloop.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sciloop.core.campaign.TestCampaigns.campaign;
import static org.sciloop.core.campaign.TestCampaigns.run;
import static org.sciloop.core.campaign.TestCampaigns.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.campaign.TestCampaigns.ScriptedBatchTool;
import org.sciloop.core.campaign.TestCampaigns.ScriptedPlanner;
import org.sciloop.core.campaign.TestCampaigns.ScriptedTool;
import org.sciloop.core.model.Experiment;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.Proposal;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;

class CampaignEngineTest {
    @TempDir
    Path dir;

    @Test
    void a_watcher_subscribed_after_the_engine_reads_a_state_that_already_counts_each_line() throws Exception {
        Path trace = dir.resolve("watched.jsonl");
        List<Integer> seen = new java.util.ArrayList<>();
        try (Campaign campaign = campaign(scenario(6, 2, "", ""), 1, new ScriptedTool(),
                ScriptedPlanner.randomInsideLimits());
             TraceWriter writer = TraceWriter.create(trace, "c-1", TestCampaigns.CLOCK, Durability.NONE,
                     TraceSigner.ephemeral())) {
            CampaignEngine engine = new CampaignEngine(campaign, writer, TestCampaigns.CLOCK);
            writer.subscribe(TraceVisitors.onObservation(() -> seen.add(engine.state().experimentsRun())));
            engine.start("builtin:test");
        }
        assertThat(seen).containsExactly(1, 2, 3, 4, 5, 6);
    }

    /**
     * A dry run asked to pause (a signal, a person) stops instead: a paused dry run would be resumed as a real
     * campaign, sending what it only traced (a tester saw one say "'sciloop resume' goes on").
     */
    @Test
    void a_dry_run_asked_to_pause_stops_for_good_and_sends_nothing() {
        Path trace = dir.resolve("dry.jsonl");
        ScriptedTool tool = new ScriptedTool();
        CampaignResult result;
        try (Campaign campaign = campaign(scenario(10, 5, "", ""), 7, tool, ScriptedPlanner.randomInsideLimits());
             TraceWriter writer = TraceWriter.create(trace, "c-1", TestCampaigns.CLOCK, Durability.NONE,
                     TraceSigner.ephemeral())) {
            CampaignEngine engine = CampaignEngine.dryRun(campaign, writer, TestCampaigns.CLOCK);
            engine.requestPause("stopped by a signal");
            result = engine.start("builtin:test");
        }
        assertThat(result.stopReason()).isEqualTo(StopReason.STOPPED);
        assertThat(tool.calls).isEmpty();
        assertThat(CampaignHistory.of(TraceReader.readIntact(trace)).finished()).isPresent();
    }

    @Test
    void runs_exactly_the_budget_in_batches_and_finishes_the_trace() {
        ScriptedTool tool = new ScriptedTool();
        ScriptedPlanner planner = ScriptedPlanner.randomInsideLimits();
        CampaignResult result = run(campaign(scenario(23, 5, "", ""), 7, tool, planner), dir.resolve("t.jsonl"));

        assertThat(result.stopReason()).isEqualTo(StopReason.BUDGET_EXHAUSTED);
        assertThat(result.experiments()).isEqualTo(23);
        assertThat(tool.calls).hasSize(23);
        assertThat(planner.contexts).extracting(c -> c.batchSize()).containsExactly(5, 5, 5, 5, 3);
        List<TraceRecord> trace = TraceReader.readIntact(dir.resolve("t.jsonl"));
        assertThat(trace.get(trace.size() - 2).event()).isInstanceOf(TraceEvent.CampaignFinished.class);
        assertThat(trace.get(trace.size() - 1).event()).isInstanceOfSatisfying(TraceEvent.Checkpoint.class,
                c -> assertThat(c.sealed()).isTrue());
        assertThat(trace).filteredOn(r -> r.event() instanceof TraceEvent.ObservationRecorded).hasSize(23);
    }

    @Test
    void the_same_seed_gives_the_same_proposals_and_another_seed_does_not() {
        List<Settings> first = proposals(11, "a.jsonl");
        assertThat(proposals(11, "b.jsonl")).isEqualTo(first);
        assertThat(proposals(12, "c.jsonl")).isNotEqualTo(first);
    }

    private List<Settings> proposals(long seed, String file) {
        run(campaign(scenario(12, 3, "", ""), seed, new ScriptedTool(), ScriptedPlanner.randomInsideLimits()),
                dir.resolve(file));
        return TraceReader.readIntact(dir.resolve(file)).stream()
                .filter(r -> r.event() instanceof TraceEvent.ProposalMade)
                .flatMap(r -> ((TraceEvent.ProposalMade) r.event()).experiments().stream())
                .map(TraceEvent.PlannedExperiment::settings).toList();
    }

    @Test
    void stops_when_the_target_is_reached_even_within_a_batch() {
        ScriptedTool tool = new ScriptedTool();
        ScriptedPlanner planner = new ScriptedPlanner((s, c) -> Proposal.batch(List.of(
                point(1, "a"), point(2, "b"), point(3, "a")), "b wins"));
        CampaignResult result = run(campaign(scenario(50, 3, ", target: 100", ""), 1, tool, planner),
                dir.resolve("t.jsonl"));

        assertThat(result.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        assertThat(result.experiments()).isEqualTo(2);
        assertThat(result.best().orElseThrow().outcome("y").getAsDouble()).isEqualTo(102.0);
    }

    @Test
    void stops_after_patience_experiments_without_improvement() {
        ScriptedPlanner planner = new ScriptedPlanner((s, c) -> Proposal.batch(List.of(
                point(s.experimentsRun() == 0 ? 5 : 1, "a")), "one then worse"));
        CampaignResult result = run(campaign(scenario(50, 1, "", ", patience: 4"), 1, new ScriptedTool(), planner),
                dir.resolve("t.jsonl"));

        assertThat(result.stopReason()).isEqualTo(StopReason.NO_IMPROVEMENT);
        assertThat(result.experiments()).isEqualTo(5);
    }

    @Test
    void stops_when_the_planner_says_so() {
        ScriptedPlanner planner = new ScriptedPlanner((s, c) -> s.experimentsRun() < 2
                ? Proposal.batch(List.of(point(s.experimentsRun(), "a")), "") : Proposal.stop("nothing left"));
        CampaignResult result = run(campaign(scenario(50, 1, "", ""), 1, new ScriptedTool(), planner),
                dir.resolve("t.jsonl"));

        assertThat(result.stopReason()).isEqualTo(StopReason.PLANNER_STOPPED);
        assertThat(result.detail()).isEqualTo("nothing left");
        assertThat(result.experiments()).isEqualTo(2);
    }

    @Test
    void a_denied_experiment_is_traced_and_never_reaches_the_tool() {
        ScriptedTool tool = new ScriptedTool();
        ScriptedPlanner planner = new ScriptedPlanner((s, c) -> Proposal.batch(c.round() == 0
                ? List.of(point(9.5, "a"), point(4, "a"), point(12, "b"), point(4, "z"))
                : List.of(point(9, "b")), "beyond limits, off the space"));
        CampaignResult result = run(campaign(scenario(4, 4, "", ""), 1, tool, planner), dir.resolve("t.jsonl"));

        assertThat(tool.calls).containsExactly(new Settings(Map.of("x", 4.0, "c", "a")));
        List<TraceEvent.ActionDenied> denials = TraceReader.readIntact(dir.resolve("t.jsonl")).stream()
                .map(TraceRecord::event).filter(e -> e instanceof TraceEvent.ActionDenied)
                .map(e -> (TraceEvent.ActionDenied) e).toList();
        assertThat(denials).extracting(TraceEvent.ActionDenied::rule)
                .containsExactly("limit:x", "space", "space", "limit:x", "limit:x", "limit:x");
        assertThat(denials.get(0).reason()).isEqualTo("x = 9.5 is above its safety limit 8.0");
        assertThat(denials.get(1).reason()).contains("x = 12.0 is outside [0.0, 10.0]");
        assertThat(denials.get(2).reason()).contains("c must be one of its 2 levels [a, b], got 'z'");
        // Denied experiments use no budget; the planner keeps getting the whole remaining budget.
        assertThat(result.experiments()).isEqualTo(1);
        assertThat(result.stopReason()).isEqualTo(StopReason.PLANNER_STALLED);
    }

    @Test
    void a_batch_tool_gets_the_approved_calls_of_a_batch_together_after_all_are_on_record() {
        ScriptedBatchTool tool = new ScriptedBatchTool();
        ScriptedPlanner planner = new ScriptedPlanner((s, c) -> Proposal.batch(
                List.of(point(1, "a"), point(9, "a"), point(3, "b")), "one beyond the limit"));
        run(campaign(scenario(4, 3, "", ""), 1, tool, planner), dir.resolve("t.jsonl"));

        // Budget 4: two of the first three run, then the batch shrinks to what is left (one denied each time).
        assertThat(tool.batches).containsExactly(2, 1, 1);
        List<String> firstBatch = TraceReader.readIntact(dir.resolve("t.jsonl")).stream().map(TraceRecord::event)
                .dropWhile(e -> !(e instanceof TraceEvent.ProposalMade)).skip(1)
                .takeWhile(e -> !(e instanceof TraceEvent.ProposalMade))
                .map(e -> e.getClass().getSimpleName()).toList();
        assertThat(firstBatch).containsExactly("ActionDenied", "ActionRequested", "ActionRequested",
                "ActionCompleted", "ObservationRecorded", "ActionCompleted", "ObservationRecorded");
    }

    @Test
    void a_batch_tool_that_breaks_its_contract_fails_every_call_of_the_batch_and_the_campaign_goes_on() {
        ScriptedBatchTool tool = new ScriptedBatchTool();
        tool.batchAnswer = calls -> calls.size() == 2 ? List.of(new ToolResult.Success(Map.of("y", 1.0)))
                : calls.stream().map(c -> (ToolResult) new ToolResult.Success(Map.of("y", 2.0))).toList();
        ScriptedPlanner planner = new ScriptedPlanner((s, c) -> Proposal.batch(c.round() == 0
                ? List.of(point(1, "a"), point(2, "a")) : List.of(point(3, "a")), "two, then one"));
        CampaignResult result = run(campaign(scenario(3, 2, "", ""), 1, tool, planner), dir.resolve("t.jsonl"));

        assertThat(result.experiments()).isEqualTo(3);
        assertThat(TraceReader.readIntact(dir.resolve("t.jsonl")).stream().map(TraceRecord::event)
                .filter(e -> e instanceof TraceEvent.ActionFailed).map(e -> ((TraceEvent.ActionFailed) e).reason()))
                .hasSize(2).allSatisfy(r -> assertThat(r).contains("answered 1 of 2 calls"));
        assertThat(result.best().orElseThrow().outcome("y").getAsDouble()).isEqualTo(2.0);
    }

    @Test
    void a_tool_failure_a_thrown_exception_and_a_timeout_become_failed_observations() {
        CountDownLatch never = new CountDownLatch(1);
        ScriptedTool tool = new ScriptedTool();
        tool.timeout = Duration.ofMillis(200);
        tool.answer = s -> switch ((int) s.number("x")) {
            case 1 -> new ToolResult.Failure("lamp off", true);
            case 2 -> throw new IllegalStateException("driver bug");
            case 3 -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield new ToolResult.Success(Map.of("y", 3.0));
            }
            case 4 -> new ToolResult.Success(Map.of("other", 1.0));
            default -> new ToolResult.Success(Map.of("y", "12.5"));
        };
        ScriptedPlanner planner = new ScriptedPlanner((s, c) -> Proposal.batch(List.of(
                point(1, "a"), point(2, "a"), point(3, "a"), point(4, "a"), point(5, "a")), ""));
        CampaignResult result = run(campaign(scenario(5, 5, "", ""), 1, tool, planner), dir.resolve("t.jsonl"));

        assertThat(result.state().observations()).extracting(Observation::status).containsOnly(Observation.Status.FAILED);
        assertThat(result.state().observations()).extracting(Observation::detail).containsExactly(
                "lamp off", "the tool failed: java.lang.IllegalStateException: driver bug", "no answer within 200 ms",
                "the tool returned no 'y' (it returned other)",
                "the tool returned no finite number for 'y' (it returned the text '12.5')");
        assertThat(result.best()).isEmpty();
        assertThat(TraceReader.verify(dir.resolve("t.jsonl")).intact()).isTrue();
    }

    @Test
    void a_planner_that_asks_for_more_than_the_batch_gets_the_batch() {
        ScriptedTool tool = new ScriptedTool();
        ScriptedPlanner planner = new ScriptedPlanner((s, c) -> Proposal.batch(List.of(
                point(1, "a"), point(2, "a"), point(3, "a"), point(4, "a")), "greedy"));
        CampaignResult result = run(campaign(scenario(3, 2, "", ""), 1, tool, planner), dir.resolve("t.jsonl"));

        assertThat(result.experiments()).isEqualTo(3);
        assertThat(tool.calls).hasSize(3);
    }

    @Test
    void an_engine_error_pauses_the_campaign_in_the_trace() {
        ScriptedPlanner planner = new ScriptedPlanner((s, c) -> {
            throw new IllegalStateException("planner bug");
        });
        assertThatThrownBy(() -> run(campaign(scenario(3, 1, "", ""), 1, new ScriptedTool(), planner),
                dir.resolve("t.jsonl"))).hasMessage("planner bug");
        List<TraceRecord> trace = TraceReader.readIntact(dir.resolve("t.jsonl"));
        assertThat(trace.get(trace.size() - 2).event()).isInstanceOf(TraceEvent.CampaignPaused.class);
        assertThat(TraceReader.verify(dir.resolve("t.jsonl")).signing().sealed()).isTrue();
    }

    static org.sciloop.core.model.Experiment point(double x, String c) {
        return Experiment.of(new Settings(Map.of("x", x, "c", c)), "scripted");
    }
}
