package org.sciloop.evaluations.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.CampaignEngine;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.campaign.CampaignReplay;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.planner.PlannerFactory;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.tool.ToolFactory;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceVerification;
import org.sciloop.core.trace.TraceWriter;
import org.sciloop.evaluations.metrics.RunMetrics;

/**
 * How fast a large recorded campaign is verified (hash chain and signatures) and replayed (every proposal asked
 * again), as {@code sciloop verify} and {@code sciloop replay} do it, JVM start aside. The trace is a real
 * campaign, so replay has real decisions to check. Figures are medians of timed repetitions after a warm-up.
 */
public final class TraceThroughput {
    /** Lines per experiment in a batch of 10: request, outcome, observation, and a tenth of a proposal. */
    private static final double LINES_PER_EXPERIMENT = 3.1;

    public record Figures(long events, long bytes, double verifyEventsPerSecond, double verifyMegabytesPerSecond,
                          double replayEventsPerSecond, int proposals, boolean identical) {
    }

    private TraceThroughput() {
    }

    /** Records a campaign of {@code scenario} with {@code planner} in batches of 10 that writes about {@code events} lines. */
    public static Path record(Scenario scenario, String planner, long events, Path file, Registry<ToolFactory> tools,
                              Registry<PlannerFactory> planners, TraceSigner signer) {
        int experiments = (int) Math.ceil(events / LINES_PER_EXPERIMENT);
        Scenario s = scenario.withOverrides(Optional.of(planner), OptionalInt.of(experiments), OptionalInt.of(10))
                .edited(doc -> {
                    doc.withObjectProperty("objective").remove("target");
                    doc.withObjectProperty("budget").remove("patience");
                });
        try (Campaign campaign = Campaign.assemble(s, 1, tools, planners);
             TraceWriter writer = TraceWriter.create(file, "bench-trace", Clock.systemUTC(), Durability.NONE, signer)) {
            new CampaignEngine(campaign, writer, Clock.systemUTC()).start(s.root().location().id());
        }
        return file;
    }

    /**
     * @param rebuild the campaign a history records (its scenario, seed, tool and planner), as replay assembles it
     */
    public static Figures measure(Path trace, List<String> trustedKeys, int repetitions,
                                  Function<CampaignHistory, Campaign> rebuild) {
        TraceVerification.check(trace, trustedKeys);  // warm-up
        double[] verifySeconds = new double[repetitions];
        long events = 0;
        for (int r = 0; r < repetitions; r++) {
            long start = System.nanoTime();
            TraceVerification.Result result = TraceVerification.check(trace, trustedKeys);
            verifySeconds[r] = (System.nanoTime() - start) / 1e9;
            if (!result.verified()) {
                throw new IllegalStateException("the benchmark's own trace did not verify: " + result.verdict());
            }
            events = result.report().lines();
        }
        replay(trace, rebuild);  // warm-up
        double[] replaySeconds = new double[repetitions];
        CampaignReplay.Result replayed = null;
        for (int r = 0; r < repetitions; r++) {
            long start = System.nanoTime();
            replayed = replay(trace, rebuild);
            replaySeconds[r] = (System.nanoTime() - start) / 1e9;
        }
        long bytes = size(trace);
        double verify = RunMetrics.median(verifySeconds);
        return new Figures(events, bytes, events / verify, bytes / 1e6 / verify, events / RunMetrics.median(replaySeconds),
                replayed.proposals(), replayed.identical());
    }

    /** What {@code sciloop replay} does after the JVM starts: read and check the trace, rebuild, re-ask. */
    private static CampaignReplay.Result replay(Path trace, Function<CampaignHistory, Campaign> rebuild) {
        CampaignHistory history = CampaignHistory.of(TraceReader.readIntact(trace));
        try (Campaign campaign = rebuild.apply(history)) {
            return CampaignReplay.replay(campaign, history);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
