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
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.memory.recall.MiniLmEmbedder;
import org.sciloop.memory.recall.Recall;
import org.sciloop.memory.store.CampaignStore;
import org.sciloop.memory.store.Passages;
import org.sciloop.memory.store.IndexedCampaign;
import org.sciloop.memory.store.TraceIndexer;

/**
 * Whether recall finds the right hypothesis when asked in other words. A fixture is 200 hypotheses and 20
 * questions that paraphrase 20 of them; each built-in one was written by a helper that never saw the ranking:
 * {@code near-twins} (many fields; 13 of the 20 targets have a twin that differs in one entity or one direction),
 * {@code varied} (other fields; 10 targets with such a twin), {@code opposites} (a third of its statements in pairs
 * that differ only in direction or in which of two is better; 15 targets among them) and {@code held-out-1} to
 * {@code held-out-10} (many fields, their abbreviations, twins of every kind; 15 or 16 targets with a twin), each
 * kept from the ranking's rules until it was measured once (docs/memory.md has both figures). The hypotheses go into
 * campaigns' traces (10 per campaign), are indexed like any campaign, and each question is asked of the store as a
 * planner's recall asks it; the figure is how often the right one ranks first.
 */
public final class RecallBenchmark {
    /** The built-in fixtures, in resources {@code recall/<name>/}. */
    public static final List<String> FIXTURES = List.of("near-twins", "varied", "opposites", "held-out-1",
            "held-out-2", "held-out-3", "held-out-4", "held-out-5", "held-out-6",
            "held-out-7", "held-out-8", "held-out-9", "held-out-10");

    private final PrintWriter out;

    public RecallBenchmark(PrintWriter out) {
        this.out = out;
    }

    /** A question and the id of the one hypothesis that answers it. */
    record Question(String expected, String text) {
    }

    /**
     * Runs the fixture in folder {@code fixture} ({@code hypotheses.tsv}: an id, a tab, the statement;
     * {@code questions.tsv}: the id that answers it, a tab, the question), or each built-in one when null, in
     * {@code store}, writing its traces in {@code dir}.
     */
    public void run(String store, Path dir, Path fixture) {
        // Every fixture read and checked before the store is touched: a mistake in one costs nothing.
        Map<String, List<List<String[]>>> fixtures = new LinkedHashMap<>();
        if (fixture != null) {
            fixtures.put(fixture.toString(), List.of(read(fixture, "hypotheses.tsv"), read(fixture, "questions.tsv")));
        } else {
            FIXTURES.forEach(name -> fixtures.put(name, List.of(builtIn(name, "hypotheses.tsv"),
                    builtIn(name, "questions.tsv"))));
        }
        fixtures.forEach(RecallBenchmark::check);
        try (CampaignStore s = CampaignStore.open(store)) {
            out.printf("store: %s; embeddings kept as %s%n", s.description(), s.passages().storage());
            int first = 0;
            int questions = 0;
            for (Map.Entry<String, List<List<String[]>>> f : fixtures.entrySet()) {
                first += run(s, dir, f.getKey(), f.getValue().get(0), f.getValue().get(1));
                questions += f.getValue().get(1).size();
            }
            if (fixtures.size() > 1) {
                out.printf("%nall %d fixtures: the right hypothesis ranked first for %d of %d questions%n",
                        fixtures.size(), first, questions);
            }
        }
    }

