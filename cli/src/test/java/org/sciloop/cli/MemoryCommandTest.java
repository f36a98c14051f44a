package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(Cli.run("memory", "list", "--store", store).out()).startsWith("no campaign in the embedded store");

        Cli added = Cli.run("memory", "add", "--store", store, good.toString());
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("added", "(branin, 3 experiments, 0 hypotheses)");
        assertThat(Cli.run("memory", "add", "--store", store, good.toString()).out()).contains("updated");

        Path goodTrace = good.resolve("trace.jsonl");
        Files.writeString(goodTrace, Files.readString(goodTrace).replaceFirst("\"status\":\"OK\"",
                "\"status\":\"FAILED\""));
        Cli shown = Cli.run("memory", "show", "--store", store, idOf(added.out()));
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("NOT VERIFIED: no longer verifies", "no longer vouched for");
        assertThat(Cli.run("memory", "list", "--store", store).out()).contains("NOT VERIFIED (no longer verifies");
        Cli rebuilt = Cli.run("memory", "rebuild", "--store", store);
        assertThat(rebuilt.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(rebuilt.out()).contains("0 campaigns re-indexed", "1 no longer verified");
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
        expect(ExitCode.BAD_INPUT, "--since 2026-02-30: not a date", "memory", "list", "--store", store,
                "--since", "2026-02-30");
        expect(ExitCode.BAD_INPUT, "no campaign 'nosuch' in the embedded store", "memory", "show", "--store", store,
                "nosuch");
        expect(ExitCode.BAD_INPUT, "--store ftp://lab/db: not a store", "memory", "list", "--store", "ftp://lab/db");
        Cli down = expect(ExitCode.FAILED, "cannot open the campaign store (PostgreSQL at 127.0.0.1:1/memory)",
                "memory", "list", "--store", "postgres://ana:secret@127.0.0.1:1/memory");
        assertThat(down.err()).doesNotContain("secret");
        expect(ExitCode.BAD_INPUT, "no run folder or trace at " + dir.resolve("none"), "memory", "add",
                "--store", store, dir.resolve("none").toString());
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
