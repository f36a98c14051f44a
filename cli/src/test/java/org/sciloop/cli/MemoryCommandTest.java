package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sciloop memory} as a scientist meets it: campaigns go in when they end or pause (into the tests' own
 * default store, SCILOOP_DATA_HOME), or by hand into a store named with --store; the traces stay the record.
 */
class MemoryCommandTest {
    @TempDir
    Path dir;

    @Test
    void a_campaign_goes_into_memory_when_it_ends_and_is_found_across_campaigns() {
        Path run = dir.resolve("run");
        Cli campaign = Cli.run("run", "reaction-hypotheses", "--budget", "16", "--out", run.toString());
        assertThat(campaign.exit()).as(campaign.err()).isZero();
        assertThat(campaign.out()).containsPattern("memory +indexed as [0-9a-f-]{36} in the embedded store in");

        Cli shown = Cli.run("memory", "show", run.toString());
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("scenario     reaction-hypotheses (builtin:reaction-hypotheses), seed 1",
                "parameters   temperature, loading, ligand, solvent", "finished", "verifies, as indexed",
                "observations (16)", "exp-16", "hypotheses (");

        Cli found = Cli.run("memory", "search", "--scenario", "reaction-hypotheses", "--where", "ligand = XPhos",
                "--where", "temperature >= 60");
        assertThat(found.exit()).as(found.err()).isZero();
        assertThat(found.out()).contains("ligand=XPhos").containsPattern("\\d+ observations? with ligand = XPhos and"
                + " temperature >= 60 in the embedded store");
        assertThat(found.out().lines().filter(l -> l.contains("ligand=") && !l.contains("ligand=XPhos"))).isEmpty();
        assertThat(Cli.run("memory", "search", "--scenario", "reaction-hypotheses", "--where", "ligand = xphos").out())
                .contains("0 observations with ligand = xphos", "levels are matched exactly, case included: 'ligand'"
                        + " has 'XPhos', not 'xphos'");

        assertThat(Cli.run("memory", "list", "--parameter", "ligand,solvent").out())
                .as("campaigns by their space").contains(run.resolve("trace.jsonl").toString());
        assertThat(Cli.run("memory", "list", "--parameter", "ligand", "--parameter", "pressure").out())
                .contains("no campaign matches");

        Cli recalled = Cli.run("memory", "recall", "does", "heating", "raise", "the", "yield?", "--kind", "hypothesis",
                "--limit", "1", "--scenario", "reaction-hypotheses");
        assertThat(recalled.exit()).as(recalled.err()).isZero();
        assertThat(recalled.out()).as("with its status").containsPattern("0\\.\\d{3}  [0-9a-f]{8} +reaction-hypotheses"
                + " +hypothesis +H\\d+ +(supported|refuted|testing|proposed|inconclusive) +yield increases with"
                + " temperature").contains("1 passage in the embedded store");
        // A tester: a misspelt scenario answered "0 passages" and nothing more.
        assertThat(Cli.run("memory", "recall", "yield", "--scenario", "reaction-hypothesis").out()).contains(
                "0 passages", "no campaign of the store has scenario 'reaction-hypothesis'; the closest it has:"
                        + " reaction-hypotheses");
        assertThat(Cli.run("memory", "list", "--tool", "reaction-simulator", "--planner", "genius").out()).contains(
                "no campaign matches", "no campaign of the store has planner 'genius'; the closest it has:")
                .doesNotContain("has tool");
        Cli wrongKind = Cli.run("memory", "recall", "anything", "--kind", "gossip");
        assertThat(wrongKind.exit()).isEqualTo(2);
        assertThat(wrongKind.err()).contains("--kind gossip: the kinds are hypothesis, rationale, note");
        Path typo = dir.resolve("no-store-here");
        Cli mistyped = Cli.run("memory", "list", "--store", typo.toString());
        assertThat(mistyped.exit()).isEqualTo(2);
        assertThat(mistyped.err()).contains("--store: no campaign store in " + typo);
        assertThat(typo).as("a command that only reads makes no store").doesNotExist();
        Cli blank = Cli.run("memory", "recall", " ");
        assertThat(blank.exit()).isEqualTo(2);
        assertThat(blank.err()).contains("the question is empty").doesNotContain("Exception");

        Path graph = dir.resolve("across.graphml");
        Cli graphed = Cli.run("memory", "hypotheses", "--scenario", "reaction-hypotheses", "--graphml", graph.toString());
        assertThat(graphed.exit()).as(graphed.err()).isZero();
        assertThat(graphed.out()).contains("graph   " + graph);
        assertThat(graph).content().contains("stated-in", "concerns", ">campaign</data>");
    }

