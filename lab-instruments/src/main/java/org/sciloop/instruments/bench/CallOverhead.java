package org.sciloop.instruments.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.instruments.OpcUaInstrumentTool;
import org.sciloop.instruments.SessionKeeper;
import org.sciloop.instruments.client.InstrumentClient;
import org.sciloop.instruments.profile.InstrumentProfile;
import org.sciloop.instruments.sim.LoopbackInstrument;
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
        SimulatedReactor reactor = ReactorModels.create("flow-reactor", "arylation", Duration.ofSeconds(1));
        InstrumentProfile profile = InstrumentProfile.parse(PROFILE, "ping profile", new ScenarioLocation.BuiltIn("bench"));
        try (LoopbackInstrument instrument = new LoopbackInstrument(reactor, "bench");
             InstrumentClient bare = instrument.connect();
             OpcUaInstrumentTool tool = OpcUaInstrumentTool.of(profile, profile.action("ping").orElseThrow(),
                     "bench loopback instrument", new SessionKeeper(instrument::connect), Optional.empty(), () -> { })) {
            ToolContext context = new ToolContext("bench", Clock.systemUTC(), new Random(1), step -> { });
            var request = new CallMethodRequest(bare.node(NS + "FlowReactor"), bare.node(NS + "FlowReactor/Ping"),
                    new Variant[] {Variant.ofString("bench")});
            long[] bareTimes = new long[calls];
            long[] toolTimes = new long[calls];
            for (int i = -warmup; i < calls; i++) {
                long t0 = System.nanoTime();
                bare.milo().call(List.of(request));
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

    private static double percentile(long[] nanos, double q) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1000.0;
    }
}
