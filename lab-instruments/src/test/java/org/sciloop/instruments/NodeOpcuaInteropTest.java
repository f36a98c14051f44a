package org.sciloop.instruments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.tool.Actuator;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.instruments.client.InstrumentClient;
import org.sciloop.instruments.profile.InstrumentProfile;
import org.sciloop.instruments.security.Pki;
import org.sciloop.instruments.sim.InstrumentServer;

/**
 * Interoperability with node-opcua, an OPC UA stack independent of Milo ({@code src/test/node}, installed by
 * {@code .ci/run}): sciloop's instrument tool drives a node-opcua server, and node-opcua's client drives
 * sciloop's simulated server. Both over security None, since node-opcua's side here has no certificates to
 * trust. Without node-opcua installed the tests are skipped, unless SCILOOP_REQUIRE_NODE_OPCUA=1 (as in CI).
 */
class NodeOpcuaInteropTest {
    private static final Path NODE = Path.of("src/test/node");

    @TempDir
    Path dir;

    @BeforeEach  // not @BeforeAll: then each test is reported as skipped, not left out of the count
    void nodeOpcuaIsInstalled() {
        boolean installed = Files.isDirectory(NODE.resolve("node_modules/node-opcua"));
        if ("1".equals(System.getenv("SCILOOP_REQUIRE_NODE_OPCUA"))) {
            assertThat(installed).as("node-opcua in " + NODE.toAbsolutePath() + " (npm ci there)").isTrue();
        }
        assumeTrue(installed, "node-opcua is not installed in src/test/node; run 'npm ci' there");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void ourInstrumentToolDrivesANodeOpcuaServer() throws Exception {
        int port = freePort();
        Process server = new ProcessBuilder("node", "server.js", String.valueOf(port)).directory(NODE.toFile())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("READY")) {
                // node-opcua's start-up chatter
            }
            assertThat(line).as("the node-opcua server started").isNotNull();
            InstrumentProfile profile = InstrumentProfile.parse("""
                    name: heater
                    endpoint: opc.tcp://127.0.0.1:%d/interop
                    security: {policy: None, mode: None}
                    actions:
                      heat:
                        setpoints:
                          Setpoint: {node: "ns=1;s=Heater/Setpoint", type: Double, max: 300}
                        call:
                          object: ns=1;s=Heater
                          method: ns=1;s=Heater/Heat
                          arguments:
                            - {name: RequestId, type: String, value: "${request-id}"}
                        request-echo: ns=1;s=Heater/RequestId
                        results:
                          doubled: ns=1;s=Heater/Result
                    """.formatted(port), "heater.yaml", new ScenarioLocation.BuiltIn("test"));
            Pki pki = Pki.open(dir.resolve("pki"), "urn:sciloop:test:client", "test client");
            InstrumentClient.Login login = InstrumentClient.Login.anonymous("None", "None");
            try (Actuator tool = (Actuator) OpcUaInstrumentTool.of(profile, profile.action("heat").orElseThrow(),
                    profile.endpoint(), new SessionKeeper(() -> InstrumentClient.connect(profile.endpoint(), login, pki)), Optional.empty(),
                    () -> { })) {
                ToolResult result = tool.invoke(new ToolCall("heater-heat", "exp-1", Map.of("Setpoint", 21.5)),
                        new ToolContext("c", Clock.systemUTC(), new Random(1)));

                assertThat(result).isEqualTo(new ToolResult.Success(Map.of("doubled", 43.0)));
                assertThat(tool.reconcile(new ToolCall("heater-heat", "exp-1", Map.of()), "c"))
                        .isInstanceOf(org.sciloop.core.tool.Reconciliation.Completed.class);
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNodeOpcuaClientDrivesOurSimulatedServer() throws Exception {
        try (var reactor = new org.sciloop.instruments.sim.SimulatedReactor(ReactorFixture.SPACE,
                java.util.List.of("yield"), ReactorFixture.CHEMISTRY, Duration.ofMillis(10));
             InstrumentServer server = InstrumentServer.start(reactor, "127.0.0.1", 0,
                     Pki.open(dir.resolve("server-pki"), "urn:sciloop:test:server", "test server"),
                     new InstrumentServer.Access(Map.of(), true))) {
            Process client = new ProcessBuilder("node", "client.js", server.endpointUrl()).directory(NODE.toFile())
                    .redirectErrorStream(true).start();
            assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("node-opcua client finished").isTrue();
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(client.exitValue()).as(output).isZero();
            assertThat(output).contains("{\"state\":\"Idle\",\"write\":\"Good\",\"call\":\"Good\"}");
            assertThat(reactor.setpoint("Temp_C")).isEqualTo(105.0);
        }
    }
}
