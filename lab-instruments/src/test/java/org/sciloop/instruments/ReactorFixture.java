package org.sciloop.instruments;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.Actuator;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.instruments.client.InstrumentClient;
import org.sciloop.instruments.profile.InstrumentProfile;
import org.sciloop.instruments.security.Pki;
import org.sciloop.instruments.sim.InstrumentServer;
import org.sciloop.instruments.sim.SimulatedReactor;

/**
 * A simulated reactor with two setpoints (temperature and solvent) whose yield is a known function, served
 * by a real Milo server on loopback; the client and the server trust each other's certificates.
 */
final class ReactorFixture implements AutoCloseable {
    static final String USER = "operator";
    static final String PASSWORD = "correct horse battery staple";
    static final String NS = "nsu=urn:sciloop:simulated-instrument;s=FlowReactor/ReactionUnit/";

    static final ParameterSpace SPACE = new ParameterSpace(List.of(
            new Parameter.Continuous("Temp_C", 60, 140, "degC"),
            new Parameter.Categorical("Solvent", List.of("water", "toluene"), Map.of())));

    /** Yield peaks at 110 degrees C in toluene. */
    static final Tool CHEMISTRY = new Tool() {
        @Override
        public ToolDescriptor descriptor() {
            return new ToolDescriptor("known-chemistry", "a yield with a known optimum",
                    JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(), Effect.READ_ONLY,
                    Duration.ofSeconds(1));
        }

        @Override
        public ToolResult invoke(ToolCall call, ToolContext context) {
            double t = ((Number) call.arguments().get("Temp_C")).doubleValue();
            double base = "toluene".equals(call.arguments().get("Solvent")) ? 90 : 40;
            return new ToolResult.Success(Map.of("yield", base - 0.01 * (t - 110) * (t - 110)));
        }
    };

    /** The profile of the fixture's reactor, as an operator would write it. */
    static final String PROFILE = """
            name: test-reactor
            endpoint: opc.tcp://127.0.0.1:1/sciloop
            interlocks:
              - node: %1$sStateMachine/CurrentState
                allowed: [Idle, Complete, Aborted]
            actions:
              run:
                setpoints:
                  Temp_C: {node: "%1$sSetpoints/Temp_C", type: Double, unit: degC, min: 90, max: 120}
                  Solvent: {node: "%1$sSetpoints/Solvent", type: String}
                call:
                  object: %1$sStateMachine
                  method: %1$sStateMachine/Start
                  arguments:
                    - {name: RequestId, type: String, value: "${request-id}"}
                request-echo: %1$sStateMachine/RequestId
                completion:
                  node: %1$sStateMachine/CurrentState
                  equals: Complete
                  fails-on: [Aborted]
                  timeout: PT30S
                  poll-every: PT0.01S
                results:
                  yield: %1$sResults/yield
            """.formatted(NS);

    final SimulatedReactor reactor;
    final Pki serverPki;
    final Pki clientPki;
    InstrumentServer server;

    ReactorFixture(Path dir, Duration runTime, boolean insecure) {
        reactor = new SimulatedReactor(SPACE, List.of("yield"), CHEMISTRY, runTime);
        serverPki = Pki.open(dir.resolve("server-pki"), "urn:sciloop:test:server", "test server");
        clientPki = Pki.open(dir.resolve("client-pki"), "urn:sciloop:test:client", "test client");
        serverPki.trust(clientPki.certificate());
        clientPki.trust(serverPki.certificate());
        server = start(0, insecure);
    }

    InstrumentServer start(int port, boolean insecure) {
        return InstrumentServer.start(reactor, "127.0.0.1", port, serverPki,
                new InstrumentServer.Access(Map.of(USER, PASSWORD), insecure));
    }

    /** Stops the server and serves the same device again on the same port, as a controller restart would. */
    void restart() {
        int port = server.port();
        server.close();
        server = start(port, false);
    }

    String endpoint() {
        return server.endpointUrl();
    }

    /** The profile's one action as a tool, connected to this fixture's server as the operator. */
    Actuator tool() {
        return tool(PROFILE);
    }

    /**
     * The action {@code run} of a profile (YAML text) as a tool, connected to this fixture's server: the
     * profile's {@code 127.0.0.1:1} stands for the server's address and port.
     */
    Actuator tool(String profileYaml) {
        InstrumentProfile profile = InstrumentProfile.parse(profileYaml.replace("127.0.0.1:1/",
                        "127.0.0.1:" + server.port() + "/"), "test-reactor.yaml", new ScenarioLocation.BuiltIn("test"));
        InstrumentClient.Login login = new InstrumentClient.Login("Basic256Sha256", "SignAndEncrypt",
                Optional.of(USER), Optional.of(PASSWORD));
        return (Actuator) OpcUaInstrumentTool.of(profile, profile.action("run").orElseThrow(), endpoint(),
                new SessionKeeper(() -> InstrumentClient.connect(profile.endpoint(), login, clientPki)),
                Optional.empty(), () -> { });
    }

    @Override
    public void close() {
        server.close();
        reactor.close();
    }
}