    @Test
    void a_campaign_that_waits_for_people_is_in_memory_as_paused() {
        Path run = dir.resolve("by-hand");
        Cli handed = Cli.run("run", "branin", "--manual", "--batch", "2", "--out", run.toString());
        assertThat(handed.exit()).as(handed.err()).isZero();
        assertThat(handed.out()).contains("memory       indexed as");
        assertThat(Cli.run("memory", "show", run.toString()).out()).contains(", paused ", "observations (0)");
    }

    @Test
    void a_scenario_can_keep_its_campaigns_out_of_memory() throws IOException {
        Path scenario = Files.writeString(dir.resolve("private.yaml"), """
                name: private-branin
                objective: {name: value, goal: minimize}
                experiment: {tool: benchmark-function, with: {function: branin}}
                planner: {name: random}
                budget: {experiments: 4}
                memory: {index: false}
                """);
        Path run = dir.resolve("private");
        Cli campaign = Cli.run("run", scenario.toString(), "--out", run.toString());
        assertThat(campaign.exit()).as(campaign.err()).isZero();
        assertThat(campaign.out()).doesNotContain("memory ");
        Cli shown = Cli.run("memory", "show", run.toString());
        assertThat(shown.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(shown.err()).contains("no campaign '" + run + "'", "'sciloop memory add " + run + "' adds it");

        Files.writeString(scenario, Files.readString(scenario).replace("index: false", "index: perhaps"));
        Cli refused = Cli.run("run", scenario.toString(), "--out", dir.resolve("refused").toString());
        assertThat(refused.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.err()).contains("private.yaml:6").doesNotContain("Exception");
    }

    @Test
    void only_intact_traces_go_in_and_a_trace_changed_later_is_said_to_no_longer_verify() throws IOException {
        String store = dir.resolve("store").toString();
        Path good = dir.resolve("good");
        Path bad = dir.resolve("bad");
        for (Path run : new Path[] {good, bad}) {
            assertThat(Cli.run("run", "branin", "--budget", "3", "--out", run.toString()).exit()).isZero();
        }
        Path badTrace = bad.resolve("trace.jsonl");
        Files.writeString(badTrace, Files.readString(badTrace).replaceFirst("\"seed\":1", "\"seed\":7"));

        Cli refused = Cli.run("memory", "add", "--store", store, good.toString(), bad.toString());
        assertThat(refused.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.err()).contains(badTrace + " does not verify", "line 1",
                "nothing was added: 1 of 2 traces could not be indexed");
        assertThat(Cli.run("memory", "list", "--store", store).err()).as("all checked before the store was made")
                .contains("no campaign store in ");

        Cli added = Cli.run("memory", "add", "--store", store, good.toString());
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("added", "(branin, 3 experiments, 0 hypotheses)");
        assertThat(Cli.run("memory", "add", "--store", store, good.toString()).out()).contains("updated");

        Path goodTrace = good.resolve("trace.jsonl");
        String original = Files.readString(goodTrace);
        String changed = original.replaceFirst("\"status\":\"OK\"", "\"status\":\"FAILED\"");
        Files.writeString(goodTrace, changed);
        Cli shown = Cli.run("memory", "show", "--store", store, idOf(added.out()));
        assertThat(shown.exit()).as(shown.err()).isEqualTo(ExitCode.FAILED);
        assertThat(shown.out()).contains("NOT VERIFIED: no longer verifies", "no longer vouched for",
                "kept in the store: search, recall and hypotheses leave it out until it verifies again");
        assertThat(Cli.run("memory", "list", "--store", store).out()).contains("NOT VERIFIED (no longer verifies");

        Files.writeString(goodTrace, original);  // put back from a backup
        Cli restored = Cli.run("memory", "show", "--store", store, idOf(added.out()));
        assertThat(restored.exit()).as(restored.out() + restored.err()).isZero();
        assertThat(restored.out()).contains("verifies, as indexed", "its record had been marked as no longer verified;"
                + " the mark is cleared");
        assertThat(Cli.run("memory", "list", "--store", store).out()).doesNotContain("NOT VERIFIED");
        assertThat(Cli.run("memory", "show", "--store", store, idOf(added.out())).out()).doesNotContain("the mark is cleared");
        Files.writeString(goodTrace, changed);
        Cli readOnly = Cli.run("memory", "show", "--store", "jdbc:h2:file:" + store + "/memory;ACCESS_MODE_DATA=r",
                idOf(added.out()));
        assertThat(readOnly.out()).as(readOnly.err()).contains("NOT VERIFIED", "not kept in the store: it can only be"
                + " read");
        Cli rebuilt = Cli.run("memory", "rebuild", "--store", store);
        assertThat(rebuilt.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(rebuilt.out()).contains("0 campaigns re-indexed", "1 no longer verified",
                "'sciloop memory remove CAMPAIGN' takes one out");
        expect(ExitCode.BAD_INPUT, "no campaign 'zzzz' in the embedded store", "memory", "remove", "--store", store,
                idOf(added.out()), "zzzz");
        Cli removed = Cli.run("memory", "remove", "--store", store, idOf(added.out()));
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(removed.out()).contains("removed " + idOf(added.out()) + " (branin, 3 experiments); its trace "
                + goodTrace + " is not touched", "holds 0 campaigns");
        assertThat(goodTrace).exists();
        assertThat(Cli.run("memory", "rebuild", "--store", store).exit()).isZero();
    }

    @Test
    void a_trace_cut_short_does_not_replace_the_longer_record_it_came_from_unless_asked() throws IOException {
        String store = dir.resolve("store").toString();
        Path full = dir.resolve("full");
        assertThat(Cli.run("run", "branin", "--budget", "4", "--out", full.toString()).exit()).isZero();
        Cli added = Cli.run("memory", "add", "--store", store, full.toString());
        assertThat(added.out()).contains("(branin, 4 experiments", "1 campaign indexed;", "holds 1");
        Path cut = Files.createDirectories(dir.resolve("cut")).resolve("trace.jsonl");
        java.util.List<String> lines = Files.readAllLines(full.resolve("trace.jsonl"));
        Files.write(cut, lines.subList(0, lines.size() - 3));

        expect(ExitCode.BAD_INPUT, "does not extend that one (it has " + (lines.size() - 3) + " lines, the record "
                + lines.size() + ")", "memory", "add", "--store", store, cut.toString());
        Cli shown = Cli.run("memory", "show", "--store", store, idOf(added.out()), "--limit", "1");
        assertThat(shown.out()).as("the record kept").contains("(" + lines.size() + " lines)", "observations (4)",
                "exp-1", "... and 3 more (--limit shows more").doesNotContain("exp-2");
        Cli replaced = Cli.run("memory", "add", "--replace", "--store", store, cut.toString());
        assertThat(replaced.exit()).as(replaced.err()).isZero();
        assertThat(replaced.out()).contains("updated");
        assertThat(Cli.run("memory", "add", "--store", store, full.toString()).out())
                .as("the full trace extends the cut one").contains("updated", "(branin, 4 experiments");
    }

    @Test
    void rebuild_makes_an_embedded_store_again_in_a_new_file_that_gives_back_what_re_indexing_took()
            throws IOException {
        Path store = dir.resolve("store");
        Path run = dir.resolve("run");
        assertThat(Cli.run("run", "branin", "--budget", "200", "--out", run.toString()).exit()).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(Cli.run("memory", "add", "--store", store.toString(), run.toString()).exit()).isZero();
        }
        Cli asked = Cli.run("memory", "recall", "which", "sobol", "point", "came", "first", "--store", store.toString());
        assertThat(asked.err()).as(asked.out()).contains("embedding ");
        long before = Files.size(store.resolve("memory.mv.db"));
        Cli rebuilt = Cli.run("memory", "rebuild", "--store", store.toString());
        assertThat(rebuilt.exit()).as(rebuilt.err()).isZero();
        assertThat(rebuilt.out()).contains("1 campaign re-indexed from its trace, 0 no longer verified");
        assertThat(Files.size(store.resolve("memory.mv.db"))).isLessThan(before);
        assertThat(store.resolve("rebuilding")).doesNotExist();
        assertThat(Cli.run("memory", "list", "--store", store.toString()).out()).contains("branin", "200",
                "1 campaign in");
        Cli again = Cli.run("memory", "recall", "which", "sobol", "point", "came", "first", "--store", store.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.err()).as("the embeddings came along").doesNotContain("embedding ");
        assertThat(again.out()).isEqualTo(asked.out());
    }

    @Test
    void rebuild_makes_a_store_whose_file_is_damaged_again_from_the_traces_it_had_indexed() throws IOException {
        Path store = dir.resolve("store");
        Path kept = dir.resolve("kept");
        Path gone = dir.resolve("gone");
        List<String> ids = new ArrayList<>();
        for (Path run : List.of(kept, gone)) {
            assertThat(Cli.run("run", "branin", "--budget", "5", "--out", run.toString()).exit()).isZero();
            Cli added = Cli.run("memory", "add", "--store", store.toString(), run.toString());
            assertThat(added.exit()).isZero();
            ids.add(added.out().strip().split("\\s+")[1]);  // "added   ID (branin, ...)"
        }
        Path file = store.resolve("memory.mv.db");
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 4096; i < bytes.length; i += 7) {
            bytes[i] ^= 0x5a;
        }
        Files.write(file, bytes);
        Cli listed = Cli.run("memory", "list", "--store", store.toString());
        assertThat(listed.exit()).isNotZero();
        assertThat(listed.err()).contains("is damaged", "'sciloop memory rebuild --store " + store.toAbsolutePath()
                + "' makes it again from the traces listed in").doesNotContain("Exception");
        try (var files = Files.walk(gone)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }

        Cli rebuilt = Cli.run("memory", "rebuild", "--store", store.toString());
        assertThat(rebuilt.exit()).as("a campaign left out").isEqualTo(1);
        assertThat(rebuilt.out()).contains("the store's file was damaged: it is kept as " + store.toAbsolutePath()
                + "/memory.mv.db.damaged-", "LEFT OUT " + ids.get(1) + ": its trace missing",
                "1 campaign re-indexed from its trace");
        Cli after = Cli.run("memory", "list", "--store", store.toString());
        assertThat(after.exit()).as(after.err()).isZero();
        assertThat(after.out()).contains(ids.get(0).substring(0, 8), "1 campaign in")
                .doesNotContain(ids.get(1).substring(0, 8));
    }