    /** Runs one fixture; how many questions found the right hypothesis first. */
    private int run(CampaignStore s, Path dir, String name, List<String[]> statements, List<String[]> asked) {
        Map<String, String> hypotheses = new LinkedHashMap<>();
        statements.forEach(row -> hypotheses.put(row[0], row[1]));
        List<Question> questions = asked.stream().map(r -> new Question(r[0], r[1])).toList();
        String scenario = "recall-" + name.replaceAll("[^A-Za-z0-9-]", "-");
        List<String> ids = new ArrayList<>(hypotheses.keySet());
        long t0 = System.nanoTime();
        try {
            for (int c = 0; c * 10 < ids.size(); c++) {
                List<Hypothesis> written = new ArrayList<>();
                for (String id : ids.subList(c * 10, Math.min(ids.size(), c * 10 + 10))) {
                    written.add(new Hypothesis(id, 1, hypotheses.get(id), null, null, Hypothesis.Status.PROPOSED,
                            List.of(), 0.5, "planner:llm"));
                }
                Path trace = dir.resolve(String.format("%s-%02d.jsonl", scenario, c));
                Files.deleteIfExists(trace);
                SyntheticTrace.write(trace, String.format("%s-%02d", scenario, c), scenario,
                        Instant.parse("2026-03-01T00:00:00Z").plusSeconds(3600L * c), List.of(), written, true);
                s.index(TraceIndexer.read(trace));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.printf("%nfixture %s: %d hypotheses indexed in %d campaign%s in %.1f s%n", name, ids.size(),
                (ids.size() + 9) / 10, ids.size() > 10 ? "s" : "", seconds(t0));
        CampaignStore.Filter filter = CampaignStore.Filter.all().scenario(scenario);
        long t1 = System.nanoTime();
        MiniLmEmbedder.INSTANCE.embed("the model loaded before anything is timed");
        int embedded = s.passages().embedPending(MiniLmEmbedder.INSTANCE);
        out.printf("%d passage%s embedded in %.1f s (the model loaded on first use)%n", embedded,
                embedded == 1 ? "" : "s", seconds(t1));
        int first = 0;
        int topThree = 0;
        double[] times = new double[questions.size()];
        for (int q = 0; q < questions.size(); q++) {
            Question question = questions.get(q);
            long t = System.nanoTime();
            List<Passages.Found> ranked = Recall.passages(s, question.text(),
                    IndexedCampaign.Passage.KINDS, filter, ids.size());
            times[q] = seconds(t) * 1000;
            int rank = 1;
            while (rank <= ranked.size() && !ranked.get(rank - 1).passage().subject().equals(question.expected())) {
                rank++;
            }
            first += rank == 1 ? 1 : 0;
            topThree += rank <= 3 ? 1 : 0;
            out.printf("%-6s rank %3d  %s%n", question.expected(), rank, question.text());
            if (rank != 1) {
                Passages.Found top = ranked.get(0);
                out.printf("       first: %s %s%n", top.passage().subject(), top.passage().text());
                out.printf("       right: %s %s%n", question.expected(), hypotheses.get(question.expected()));
            }
            out.flush();
        }
        java.util.Arrays.sort(times);
        out.printf("fixture %s: the right hypothesis ranked first for %d of %d questions, in the first three for %d;"
                + " a question took %.0f ms (median)%n", name, first, questions.size(), topThree,
                times[times.length / 2]);
        return first;
    }

    /** Hypotheses with distinct ids, and questions that each name one of them (the row says the line). */
    private static void check(String name, List<List<String[]>> files) {
        Map<String, Integer> ids = new java.util.HashMap<>();
        List<String[]> statements = files.get(0);
        for (int i = 0; i < statements.size(); i++) {
            Integer earlier = ids.putIfAbsent(statements.get(i)[0], i + 1);
            if (earlier != null) {
                throw new InputException(name + "/hypotheses.tsv, hypothesis " + (i + 1) + ": id '"
                        + statements.get(i)[0] + "' again (hypothesis " + earlier + " has it)");
            }
        }
        if (statements.isEmpty() || files.get(1).isEmpty()) {
            throw new InputException(name + ": hypotheses.tsv and questions.tsv each need at least one line");
        }
        for (int i = 0; i < files.get(1).size(); i++) {
            if (!ids.containsKey(files.get(1).get(i)[0])) {
                throw new InputException(name + "/questions.tsv, question " + (i + 1) + ": '" + files.get(1).get(i)[0]
                        + "' is no hypothesis of hypotheses.tsv");
            }
        }
    }

    private static List<String[]> read(Path folder, String name) {
        try (BufferedReader reader = Files.newBufferedReader(folder.resolve(name))) {
            return rows(reader, folder.resolve(name).toString());
        } catch (IOException e) {
            throw new InputException("cannot read " + folder.resolve(name) + ": " + IoReason.of(e));
        }
    }

    private static List<String[]> builtIn(String fixture, String name) {
        var stream = RecallBenchmark.class.getResourceAsStream("recall/" + fixture + "/" + name);
        if (stream == null) {
            throw new IllegalStateException("the recall fixture " + fixture + "/" + name + " is missing from the build");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            return rows(reader, fixture + "/" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of an id, a tab and a text; blank lines skipped. */
    private static List<String[]> rows(BufferedReader reader, String where) throws IOException {
        List<String[]> rows = new ArrayList<>();
        int line = 0;
        for (String text = reader.readLine(); text != null; text = reader.readLine()) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            String[] row = text.split("\t", 2);
            if (row.length < 2 || row[0].isBlank() || row[1].isBlank()) {
                throw new InputException(where + ":" + line + ": write an id, a tab, then the text");
            }
            rows.add(row);
        }
        return rows;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
