package org.sciloop.memory.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.memory.recall.MiniLmEmbedder;
import org.sciloop.memory.recall.Recall;
import org.sciloop.memory.store.CampaignStore;
import org.sciloop.memory.store.IndexedCampaign;
import org.sciloop.memory.store.TraceIndexer;

/**
 * Whether recall finds the right hypothesis when asked in other words. The fixture (resources, {@code recall/}):
 * 200 hypotheses of many fields, with many near twins that differ in one entity or one direction, and 20
 * questions that paraphrase 20 of them, written by someone who had not seen the ranking. The hypotheses go into
 * 20 campaigns' traces (10 each), are indexed like any campaign, and each question is asked of the store as a
 * planner's recall would ask it; the figure is how often the right one ranks first.
 */
public final class RecallBenchmark {
    private static final String SCENARIO = "recall-fixture";

    private final PrintWriter out;

    public RecallBenchmark(PrintWriter out) {
        this.out = out;
    }

    /** A question and the id of the one hypothesis that answers it. */
    record Question(String expected, String text) {
    }

    public void run(String store, Path dir) {
        Map<String, String> hypotheses = new LinkedHashMap<>();
        for (String[] row : fixture("hypotheses.tsv")) {
            hypotheses.put(row[0], row[1]);
        }
        List<Question> questions = fixture("questions.tsv").stream().map(r -> new Question(r[0], r[1])).toList();
        try (CampaignStore s = CampaignStore.open(store)) {
            out.printf("store: %s; embeddings kept as %s%n", s.description(), s.embeddingStorage());
            List<String> ids = new ArrayList<>(hypotheses.keySet());
            long t0 = System.nanoTime();
            for (int c = 0; c * 10 < ids.size(); c++) {
                List<Hypothesis> written = new ArrayList<>();
                for (String id : ids.subList(c * 10, Math.min(ids.size(), c * 10 + 10))) {
                    written.add(new Hypothesis(id, 1, hypotheses.get(id), null, null, Hypothesis.Status.PROPOSED,
                            List.of(), 0.5, "planner:llm"));
                }
                Path trace = dir.resolve(String.format("recall-%02d.jsonl", c));
                Files.deleteIfExists(trace);
                SyntheticTrace.write(trace, String.format("recall-fixture-%02d", c), SCENARIO,
                        Instant.parse("2026-03-01T00:00:00Z").plusSeconds(3600L * c), List.of(), written, true);
                s.index(TraceIndexer.read(trace));
            }
            out.printf("indexed %d hypotheses in %d campaigns in %.1f s%n", ids.size(), (ids.size() + 9) / 10,
                    seconds(t0));
            CampaignStore.Filter filter = CampaignStore.Filter.all().scenario(SCENARIO);
            long t1 = System.nanoTime();
            s.embedPending(MiniLmEmbedder.INSTANCE);
            out.printf("loaded the model and embedded the passages in %.1f s%n", seconds(t1));
            for (Recall.Ranking ranking : Recall.Ranking.values()) {
                out.printf("%nranked by %s:%n", ranking.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
                int first = 0;
                int topThree = 0;
                double[] times = new double[questions.size()];
                for (int q = 0; q < questions.size(); q++) {
                    Question question = questions.get(q);
                    long t = System.nanoTime();
                    List<CampaignStore.PassageFound> ranked = Recall.passages(s, MiniLmEmbedder.INSTANCE,
                            question.text(), IndexedCampaign.Passage.KINDS, filter, ids.size(), ranking);
                    times[q] = seconds(t) * 1000;
                    int rank = 1;
                    while (rank <= ranked.size()
                            && !ranked.get(rank - 1).passage().subject().equals(question.expected())) {
                        rank++;
                    }
                    first += rank == 1 ? 1 : 0;
                    topThree += rank <= 3 ? 1 : 0;
                    out.printf("%-5s rank %3d  %s%n", question.expected(), rank, question.text());
                    if (rank != 1) {
                        CampaignStore.PassageFound top = ranked.get(0);
                        out.printf("      first: %s %s%n", top.passage().subject(), top.passage().text());
                        out.printf("      right: %s %s%n", question.expected(), hypotheses.get(question.expected()));
                    }
                    out.flush();
                }
                java.util.Arrays.sort(times);
                out.printf("the right hypothesis ranked first for %d of %d questions, in the first three for %d;"
                        + " a question took %.0f ms (median)%n", first, questions.size(), topThree,
                        times[times.length / 2]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String[]> fixture(String name) {
        var stream = RecallBenchmark.class.getResourceAsStream("recall/" + name);
        if (stream == null) {
            throw new IllegalStateException("the recall fixture " + name + " is missing from the build");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            return reader.lines().filter(l -> !l.isBlank()).map(l -> l.split("\t", 2)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