    /**
     * Processes that add to and read one embedded store at once all finish, none failing: one waits while another has
     * the store open. With H2's automatic server in their place, measured: of 12 adds beside 12 lists, 9 failed with
     * "Connection refused" and one list never ended.
     */
    @Test
    void processes_that_add_and_list_at_once_all_finish_and_one_waits_saying_what_holds_the_store() throws Exception {
        Path store = dir.resolve("store");
        List<Path> runs = List.of(dir.resolve("r1"), dir.resolve("r2"));
        for (int i = 0; i < runs.size(); i++) {
            Cli ran = Cli.run("run", "branin", "--budget", "6", "--seed", "" + (i + 1), "--out", runs.get(i).toString());
            assertThat(ran.exit()).as(ran.err()).isZero();
        }
        assertThat(Cli.run("memory", "add", "--store", store.toString(), runs.get(0).toString()).exit()).isZero();

        // Two people at two shells: one adds the runs again and again, the other lists as often.
        List<String> add = List.of("memory", "add", "--replace", "--store", store.toString(), runs.get(0).toString(),
                runs.get(1).toString());
        List<String> list = List.of("memory", "list", "--store", store.toString());
        ExecutorService shells = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> ended = new ArrayList<>();
            for (List<String> command : List.of(add, list)) {
                ended.add(shells.submit(() -> {
                    for (int i = 0; i < 6; i++) {
                        Path log = dir.resolve(command.get(1) + i + ".log");
                        Process p = sciloop(log, command);
                        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("ended: " + log).isTrue();
                        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
                        assertThat(Files.readString(log)).containsPattern(command == add
                                ? "2 campaigns indexed; the embedded store in .* holds 2"
                                : "[12] campaigns? in the embedded store");
                    }
                    return null;
                }));
            }
            for (Future<?> f : ended) {
                f.get();
            }
        } finally {
            shells.shutdownNow();
        }

