package org.sciloop.memory.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.memory.store.CampaignStore;
import org.sciloop.memory.store.CampaignStore.Filter;
import org.sciloop.memory.store.Condition;
import org.sciloop.memory.store.IndexedCampaign;
import org.sciloop.memory.store.TraceIndexer;

/**
 * How fast the campaign store takes a long trace, and answers a question across many campaigns: a trace of
 * {@code traceLines} lines read and indexed; then {@code campaigns} campaigns of {@code experiments} experiments
 * each (a ligand, a temperature, a loading, a yield) indexed, and a cross-campaign search timed.
 */
public final class StoreBenchmark {
    private static final String[] LIGANDS = {"XPhos", "SPhos", "dppf", "PPh3", "BINAP", "RuPhos"};

    private final PrintWriter out;

    public StoreBenchmark(PrintWriter out) {
        this.out = out;
    }

    public void run(String store, Path dir, int traceLines, int campaigns, int experiments, int repetitions) {
        Path trace = dir.resolve("long-trace.jsonl");
        try {
            Files.deleteIfExists(trace);
            Random random = new Random(1);
            // Four lines per experiment (proposal, request, completion, observation), then the header and the end.
            int count = Math.max(1, (traceLines - 2) / 4);
            long t0 = System.nanoTime();
            SyntheticTrace.write(trace, "long-campaign", "long", Instant.parse("2026-01-01T00:00:00Z"),
                    observations(random, count), List.of(), true);
            out.printf("wrote a trace of %,d lines (%,d experiments, %.1f MB) in %.1f s%n",
                    Files.lines(trace).count(), count, Files.size(trace) / 1e6, seconds(t0));
            try (CampaignStore s = CampaignStore.open(store)) {
                out.printf("store: %s%n", s.description());
                out.flush();
                long t1 = System.nanoTime();
                IndexedCampaign long_ = TraceIndexer.read(trace);
                double read = seconds(t1);
                long t2 = System.nanoTime();
                s.index(long_);
                out.printf("index the trace: %.2f s (reading and checking the trace %.2f s, writing it to the"
                        + " store %.2f s)%n", read + seconds(t2), read, seconds(t2));
                out.flush();

                long t3 = System.nanoTime();
                for (int c = 0; c < campaigns; c++) {
                    s.index(campaign("bench-" + c, Instant.parse("2026-01-02T00:00:00Z").plusSeconds(60L * c),
                            observations(random, experiments)));
                }
                out.printf("index %,d campaigns of %d experiments: %.1f s (%.1f ms per campaign)%n", campaigns,
                        experiments, seconds(t3), seconds(t3) * 1000 / campaigns);
                List<Condition> question = List.of(Condition.parse("ligand = XPhos"),
                        Condition.parse("temperature > 100"), Condition.parse("yield >= 80"));
                int found = 0;
                double[] times = new double[repetitions];
                for (int r = 0; r < repetitions; r++) {
                    long t = System.nanoTime();
                    found = s.search(question, Filter.all(), 1_000_000).size();
                    times[r] = seconds(t) * 1000;
                }
                java.util.Arrays.sort(times);
                out.printf("search across %,d campaigns (%,d observations) for %s: %,d found; median %.1f ms,"
                        + " slowest %.1f ms of %d%n", campaigns + 1, campaigns * experiments + count,
                        String.join(" and ", question.stream().map(Condition::toString).toList()), found,
                        times[repetitions / 2], times[repetitions - 1], repetitions);
                long t4 = System.nanoTime();
                int listed = s.campaigns(Filter.all()).size();
                out.printf("list %,d campaigns: %.1f ms%n", listed, seconds(t4) * 1000);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static IndexedCampaign campaign(String id, Instant start, List<Observation> observations) {
        List<IndexedCampaign.StoredObservation> stored = new ArrayList<>();
        for (int i = 0; i < observations.size(); i++) {
            stored.add(new IndexedCampaign.StoredObservation(id, 5L + 4L * i, start, "engine", observations.get(i)));
        }
        return new IndexedCampaign(id, Path.of("/bench", id, "trace.jsonl").toAbsolutePath(), "bench",
                "builtin:bench", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), 1,
                "table-emulator", "bo", List.of("yield"), List.of("ligand", "temperature", "loading"), start,
                java.util.Optional.of(start), "finished", List.of(), 4L * observations.size() + 2, "0".repeat(64),
                stored, List.of(), List.of(), List.of());
    }

    private static List<Observation> observations(Random random, int count) {
        List<Observation> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(new Observation("exp-" + (i + 1), Settings.of(Map.of(
                    "ligand", LIGANDS[random.nextInt(LIGANDS.length)],
                    "temperature", 60 + 80 * random.nextDouble(),
                    "loading", 0.5 + 4.5 * random.nextDouble())),
                    Map.of("yield", 100 * random.nextDouble()), Observation.Status.OK, "", "table-emulator"));
        }
        return list;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
