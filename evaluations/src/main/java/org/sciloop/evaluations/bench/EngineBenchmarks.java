package org.sciloop.evaluations.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.CampaignEngine;
import org.sciloop.core.campaign.CampaignResult;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;

/**
 * Measurements of the engine's own cost, run by {@code sciloop bench engine}. Each figure is the median of several timed repetitions after a warm-up.
 */
public final class EngineBenchmarks {

    /** Engine cost per experiment with a no-op tool. */
    public record Overhead(Durability durability, int experiments, double medianMicrosPerExperiment,
                           double minMicrosPerExperiment) {
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

    private static CampaignResult run(Durability durability, int experiments, Path scratch) {
        try {
            Path file = Files.createTempFile(scratch, "engine-", ".jsonl");
            Files.delete(file);
            try (Campaign campaign = NoOpCampaign.of(experiments, 1);
                 TraceWriter writer = TraceWriter.create(file, "bench-engine", Clock.systemUTC(), durability,
                         TraceSigner.ephemeral())) {
                return new CampaignEngine(campaign, writer, Clock.systemUTC()).start("builtin:engine-overhead");
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