        // Another process holds the store: a command waits, says who, and goes on once it is let go.
        Path log = dir.resolve("waits.log");
        Process waiting;
        try (FileChannel channel = FileChannel.open(store.resolve("open.lock"), StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            channel.truncate(0).write(ByteBuffer.wrap("pid 1, a long rebuild".getBytes(StandardCharsets.UTF_8)));
            waiting = sciloop(log, List.of("memory", "list", "--store", store.toString()));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("waiting") && System.nanoTime() < until && waiting.isAlive()) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(log)).contains("sciloop: waiting for the campaign store in " + store
                    + ": another process has it open (pid 1, a long rebuild)").doesNotContain("campaigns in");
        }
        assertThat(waiting.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(waiting.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("2 campaigns in the embedded store");

        // One that opens the file without the hold (a jdbc: URL) cannot be waited for: said in words, not H2's.
        try (java.sql.Connection bypass = java.sql.DriverManager.getConnection("jdbc:h2:file:" + store.resolve("memory"))) {
            Process refused = sciloop(log, List.of("memory", "list", "--store", store.toString()));
            assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.exitValue()).isEqualTo(ExitCode.FAILED);
            assertThat(Files.readString(log)).contains("is open in another process that does not hold its folder")
                    .doesNotContain("server mode");
        }
    }

    /**
     * A {@code memory add} killed while it writes leaves the store open, and H2 can then read it only by writing to
     * it (recovering it). Found by a tester: 2 of 4 adds of a 25,000-experiment trace killed while they wrote left
     * a store that every command, rebuild included, called damaged. The next process to hold the store knows (the
     * killed one's line is left in open.lock) and lets H2 recover it, keeping a copy of the file meanwhile.
     */
    @Test
    void a_store_left_open_by_an_add_killed_while_it_wrote_is_recovered_and_made_again_by_the_next_command()
            throws Exception {
        Path store = dir.resolve("store");
        Path run = dir.resolve("big");
        assertThat(Cli.run("run", "branin", "--budget", "3000", "--out", run.toString()).exit()).isZero();
        assertThat(Cli.run("memory", "add", "--store", store.toString(), run.toString()).exit()).isZero();
        String readOnly = "jdbc:h2:file:" + store.resolve("memory") + ";ACCESS_MODE_DATA=r";
        // Where a kill lands varies with the machine: the add is timed whole first, then killed at points through
        // the time it holds the store, until one leaves the store as the tester found it.
        long holds = 0;
        boolean leftUnreadable = false;
        double[] at = {-1, 0.5, 0.7, 0.85, 0.6, 0.8, 0.75, 0.65};
        for (int attempt = 0; attempt < at.length && !leftUnreadable; attempt++) {
            Path log = dir.resolve("add" + attempt + ".log");
            Process add = sciloop(log, List.of("memory", "add", "--replace", "--store", store.toString(),
                    run.toString()));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(store.resolve("open.lock")).startsWith("pid " + add.pid())
                    && System.nanoTime() < until && add.isAlive()) {
                Thread.sleep(5);
            }
            long held = System.nanoTime();
            assertThat(Files.readString(store.resolve("open.lock"))).as("what one that waits is told").contains(
                    "sciloop memory add --replace --store " + store + " " + run + ", since ");
            if (at[attempt] < 0) {
                assertThat(add.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(add.exitValue()).as(Files.readString(log)).isZero();
                holds = System.nanoTime() - held;
                continue;
            }
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis((long) (holds * at[attempt])));
            // Killed, or stopped by SIGTERM: either way the store is left as it was when the process ended (H2's
            // exit hook had closed it under the add, which then let go as if all were well).
            if (attempt % 2 == 0) {
                add.destroy();
            } else {
                add.destroyForcibly();
            }
            add.waitFor();
            // The add holds the store only to write to it, so it said it writes before it was stopped.
            assertThat(Files.readString(store.resolve("open.lock"))).contains("\nwriting since ");
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(readOnly)) {
                assertThat(c.isValid(1)).isTrue();
            } catch (java.sql.SQLException e) {
                leftUnreadable = true;  // "This store is read-only": H2 must write to open it
            }
            // Rows that H2 can keep locked after a kill late in a write (a tester: 3 of 10) only a rebuild frees,
            // so the next command makes the store again first.
            String listed = inProcessOfItsOwn(dir.resolve("list" + attempt + ".log"), "memory", "list", "--store",
                    store.toString());
            assertThat(listed).contains("left open by a process that ended as it wrote to it",
                    "pid " + add.pid() + ", sciloop memory add", "made again in",
                    "1 campaign re-indexed from its trace, 0 kept", "1 campaign in the embedded store");
            Cli shown = Cli.run("memory", "show", "--store", store.toString(), run.toString(), "--limit", "1");
            assertThat(shown.exit()).as(shown.err()).isZero();
            assertThat(shown.err()).as("made again once").doesNotContain("made again");
            assertThat(shown.out()).contains("verifies, as indexed", "observations (3000)");
        }
        assertThat(leftUnreadable).as("a kill left the store as the tester found it").isTrue();
        assertThat(store.resolve("memory.mv.db.before-recovery")).doesNotExist();
        assertThat(store.resolve("rebuilding")).doesNotExist();
    }

    @Test
    void a_store_left_open_by_a_killed_process_is_made_again_when_it_had_begun_to_write() throws Exception {
        Path store = dir.resolve("store");
        Path kept = dir.resolve("kept");
        Path gone = dir.resolve("gone");
        for (Path run : List.of(kept, gone)) {
            assertThat(Cli.run("run", "branin", "--budget", "5", "--out", run.toString()).exit()).isZero();
            assertThat(Cli.run("memory", "add", "--store", store.toString(), run.toString()).exit()).isZero();
        }
        // pid 1 is alive: a line left in open.lock names a holder that ended all the same (pids are reused).
        String killed = "pid 1, sciloop memory add x, since 2026-12-06T20:00:00Z\n";
        // Killed as it read: nothing to mend.
        Files.writeString(store.resolve("open.lock"), killed);
        String listed = inProcessOfItsOwn(dir.resolve("list1.log"), "memory", "list", "--store", store.toString());
        assertThat(listed).doesNotContain("made again").contains("2 campaigns in the embedded store");

        // Killed as it wrote, after one run's folder was deleted: its record is kept, marked.
        try (var files = Files.walk(gone)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.writeString(store.resolve("open.lock"), killed + "writing since 2026-12-06T20:00:01Z\n");
        listed = inProcessOfItsOwn(dir.resolve("list2.log"), "memory", "list", "--store", store.toString());
        assertThat(listed).contains("(" + killed.strip() + "; writing since 2026-12-06T20:00:01Z), which can"
                + " leave rows locked; it is made again from the traces first", "1 campaign re-indexed from its"
                + " trace, 1 kept but no longer verified", "2 campaigns in the embedded store", "NOT VERIFIED");
        assertThat(Files.readString(store.resolve("open.lock"))).as("let go of as it closed").isEmpty();
    }

    /** What sciloop said, run with {@code args} in a process of its own (what the store says of it goes to stderr). */
    private static String inProcessOfItsOwn(Path log, String... args) throws Exception {
        Process p = sciloop(log, List.of(args));
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", args)).isTrue();
        String said = Files.readString(log);
        assertThat(p.exitValue()).as(said).isZero();
        return said;
    }

    private static Process sciloop(Path log, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), SciloopCommand.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void a_deterministic_simulation_run_again_is_answered_from_memory_and_ends_the_same() throws IOException {
        // A seed no earlier run of the tests' store used, so the first run finds nothing on record.
        String seed = Long.toString(System.nanoTime() & 0xFFFFFFFL);
        Path first = dir.resolve("first");
        Path again = dir.resolve("again");
        Cli ran = Cli.run("run", "kinetics-local", "--seed", seed, "--budget", "8", "--out", first.toString());
        assertThat(ran.exit()).as(ran.err()).isZero();
        assertThat(ran.out()).doesNotContain("memoised");
        Cli rerun = Cli.run("run", "kinetics-local", "--seed", seed, "--budget", "8", "--out", again.toString());
        assertThat(rerun.exit()).as(rerun.err()).isZero();
        assertThat(rerun.out()).contains("memoised     8 experiments answered from earlier campaigns' records");
        assertThat(Files.readString(again.resolve("summary.json")).replace("again", "first"))
                .isEqualTo(Files.readString(first.resolve("summary.json")));
        String trace = Files.readString(again.resolve("trace.jsonl"));
        assertThat(trace.lines().filter(l -> l.contains("\"answeredFrom\":{\"campaign\":\"")))
                .hasSize(8).allMatch(l -> l.contains("\"actor\":\"engine\""));
        assertThat(trace).doesNotContain("\"actor\":\"tool:process\"");

        Cli replayed = Cli.run("replay", again.toString());
        assertThat(replayed.exit()).as(replayed.err()).isZero();
        assertThat(replayed.out()).contains("identical");
    }

    /**
     * The code is part of what a deterministic simulation's answers depend on: a script edited in place gets run
     * again, not answered by its older self (a tester's second run reused the first version's results).
     */
    @Test
    void a_deterministic_code_edited_in_place_is_run_again() throws IOException {
        Path script = Files.writeString(dir.resolve("sim.sh"), "echo \"{\\\"y\\\": $1}\" > out.json\n");
        Path scenario = Files.writeString(dir.resolve("edited-code.yaml"), """
                name: edited-code-%s
                objective: {name: y, goal: maximize}
                space: {x: {type: continuous, low: 0, high: 1}}
                experiment:
                  tool: process
                  with:
                    command: [sh, %s, "${x}"]
                    output: {json: out.json}
                    workdir: %s
                    deterministic: true
                planner: {name: random}
                budget: {experiments: 3}
                """.formatted(System.nanoTime(), script, dir.resolve("work")));
        Cli first = Cli.run("run", scenario.toString(), "--out", dir.resolve("first").toString());
        assertThat(first.exit()).as(first.err()).isZero();
        Cli same = Cli.run("run", scenario.toString(), "--out", dir.resolve("same").toString());
        assertThat(same.out()).contains("memoised     3 experiments answered");

        Files.writeString(script, "echo \"{\\\"y\\\": 7}\" > out.json\n");
        Cli edited = Cli.run("run", scenario.toString(), "--out", dir.resolve("edited").toString());
        assertThat(edited.exit()).as(edited.err()).isZero();
        assertThat(edited.out()).doesNotContain("memoised");
        assertThat(Files.readString(dir.resolve("edited").resolve("trace.jsonl")).lines()
                .filter(l -> l.contains("\"type\":\"ObservationRecorded\""))).hasSize(3)
                .allMatch(l -> l.contains("\"outcomes\":{\"y\":7.0}"), "each the edited code's answer");
    }

    @Test
    void a_scenario_can_have_its_tool_called_every_time() throws IOException {
        Path scenario = Files.writeString(dir.resolve("fresh.yaml"), """
                name: always-fresh
                objective: {name: value, goal: minimize}
                experiment: {tool: benchmark-function, with: {function: branin}}
                planner: {name: random}
                budget: {experiments: 3}
                memory: {memoise: false}
                """);
        for (String run : new String[] {"one", "two"}) {
            Cli campaign = Cli.run("run", scenario.toString(), "--out", dir.resolve(run).toString());
            assertThat(campaign.exit()).as(campaign.err()).isZero();
            assertThat(campaign.out()).doesNotContain("memoised");
        }
        assertThat(Files.readString(dir.resolve("two").resolve("trace.jsonl"))).doesNotContain("answeredFrom")
                .contains("\"actor\":\"tool:benchmark-function\"");

        Files.writeString(scenario, Files.readString(scenario).replace("memoise: false", "memoise: sometimes"));
        Cli refused = Cli.run("run", scenario.toString(), "--out", dir.resolve("refused").toString());
        assertThat(refused.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.err()).contains("fresh.yaml:6").doesNotContain("Exception");
    }

    @Test
    void a_campaign_learns_from_earlier_ones_of_the_store_and_its_trace_keeps_what_it_learned_from() throws IOException {
        String series = "series-" + System.nanoTime();  // the tests' store keeps earlier test runs' campaigns
        Path first = Files.writeString(dir.resolve("first.yaml"), """
                name: %s
                objective: {name: value, goal: minimize}
                experiment: {tool: benchmark-function, with: {function: branin}}
                planner: {name: random}
                budget: {experiments: 6}
                """.formatted(series));
        assertThat(Cli.run("run", first.toString(), "--out", dir.resolve("a").toString()).exit()).isZero();
        assertThat(Cli.run("run", first.toString(), "--seed", "2", "--out", dir.resolve("b").toString()).exit())
                .isZero();
        Path next = Files.writeString(dir.resolve("next.yaml"), """
                name: next-%s
                objective: {name: value, goal: minimize}
                experiment: {tool: benchmark-function, with: {function: branin}}
                planner: {name: bo}
                budget: {experiments: 6, batch: 3}
                memory:
                  learn-from: {scenarios: [%s]}
                """.formatted(series, series));
        Path run = dir.resolve("next");
        Cli learning = Cli.run("run", next.toString(), "--out", run.toString());
        assertThat(learning.exit()).as(learning.err()).isZero();
        assertThat(learning.out()).contains("learns from: 12 observations of 2 earlier campaigns (" + series + " x2)");
        String trace = Files.readString(run.resolve("trace.jsonl"));
        assertThat(trace.lines().filter(l -> l.contains("\"type\":\"HistoryRecalled\""))).hasSize(2);
        assertThat(trace).contains("learning from 12 observations of 2 earlier campaigns");

        Cli replayed = Cli.run("replay", run.toString());
        assertThat(replayed.exit()).as(replayed.err()).isZero();
        assertThat(replayed.out()).contains("identical");

        Path unknown = Files.writeString(dir.resolve("unknown.yaml"), Files.readString(next)
                .replace("scenarios: [" + series + "]", "campaigns: [no-such-campaign]"));
        Cli refused = Cli.run("run", unknown.toString(), "--out", dir.resolve("refused").toString());
        assertThat(refused.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.err()).as("at its file and line").containsPattern(java.util.regex.Pattern.quote(
                unknown.toString()) + ":\\d+: memory\\.learn-from\\.campaigns: no campaign 'no-such-campaign'")
                .doesNotContain("Exception");
        assertThat(dir.resolve("refused")).as("nothing made before the mistake was found").doesNotExist();
    }

    @Test
    void a_mistake_gets_a_message_a_person_can_act_on() {
        String store = dir.resolve("store").toString();
        assertThat(Cli.run("run", "branin", "--budget", "2", "--out", dir.resolve("r").toString()).exit()).isZero();
        assertThat(Cli.run("memory", "add", "--store", store, dir.resolve("r").toString()).exit()).isZero();

        expect(ExitCode.BAD_INPUT, "'temperature ~ 3' is not a condition: write NAME OP VALUE",
                "memory", "search", "--store", store, "--where", "temperature ~ 3");
        expect(ExitCode.BAD_INPUT, "'ligand > XPhos': 'XPhos' is not a number, and a level is compared only with ="
                + " or !=", "memory", "search", "--store", store, "--where", "ligand > XPhos");
        expect(ExitCode.BAD_INPUT, "has a setting or an outcome called 'X1' (names are matched exactly",
                "memory", "search", "--store", store, "--where", "X1 > 3");
        expect(ExitCode.BAD_INPUT, "'x1 => 3': '=>' is not an operator", "memory", "search", "--store", store,
                "--where", "x1 => 3");
        expect(ExitCode.BAD_INPUT, "'x1 <> 3': '<>' is not an operator", "memory", "search", "--store", store,
                "--where", "x1 <> 3");
        expect(ExitCode.BAD_INPUT, "'x1 = hot': 'x1' is a number in every observation, and 'hot' is not a number",
                "memory", "search", "--store", store, "--where", "x1 = hot");
        expect(ExitCode.BAD_INPUT, "1e999 is beyond what a number here can be", "memory", "search", "--store", store,
                "--where", "x1 > 1e999");
        expect(ExitCode.BAD_INPUT, "--since 2026-02-30: not a date", "memory", "list", "--store", store,
                "--since", "2026-02-30");
        expect(ExitCode.BAD_INPUT, "--since 2026-02-01 is not before --until 2026-01-01", "memory", "list",
                "--store", store, "--since", "2026-02-01", "--until", "2026-01-01");
        expect(ExitCode.BAD_INPUT, "--parameter: give a parameter's name", "memory", "list", "--store", store,
                "--parameter", "");
        expect(ExitCode.BAD_INPUT, "give a campaign id", "memory", "show", "--store", store, "");
        Cli inside = expect(ExitCode.BAD_INPUT, dir + " holds no trace.jsonl; 1 of its folders do (r): 'sciloop memory"
                + " add " + dir.resolve("*") + "' adds them", "memory", "add", "--store", store, dir.toString());
        assertThat(inside.err()).contains("nothing was added");
        Cli graph = expect(ExitCode.BAD_INPUT, "--graphml " + dir.resolve("no/g.graphml") + ": no folder "
                + dir.resolve("no") + " to write it in", "memory", "hypotheses", "--store", store, "--graphml",
                dir.resolve("no/g.graphml").toString());
        assertThat(graph.out()).as("said before anything is printed").isEmpty();
        expect(ExitCode.BAD_INPUT, "no campaign 'abc' in the embedded store in " + store + " (a part of an id needs"
                + " at least 4 characters)", "memory", "show", "--store", store, "abc");
        expect(ExitCode.BAD_INPUT, "port 99999 in 'postgres://ana:***@localhost:99999/db' is beyond 65535", "memory",
                "list", "--store", "postgres://ana:secret@localhost:99999/db");
        expect(ExitCode.BAD_INPUT, "no campaign 'nosuch' in the embedded store", "memory", "show", "--store", store,
                "nosuch");
        expect(ExitCode.BAD_INPUT, "--store ftp://lab/db: not a store", "memory", "list", "--store", "ftp://lab/db");
        Cli down = expect(ExitCode.FAILED, "cannot open the campaign store (PostgreSQL at 127.0.0.1:1/memory)",
                "memory", "list", "--store", "postgres://ana:secret@127.0.0.1:1/memory");
        assertThat(down.err()).doesNotContain("secret");
        expect(ExitCode.BAD_INPUT, "no run folder or trace at " + dir.resolve("none"), "memory", "add",
                "--store", store, dir.resolve("none").toString());
        Cli typo = expect(ExitCode.BAD_INPUT, "--store postgres:/ana:***@localhost:1/memory: write"
                + " postgres://user:password@host:port/database", "memory", "list", "--store",
                "postgres:/ana:secret@localhost:1/memory");
        assertThat(typo.err()).doesNotContain("secret");
        expect(ExitCode.BAD_INPUT, "--store: no campaign store in " + dir.resolve("nothing-here"), "memory",
                "rebuild", "--store", dir.resolve("nothing-here").toString());
    }

    private static Cli expect(int exit, String message, String... args) {
        Cli cli = Cli.run(args);
        assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(exit);
        assertThat(cli.err()).contains(message).doesNotContain("\tat ").doesNotContain("internal error");
        return cli;
    }

    private static String idOf(String addOutput) {
        return addOutput.lines().filter(l -> l.startsWith("added")).findFirst().orElseThrow().split("\\s+")[1];
    }
}
