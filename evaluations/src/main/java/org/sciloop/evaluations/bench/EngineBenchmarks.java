package org.sciloop.evaluations.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.sciloop.core.campaign.CampaignEngine;
import org.sciloop.core.campaign.CampaignResult;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;

/**
 * Measurements of the engine and the trace, run by {@code sciloop bench engine} and {@code sciloop bench
 * verify}. Each figure is the median of several timed repetitions after a warm-up.
 */
public final class EngineBenchmarks {

    /** Engine cost per experiment with a no-op tool. */
    public record Overhead(Durability durability, int experiments, double medianMicrosPerExperiment,
                           double minMicrosPerExperiment) {
    }

    /** Verification speed over one trace. */
    public record VerifySpeed(long events, long bytes, double medianEventsPerSecond, double medianMegabytesPerSecond) {
    }

    private EngineBenchmarks() {
    }

    public static Overhead overhead(Durability durability, int experiments, int repetitions, Path scratch) {
        run(durability, Math.max(100, experiments / 10), scratch); // warm-up: JIT, class loading
        double[] micros = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            long start = System.nanoTime();
            run(durability, experiments, scratch);
            micros[r] = (System.nanoTime() - start) / 1000.0 / experiments;
        }
        java.util.Arrays.sort(micros);
        return new Overhead(durability, experiments, micros[repetitions / 2], micros[0]);
    }

    /** Writes a trace of at least {@code events} lines by running a no-op campaign (about 3 lines per experiment). */
    public static Path writeTrace(long events, Path file) {
        int experiments = (int) Math.ceil(events / 3.0);
        try (TraceWriter writer = TraceWriter.create(file, "bench-verify", Clock.systemUTC(), Durability.NONE,
                TraceSigner.ephemeral())) {
            new CampaignEngine(NoOpCampaign.of(experiments, 100), writer, Clock.systemUTC(), List.of())
                    .start("builtin:engine-overhead");
        }
        return file;
    }

    public static VerifySpeed verify(Path trace, int repetitions) {
        TraceReader.verify(trace); // warm-up
        double[] seconds = new double[repetitions];
        long events = 0;
        for (int r = 0; r < repetitions; r++) {
            long start = System.nanoTime();
            TraceReader.Report report = TraceReader.verify(trace);
            seconds[r] = (System.nanoTime() - start) / 1e9;
            if (!report.intact()) {
                throw new IllegalStateException("benchmark trace is damaged: " + report.problem().get());
            }
            events = report.lines();
        }
        java.util.Arrays.sort(seconds);
        double median = seconds[repetitions / 2];
        long bytes = size(trace);
        return new VerifySpeed(events, bytes, events / median, bytes / 1e6 / median);
    }

    private static CampaignResult run(Durability durability, int experiments, Path scratch) {
        try {
            Path file = Files.createTempFile(scratch, "engine-", ".jsonl");
            Files.delete(file);
            try (TraceWriter writer = TraceWriter.create(file, "bench-engine", Clock.systemUTC(), durability,
                    TraceSigner.ephemeral())) {
                return new CampaignEngine(NoOpCampaign.of(experiments, 1), writer, Clock.systemUTC(), List.of())
                        .start("builtin:engine-overhead");
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
