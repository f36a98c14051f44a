package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.instruments.security.Pki;
import org.sciloop.instruments.sim.InstrumentServer;
import org.sciloop.instruments.sim.ReactorModels;
import org.sciloop.instruments.sim.SimulatedReactor;

/**
 * One instrument, one campaign at a time, across processes: a campaign running in another process holds
 * the instrument (a real Milo server), a second one is refused before anything is written and told who
 * holds it; its trace cannot be resumed meanwhile; and a campaign killed with SIGKILL leaves nothing
 * reserved behind.
 */
class OneCampaignPerDeviceTest {
    private static final String NS = "nsu=urn:sciloop:simulated-instrument;s=FlowReactor/ReactionUnit/";

    @TempDir
    Path dir;

    @Test
    void a_second_campaign_on_a_reserved_instrument_is_refused_and_a_killed_one_frees_it() throws Exception {
        try (SimulatedReactor reactor = ReactorModels.create("flow-reactor", "branin", Duration.ofMillis(100));
             InstrumentServer server = InstrumentServer.start(reactor, "127.0.0.1", 0,
                     Pki.open(dir.resolve("server-pki"), "urn:sciloop:test:server", "test server"),
                     new InstrumentServer.Access(Map.of(), true))) {
            Path scenario = scenario(server.endpointUrl());
            String device = "opc.tcp://this-machine:" + server.port();
            Path first = dir.resolve("first");
            Process holder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), SciloopCommand.class.getName(), "run", scenario.toString(),
                    "--out", first.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile()).start();
            try {
                waitForReservation(first.resolve("trace.jsonl"), holder);
                Path second = dir.resolve("second");
                // The same server by another name: still the same device.
                Path alias = scenario(server.endpointUrl().replace("127.0.0.1", "localhost"));

                Cli refused = Cli.run("run", alias.toString(), "--out", second.toString());

                assertThat(refused.exit()).as(refused.err()).isEqualTo(1);
                assertThat(refused.err()).contains(device + " is reserved by campaign",
                        first.resolve("trace.jsonl").toAbsolutePath().toString(), "process " + holder.pid(),
                        "one campaign drives a device at a time");
                assertThat(second).doesNotExist();

                // Nor may anyone resume (and so repair) the trace of a campaign that is running.
                Cli resumedWhileRunning = Cli.run("resume", first.toString());
                assertThat(resumedWhileRunning.exit()).as(resumedWhileRunning.err()).isEqualTo(1);
                assertThat(resumedWhileRunning.err()).contains("is being written by sciloop process " + holder.pid());
                // A hand on the device is refused while the campaign holds it; a look is not.
                String endpoint = server.endpointUrl().replace("127.0.0.1", "localhost");
                Cli byHand = Cli.run("instrument", "call", endpoint, "write", NS + "Setpoints/x1", "Double", "1.5",
                        "--security", "None/None");
                assertThat(byHand.exit()).as(byHand.err()).isEqualTo(1);
                assertThat(byHand.err()).contains(device + " is reserved by campaign", "process " + holder.pid(),
                        "--despite-campaign");
                Cli look = Cli.run("instrument", "call", endpoint, "read", NS + "StateMachine/CurrentState",
                        "--security", "None/None");
                assertThat(look.exit()).as(look.err()).isZero();
                // The refused commands wrote nothing: the folder holds the trace and the empty file commands lock.
                try (var files = Files.list(first)) {
                    assertThat(files.map(f -> f.getFileName().toString()))
                            .containsExactlyInAnyOrder("trace.jsonl", ".trace.jsonl.lock");
                }
            } finally {
                holder.destroyForcibly();  // SIGKILL: no shutdown hook releases anything
                assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }

            Cli resumed = Cli.run("resume", first.toString());
            assertThat(resumed.exit()).as(resumed.err()).isZero();
            List<TraceEvent.DeviceReserved> reservations = TraceReader.readIntact(first.resolve("trace.jsonl")).stream()
                    .map(TraceRecord::event).filter(TraceEvent.DeviceReserved.class::isInstance)
                    .map(TraceEvent.DeviceReserved.class::cast).toList();
            assertThat(reservations).hasSize(2).allSatisfy(r -> assertThat(r.device()).isEqualTo(device));
            assertThat(reservations.get(1).holder()).contains("process " + ProcessHandle.current().pid());
        }
    }

    /** A scenario and its profile in a folder of their own, named after the endpoint's host. */
    private Path scenario(String endpoint) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(URI.create(endpoint).getHost()));
        Files.writeString(folder.resolve("reactor.yaml"), braninReactorProfile(endpoint));
        return Files.writeString(folder.resolve("scenario.yaml"), """
                name: branin-on-a-reactor
                objective: {name: value, goal: minimize}
                experiment:
                  tool: opcua-instrument
                  with: {profile: reactor.yaml}
                space:
                  x1: {type: continuous, low: -5, high: 10}
                  x2: {type: continuous, low: 0, high: 15}
                planner: {name: random}
                budget: {experiments: 30, batch: 1}
                """);
    }

    /** The profile of a simulated reactor that answers Branin at {@code endpoint}, without security. */
    static String braninReactorProfile(String endpoint) {
        return """
                name: branin-reactor
                endpoint: %s
                security: {policy: None, mode: None}
                interlocks:
                  - node: %2$sStateMachine/CurrentState
                    allowed: [Idle, Complete, Aborted]
                actions:
                  run:
                    setpoints:
                      x1: {node: "%2$sSetpoints/x1", type: Double}
                      x2: {node: "%2$sSetpoints/x2", type: Double}
                    call:
                      object: %2$sStateMachine
                      method: %2$sStateMachine/Start
                      arguments:
                        - {name: RequestId, type: String, value: "${request-id}"}
                    request-echo: %2$sStateMachine/RequestId
                    completion: {node: "%2$sStateMachine/CurrentState", equals: Complete, fails-on: [Aborted]}
                    results:
                      value: %2$sResults/value
                """.formatted(endpoint, NS);
    }

    /** Waits until the first campaign's trace says it holds the instrument. */
    private static void waitForReservation(Path trace, Process process) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(trace) || !Files.readString(trace).contains("\"DeviceReserved\"")) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("the first campaign ended or stalled before reserving the instrument");
            }
            process.waitFor(20, TimeUnit.MILLISECONDS);
        }
    }
}
