package org.sciloop.instruments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.model.Settings;
import org.sciloop.core.safety.SafetyPolicy;
import org.sciloop.core.tool.Actuator;
import org.sciloop.core.tool.DeviceStep;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.Reconciliation;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.instruments.sim.SimulatedReactor;

/** An instrument profile's action against the simulated reactor on a real Milo server. */
class OpcUaInstrumentToolTest {
    @TempDir
    Path dir;
    ReactorFixture fixture;
    Actuator tool;
    final List<DeviceStep> steps = new ArrayList<>();

    @BeforeEach
    void serve() {
        fixture = new ReactorFixture(dir, Duration.ofMillis(300), false);
        tool = fixture.tool();
    }

    @AfterEach
    void stop() {
        tool.close();
        fixture.close();
    }

    private ToolContext context() {
        return new ToolContext("campaign-a", Clock.systemUTC(), new Random(1), steps::add);
    }

    private static ToolCall run(String id, double temp) {
        return new ToolCall("test-reactor-run", id, Map.of("Temp_C", temp, "Solvent", "toluene"));
    }

    @Test
    void theActionBecomesAnActuatingToolWhoseSchemaAndLimitsComeFromTheProfile() {
        assertThat(tool.descriptor().name()).isEqualTo("test-reactor-run");
        assertThat(tool.descriptor().effect()).isEqualTo(Effect.ACTUATES);
        assertThat(tool.descriptor().inputSchema().at("/properties/Temp_C/maximum").asDouble()).isEqualTo(120);
        assertThat(tool.descriptor().outputSchema().at("/properties/yield/type").asText()).isEqualTo("number");
        SafetyPolicy policy = new SafetyPolicy(ReactorFixture.SPACE, List.of()).with(tool.limits());
        assertThat(policy.check(Settings.of(Map.of("Temp_C", 130.0, "Solvent", "water"))))
                .hasValueSatisfying(d -> assertThat(d.rule()).isEqualTo("limit:Temp_C"));
        assertThat(policy.check(Settings.of(Map.of("Temp_C", 100.0, "Solvent", "water")))).isEmpty();
    }

    @Test
    void aRunWritesTheSetpointsStartsWithTheRequestIdAndReadsTheResult() {
        ToolResult result = tool.invoke(run("exp-1", 110), context());

        assertThat(result).isEqualTo(new ToolResult.Success(Map.of("yield", 90.0)));
        assertThat(steps).extracting(DeviceStep::operation).containsExactly("write", "write", "call");
        DeviceStep temperature = steps.stream().filter(s -> s.target().endsWith("Temp_C")).findFirst().orElseThrow();
        assertThat(temperature.before()).isEqualTo(60.0);   // the reactor's resting setpoint
        assertThat(temperature.after()).isEqualTo(110.0);
        assertThat(steps.get(2).after()).isEqualTo(Map.of("RequestId", "campaign-a/exp-1"));
        assertThat(fixture.reactor.starts("campaign-a/exp-1")).isEqualTo(1);
    }

    /** A reactor whose runs last a minute, so that "a run is going" holds for as long as a test needs. */
    private void slowReactor() {
        stop();
        fixture = new ReactorFixture(dir.resolve("slow"), Duration.ofMinutes(1), false);
        tool = fixture.tool();
    }

    @Test
    void theInterlockRefusesWhileSomeoneElsesRunIsGoing() {
        slowReactor();
        fixture.reactor.start("someone-else");

        assertThat(tool.interlock(run("exp-1", 100))).hasValueSatisfying(why ->
                assertThat(why).contains("CurrentState is Running").contains("[Idle, Complete, Aborted]"));
        fixture.reactor.abort();
        assertThat(tool.interlock(run("exp-1", 100))).isEmpty();
    }

    @Test
    void aDryRunSaysWhatWouldBeSentAndSendsNothing() {
        List<DeviceStep> plan = tool.dryRun(run("exp-1", 105));

        assertThat(plan).extracting(DeviceStep::operation).containsExactly("write", "write", "call");
        assertThat(plan).anySatisfy(s -> assertThat(s.after()).isEqualTo(105.0));
        assertThat(fixture.reactor.setpoint("Temp_C")).isEqualTo(60.0);
        assertThat(fixture.reactor.state()).isEqualTo(SimulatedReactor.State.Idle);
    }

