package org.sciloop.instruments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.CampaignEngine;
import org.sciloop.core.campaign.CampaignResult;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.campaign.StopReason;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.safety.SafetyPolicy;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.tool.Actuator;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;

/** Whole campaigns through the engine against the simulated reactor on a real Milo server. */
class InstrumentCampaignTest {
    private static final String SCENARIO = """
            name: instrument-test
            objective: {name: yield, goal: maximize}
            space:
              Temp_C: {type: continuous, low: %d, high: %d}
              Solvent: {type: categorical, levels: [water, toluene]}
            experiment: {tool: opcua-instrument}
            planner: {name: random}
            budget: {experiments: %d, batch: 3}
            """;

    @TempDir
    Path dir;

    /** Runs a random-planner campaign over Temp_C in [low, high] (the profile allows 90-120). */
    private CampaignResult run(ReactorFixture fixture, int low, int high, int experiments, Path trace, boolean dryRun,
                               Runnable duringCampaign) throws Exception {
        Scenario scenario = Scenario.parse(SCENARIO.formatted(low, high, experiments),
                new ScenarioLocation.BuiltIn("test"));
        Actuator tool = fixture.tool();
        Campaign campaign = new Campaign(scenario, 5, scenario.space().orElseThrow(), tool,
                Registry.planners().get("random").create(scenario.plannerOptions()),
                new SafetyPolicy(scenario.space().orElseThrow(), List.of()).with(tool.limits()));
        try (campaign; TraceWriter writer = TraceWriter.create(trace, "campaign-1", Clock.systemUTC(),
                Durability.ACTUATIONS, TraceSigner.ephemeral())) {
            CampaignEngine engine = dryRun ? CampaignEngine.dryRun(campaign, writer, Clock.systemUTC())
                    : new CampaignEngine(campaign, writer, Clock.systemUTC());
            CompletableFuture<CampaignResult> result = CompletableFuture.supplyAsync(() -> engine.start("test"));
            duringCampaign.run();
            return result.get(5, TimeUnit.MINUTES);
        }
    }

    private static List<TraceEvent> events(Path trace) {
        return TraceReader.readIntact(trace).stream().map(TraceRecord::event).toList();
    }

    @Test
    void aServerStoppedMidCampaignAndStartedAgainCostsNoRunTwice() throws Exception {
        try (ReactorFixture fixture = new ReactorFixture(dir, Duration.ofMillis(100), false)) {
            Path trace = dir.resolve("trace.jsonl");
            CampaignResult result = run(fixture, 90, 120, 12, trace, false, () -> {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                while (fixture.reactor.starts("campaign-1/exp-4") == 0 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                fixture.restart();
            });

            assertThat(fixture.reactor.starts("campaign-1/exp-4")).isEqualTo(1);
            assertThat(result.stopReason()).isEqualTo(StopReason.BUDGET_EXHAUSTED);
            assertThat(result.state().observations()).hasSize(12)
                    .allSatisfy(o -> assertThat(o.outcomes()).containsKey("yield"));
            for (int i = 1; i <= 12; i++) {
                assertThat(fixture.reactor.starts("campaign-1/exp-" + i)).as("starts of exp-" + i).isEqualTo(1);
            }
            assertThat(TraceReader.verify(trace).intact()).isTrue();
        }
    }

    @Test
    void theEngineDeniesWhatTheProfileForbidsBeforeAnythingIsWritten() throws Exception {
        try (ReactorFixture fixture = new ReactorFixture(dir, Duration.ofMillis(20), false)) {
            Path trace = dir.resolve("trace.jsonl");
            run(fixture, 60, 140, 9, trace, false, () -> { });

            List<TraceEvent> events = events(trace);
            List<TraceEvent.ActionDenied> denied = events.stream().filter(TraceEvent.ActionDenied.class::isInstance)
                    .map(TraceEvent.ActionDenied.class::cast).toList();
            assertThat(denied).isNotEmpty().allSatisfy(d -> assertThat(d.rule()).isEqualTo("limit:Temp_C"));
            for (TraceEvent.ActionDenied d : denied) {
                assertThat(events).noneMatch(e -> e instanceof TraceEvent.DeviceStepped s
                        && s.experimentId().equals(d.experimentId()));
                assertThat(fixture.reactor.starts("campaign-1/" + d.experimentId())).isZero();
            }
            assertThat(events).filteredOn(TraceEvent.DeviceStepped.class::isInstance)
                    .allSatisfy(e -> {
                        TraceEvent.DeviceStepped s = (TraceEvent.DeviceStepped) e;
                        if (s.target().endsWith("Temp_C")) {
                            assertThat(((Number) s.after()).doubleValue()).isBetween(90.0, 120.0);
                        }
                    });
        }
    }

    @Test
    void aDryRunTracesWhatWouldBeSentAndSendsNothing() throws Exception {
        try (ReactorFixture fixture = new ReactorFixture(dir, Duration.ofMillis(20), false)) {
            Path trace = dir.resolve("trace.jsonl");
            CampaignResult result = run(fixture, 90, 120, 9, trace, true, () -> { });

            assertThat(result.stopReason()).isEqualTo(StopReason.DRY_RUN);
            List<TraceEvent> events = events(trace);
            assertThat(events).filteredOn(TraceEvent.ActionDryRun.class::isInstance).isNotEmpty();
            assertThat(events).noneMatch(e -> e instanceof TraceEvent.ActionRequested
                    || e instanceof TraceEvent.DeviceStepped);
            assertThat(fixture.reactor.setpoint("Temp_C")).isEqualTo(60.0);
            for (int i = 1; i <= 3; i++) {
                assertThat(fixture.reactor.starts("campaign-1/exp-" + i)).isZero();
            }
        }
    }
}
