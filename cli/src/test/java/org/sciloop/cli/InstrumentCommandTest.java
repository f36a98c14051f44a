package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.config.ScenarioException;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.instruments.profile.InstrumentProfile;
import org.sciloop.instruments.security.Pki;
import org.sciloop.instruments.sim.InstrumentServer;
import org.sciloop.instruments.sim.ReactorModels;
import org.sciloop.instruments.sim.SimulatedReactor;

/** The operator's OPC UA commands, and the arylation campaign run through OPC UA. */
class InstrumentCommandTest {
    @TempDir
    Path dir;

    @Test
    void arylation_runs_end_to_end_through_opc_ua_with_every_write_on_record() {
        Path out = dir.resolve("run");
        Cli run = Cli.run("run", "arylation-opcua", "--budget", "10", "--out", out.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("10 run, 0 failed, 0 denied");
        var events = TraceReader.readIntact(out.resolve("trace.jsonl")).stream().map(TraceRecord::event).toList();
        assertThat(events).filteredOn(TraceEvent.DeviceStepped.class::isInstance).hasSize(10 * 6);
        assertThat(Cli.run("verify", out.toString()).exit()).isEqualTo(0);
    }

    @Test
    void a_dry_run_prints_what_would_be_sent_and_runs_nothing() {
        Cli run = Cli.run("run", "arylation-opcua", "--dry-run", "--out", dir.resolve("dry").toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("DRY_RUN", "nothing was sent", "write nsu=urn:sciloop:simulated-instrument",
                "call  nsu=urn:sciloop:simulated-instrument;s=FlowReactor/ReactionUnit/StateMachine/Start");
    }

    @Test
    void browse_reads_the_address_space_and_drafts_a_profile_for_the_operator_to_finish() throws Exception {
        try (SimulatedReactor reactor = ReactorModels.create("flow-reactor", "arylation", Duration.ofMillis(10));
             InstrumentServer server = InstrumentServer.start(reactor, "127.0.0.1", 0,
                     Pki.open(dir.resolve("pki"), "urn:sciloop:test", "test"), new InstrumentServer.Access(Map.of(), true))) {
            Path draft = dir.resolve("draft.yaml");
            Cli browse = Cli.run("instrument", "browse", server.endpointUrl(), "--security", "None/None",
                    "--profile-out", draft.toString());

            assertThat(browse.exit()).as(browse.err()).isEqualTo(0);
            assertThat(browse.out()).contains("Start(RequestId: String)", "Temp_C : Double (writable)",
                    "yield : Double   nsu=urn:sciloop:simulated-instrument;s=FlowReactor/ReactionUnit/Results/yield");
            // A draft is not a profile until the operator says where the device echoes the request id.
            String text = Files.readString(draft);
            assertThat(text).contains("method: \"nsu=urn:sciloop:simulated-instrument;s=FlowReactor/ReactionUnit/"
                    + "StateMachine/Start\"", "Temp_C: {node: ");
            assertThatThrownBy(() -> InstrumentProfile.parse(text, draft.toString(), new ScenarioLocation.File(draft)))
                    .isInstanceOf(ScenarioException.class).hasMessageContaining("missing 'request-echo'");
            String finished = text.replace("    # request-echo: <variable where the device echoes the request id>",
                    "    request-echo: nsu=urn:sciloop:simulated-instrument;s=FlowReactor/ReactionUnit/StateMachine/RequestId");
            assertThat(InstrumentProfile.parse(finished, draft.toString(), new ScenarioLocation.File(draft)).actions())
                    .containsKeys("start", "stop", "abort");

            // The draft is never written over a file, nor where it cannot be: said before connecting.
            Cli again = Cli.run("instrument", "browse", server.endpointUrl(), "--security", "None/None",
                    "--profile-out", draft.toString());
            assertThat(again.exit()).isEqualTo(2);
            assertThat(again.err()).contains(draft + " already exists");
            Cli nowhere = Cli.run("instrument", "browse", server.endpointUrl(), "--security", "None/None",
                    "--profile-out", draft.resolve("x.yaml").toString());
            assertThat(nowhere.exit()).isEqualTo(2);
            assertThat(nowhere.err()).contains(draft + " is not a folder").doesNotContain("\tat ");
            assertThat(Cli.run("instrument", "browse", server.endpointUrl(), "--depth", "0").err())
                    .contains("--depth: at least 1, got 0");

            Cli read = Cli.run("instrument", "call", server.endpointUrl(), "read",
                    "nsu=urn:sciloop:simulated-instrument;s=FlowReactor/ReactionUnit/StateMachine/CurrentState",
                    "--security", "None/None");
            assertThat(read.out().strip()).isEqualTo("Idle");
        }
    }

    @Test
    void operator_mistakes_get_a_message_and_an_exit_code() {
        assertThat(Cli.run("instrument", "browse", "http://localhost", "--security", "None/None").exit()).isEqualTo(2);
        assertThat(Cli.run("instrument", "browse", "opc.tcp://localhost:1", "--security", "Basic/None").err())
                .contains("--security: expected POLICY/MODE");
        Cli unreachable = Cli.run("instrument", "call", "opc.tcp://127.0.0.1:1/nothing", "read", "ns=2;s=x",
                "--security", "None/None");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).startsWith("sciloop: cannot reach opc.tcp://127.0.0.1:1/nothing");
        assertThat(Cli.run("instrument", "serve", "teapot").err()).contains("unknown instrument model 'teapot'");

        // Mistakes in a call's arguments are found before the device is contacted (none listens on port 1).
        String endpoint = "opc.tcp://127.0.0.1:1/nothing";
        Cli quaternion = Cli.run("instrument", "call", endpoint, "write", "ns=2;s=x", "Quaternion", "1");
        assertThat(quaternion.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(quaternion.err()).contains("unknown type 'Quaternion'; types: Double, Float, Int32");
        Cli notANumber = Cli.run("instrument", "call", endpoint, "write", "ns=2;s=x", "Double", "warm");
        assertThat(notANumber.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(notANumber.err()).contains("'warm' is not a Double");
        Cli notAnInteger = Cli.run("instrument", "call", endpoint, "write", "ns=2;s=x", "Int16", "70000");
        assertThat(notAnInteger.err()).contains("'70000' is not a Int16");
        Cli notANode = Cli.run("instrument", "call", endpoint, "read", "FlowReactor/Temp");
        assertThat(notANode.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(notANode.err()).contains("'FlowReactor/Temp' is not a node id").doesNotContain("\tat ");
    }

    @Test
    void serving_on_a_port_in_use_or_an_address_not_of_this_machine_says_so() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli inUse = Cli.run("instrument", "serve", "flow-reactor", "--insecure", "--port",
                    String.valueOf(taken.getLocalPort()), "--pki", dir.resolve("pki").toString());
            assertThat(inUse.exit()).as(inUse.err()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(inUse.err()).contains("cannot serve on 127.0.0.1:" + taken.getLocalPort(),
                    "another server listens there; choose a port with --port").doesNotContain("\tat ");
        }
        Cli foreign = Cli.run("instrument", "serve", "flow-reactor", "--insecure", "--port", "0", "--bind",
                "192.0.2.1", "--pki", dir.resolve("pki").toString());
        assertThat(foreign.exit()).as(foreign.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(foreign.err()).contains("192.0.2.1 is not an address of this machine").doesNotContain("\tat ");
    }

    @Test
    void a_profile_that_does_not_fit_its_device_stops_the_campaign_before_anything_is_written() throws Exception {
        Path scenario = builtIn("arylation-opcua.yaml", dir.resolve("arylation-opcua.yaml"));
        Path profile = builtIn("instruments/flow-reactor.yaml", dir.resolve("instruments/flow-reactor.yaml"));
        Files.writeString(profile, Files.readString(profile).replace("Results/yield", "Results/yeld"));
        Path out = dir.resolve("run");

        Cli run = Cli.run("run", scenario.toString(), "--out", out.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("profile 'flow-reactor' does not fit the device", "nothing was written to it",
                "instruments/flow-reactor.yaml:47: actions.run.results.yield: the device has no node"
                        + " nsu=urn:sciloop:simulated-instrument;s=FlowReactor/ReactionUnit/Results/yeld");
        assertThat(out).doesNotExist();
    }

    @Test
    void a_benchmark_never_drives_an_instrument_with_several_campaigns_at_once() {
        Path out = dir.resolve("bench");
        Cli bench = Cli.run("bench", "arylation-opcua", "--planners", "random", "--seeds", "2", "--out", out.toString());

        assertThat(bench.exit()).as(bench.err()).isEqualTo(2);
        assertThat(bench.err()).contains("tool 'opcua-instrument' actuates an instrument, which one campaign drives"
                + " at a time");
        assertThat(out).doesNotExist();
    }

    private static Path builtIn(String name, Path to) throws Exception {
        Files.createDirectories(to.getParent());
        try (var in = InstrumentCommandTest.class.getClassLoader().getResourceAsStream("scenarios/" + name)) {
            Files.copy(in, to);
        }
        return to;
    }
}