    @Test
    void reconciliationTellsARunThatHappenedFromOneThatNeverStarted() {
        tool.invoke(run("exp-1", 110), context());

        assertThat(tool.reconcile(run("exp-1", 110), "campaign-a"))
                .isEqualTo(new Reconciliation.Completed(new ToolResult.Success(Map.of("yield", 90.0))));
        assertThat(tool.reconcile(run("exp-2", 100), "campaign-a")).isEqualTo(new Reconciliation.NeverStarted());
        assertThat(tool.reconcile(run("exp-1", 110), "campaign-b")).isEqualTo(new Reconciliation.NeverStarted());
        assertThat(fixture.reactor.starts("campaign-a/exp-1")).isEqualTo(1);
    }

    /** Calls the tool on another thread and returns once the device has started the run. */
    private CompletableFuture<ToolResult> startedInBackground(String experiment) {
        CompletableFuture<ToolResult> outcome = new CompletableFuture<>();
        new Thread(() -> outcome.complete(tool.invoke(run(experiment, 110), context()))).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (fixture.reactor.starts("campaign-a/" + experiment) == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return outcome;
    }

    @Test
    void aServerRestartDuringARunIsWaitedOutAndTheRunIsNotStartedTwice() throws Exception {
        CompletableFuture<ToolResult> outcome = startedInBackground("exp-7");
        fixture.restart();

        assertThat(outcome.get(60, TimeUnit.SECONDS))
                .isEqualTo(new ToolResult.Success(Map.of("yield", 90.0)));
        assertThat(fixture.reactor.starts("campaign-a/exp-7")).isEqualTo(1);
        // The outage is on record, once when it began and once when it ended.
        List<DeviceStep> link = steps.stream().filter(s -> s.operation().startsWith("link ")).toList();
        assertThat(link).extracting(DeviceStep::operation)
                .containsExactly(DeviceStep.LINK_LOST, DeviceStep.LINK_RESTORED);
        assertThat(link).allSatisfy(s -> assertThat(s.target()).startsWith("opc.tcp://"));
        assertThat(String.valueOf(link.get(0).after())).isNotBlank().doesNotContain("Exception");
        assertThat(String.valueOf(link.get(1).after())).matches("after \\d+\\.\\d s");
    }

    @Test
    void aDeviceThatForgotItsRunAfterARestartIsNotBlamedOnSomeoneElseAndTheRunCanBeRepeated() throws Exception {
        slowReactor();
        CompletableFuture<ToolResult> outcome = startedInBackground("exp-3");
        fixture.reactor.powerCycle();

        assertThat(outcome.get(60, TimeUnit.SECONDS)).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.reason()).contains("no longer knows request campaign-a/exp-3", "restarted or reset")
                    .doesNotContain("someone else");
            assertThat(f.retriable()).as("the campaign pauses instead of losing the experiment").isTrue();
        });
        assertThat(tool.reconcile(run("exp-3", 110), "campaign-a")).isEqualTo(new Reconciliation.NeverStarted());
    }

    @Test
    void aDeviceResetBetweenTheWritesRunsItsDefaultsAndNoResultOfThatRunIsRecorded() {
        AtomicBoolean reset = new AtomicBoolean();
        fixture.reactor.onChange(r -> {
            // After the last setpoint is written, before Start: the controller restarts with its defaults.
            if ("toluene".equals(r.setpoint("Solvent")) && reset.compareAndSet(false, true)) {
                r.powerCycle();
            }
        });

        ToolResult result = tool.invoke(run("exp-4", 110), context());

        assertThat(reset).isTrue();
        assertThat(result).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.reason()).contains(" holds ", "written: it was restarted or reset since the writes");
            assertThat(f.retriable()).as("a resume would find the run and keep its result").isFalse();
        });
    }

    @Test
    void aDeviceThatRefusesIsAFailureWithItsReasonNotARetry() {
        slowReactor();
        fixture.reactor.start("someone-else");   // setpoints are locked while a run is going

        ToolResult result = tool.invoke(run("exp-1", 100), context());

        assertThat(result).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.reason()).contains("Bad_InvalidState");
            assertThat(f.retriable()).isFalse();
        });
    }
}
