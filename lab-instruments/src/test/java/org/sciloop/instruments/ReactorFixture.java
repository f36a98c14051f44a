package org.sciloop.instruments;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;
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

    @Override
    public void close() {
        server.close();
        reactor.close();
    }
}
