package org.sciloop.instruments.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.sciloop.core.scenario.ScenarioLocation;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.instruments.OpcUaInstrumentTool;
import org.sciloop.instruments.SessionKeeper;
import org.sciloop.instruments.client.InstrumentClient;
import org.sciloop.instruments.profile.InstrumentProfile;
import org.sciloop.instruments.security.Pki;
import org.sciloop.instruments.sim.InstrumentServer;
import org.sciloop.instruments.sim.ReactorModels;
import org.sciloop.instruments.sim.SimulatedReactor;

/**
 * What {@link OpcUaInstrumentTool} adds to an OPC UA method call: the same method ({@code Ping} of the
 * simulated reactor, over Basic256Sha256 / SignAndEncrypt on loopback) called with a bare Milo client
 * and through a profile action that only calls it, interleaved in rounds so that drift hits both alike.
 */
public final class CallOverhead {
    private static final String NS = "nsu=urn:sciloop:simulated-instrument;s=";
    private static final String PROFILE = """
            name: ping
            endpoint: opc.tcp://127.0.0.1:1/sciloop
            actions:
              ping:
                call:
                  object: %1$sFlowReactor
                  method: %1$sFlowReactor/Ping
                  arguments:
                    - {name: RequestId, type: String, value: "bench"}
            """.formatted(NS);

    /** Medians and 90th percentiles in microseconds, and the tool's overhead relative to the bare median. */
    public record Result(int calls, double bareMedian, double bareP90, double toolMedian, double toolP90) {
        public double overheadPercent() {
            return 100 * (toolMedian - bareMedian) / bareMedian;
        }
    }

    private CallOverhead() {
    }

    public static Result measure(int calls, int warmup) throws Exception {
        Path dir = Files.createTempDirectory("sciloop-call-overhead");
        try (SimulatedReactor reactor = ReactorModels.create("flow-reactor", "arylation", Duration.ofSeconds(1))) {
            Pki serverPki = Pki.open(dir.resolve("server"), "urn:sciloop:bench:server", "bench server");
            Pki clientPki = Pki.open(dir.resolve("client"), "urn:sciloop:bench:client", "bench client");
            serverPki.trust(clientPki.certificate());
            clientPki.trust(serverPki.certificate());
            try (InstrumentServer server = InstrumentServer.start(reactor, "127.0.0.1", 0, serverPki,
                    new InstrumentServer.Access(Map.of("bench", "bench"), false))) {
                InstrumentClient.Login login = new InstrumentClient.Login("Basic256Sha256", "SignAndEncrypt",
                        Optional.of("bench"), Optional.of("bench"));
                InstrumentProfile profile = InstrumentProfile.parse(PROFILE, "ping profile",
                        new ScenarioLocation.BuiltIn("bench"));
                try (InstrumentClient bare = InstrumentClient.connect(server.endpointUrl(), login, clientPki);
                     OpcUaInstrumentTool tool = new OpcUaInstrumentTool(profile, profile.action("ping").orElseThrow(),
                             new SessionKeeper(() -> InstrumentClient.connect(server.endpointUrl(), login, clientPki)),
                             Optional.empty(), () -> { })) {
                    ToolContext context = new ToolContext("bench", Clock.systemUTC(), new Random(1), step -> { });
                    var object = bare.node(NS + "FlowReactor");
                    var method = bare.node(NS + "FlowReactor/Ping");
                    long[] bareTimes = new long[calls];
                    long[] toolTimes = new long[calls];
                    for (int i = -warmup; i < calls; i++) {
                        long t0 = System.nanoTime();
                        bare.milo().call(List.of(new org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest(
                                object, method, new Variant[] {Variant.ofString("bench")})));
                        long t1 = System.nanoTime();
                        ToolResult r = tool.invoke(new ToolCall("ping-ping", "call-" + i, Map.of()), context);
                        long t2 = System.nanoTime();
                        if (!(r instanceof ToolResult.Success)) {
                            throw new IllegalStateException("the tool's call failed: " + r);
                        }
                        if (i >= 0) {
                            bareTimes[i] = t1 - t0;
                            toolTimes[i] = t2 - t1;
                        }
                    }
                    return new Result(calls, percentile(bareTimes, 0.5), percentile(bareTimes, 0.9),
                            percentile(toolTimes, 0.5), percentile(toolTimes, 0.9));
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double percentile(long[] nanos, double q) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1000.0;
    }
}
