package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.tool.GroundTruth;
import org.sciloop.core.tool.KnownResponse;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;

/**
 * Campaigns run by hand: the planner proposes, people run the experiments and tell the results
 * ({@code run --manual}, {@code tell}, {@code status}).
 */
class ManualCampaignTest {
    @BeforeAll
    static void people() {
        Cli.keysFor("alice", "bob", "chemist", "pexp-2", "pexp-3");
    }

    @TempDir
    Path dir;

    /** Every measured row of the arylation table: what a chemist running the proposals would find. */
    private static Map<Settings, Double> arylationTable() {
        Scenario scenario = Scenario.read(ScenarioCatalog.locate("arylation"));
        try (Campaign campaign = Campaign.assemble(scenario, 1, Registry.tools(), Registry.planners())) {
            KnownResponse known = GroundTruth.knownResponse(campaign.tool(), "yield").orElseThrow();
            Map<Settings, Double> table = new HashMap<>();
            for (int i = 0; i < known.points().size(); i++) {
                table.put(known.points().get(i), known.values()[i]);
            }
            return table;
        }
    }

    @Test
    void told_batch_by_batch_from_the_table_a_campaign_proposes_what_the_automated_loop_proposes() throws IOException {
        Map<Settings, Double> table = arylationTable();
        for (int seed = 1; seed <= 10; seed++) {
            Path automated = dir.resolve("auto-" + seed);
            assertThat(Cli.run("run", "arylation", "--planner", "bo", "--budget", "15", "--batch", "5", "--seed",
                    String.valueOf(seed), "--out", automated.toString()).exit()).isZero();
            Path byHand = dir.resolve("hand-" + seed);
            Cli started = Cli.run("run", "arylation", "--manual", "--planner", "bo", "--budget", "15", "--batch", "5",
                    "--seed", String.valueOf(seed), "--out", byHand.toString());
            assertThat(started.exit()).as(started.err()).isZero();
            for (int round = 0; round < 3; round++) {
                Path results = fill(byHand.resolve(ManualResults.PENDING), table, dir.resolve("told-" + seed + "-" + round));
                Cli told = Cli.run("tell", byHand.toString(), results.toString(), "--as", "chemist");
                assertThat(told.exit()).as(told.err()).isZero();
            }
            assertThat(proposals(byHand)).as("seed " + seed).isEqualTo(proposals(automated)).hasSize(3);
            List<Observation> observations = observations(byHand);
            assertThat(observations).hasSize(15).allSatisfy(o -> assertThat(o.tool()).isEqualTo("person:chemist"));
            assertThat(TraceReader.readIntact(byHand.resolve("trace.jsonl")).get(
                    TraceReader.readIntact(byHand.resolve("trace.jsonl")).size() - 2).event())
                    .isInstanceOf(TraceEvent.CampaignFinished.class);
            assertThat(Cli.run("verify", byHand.toString()).exit()).isZero();
        }
    }

    @Test
    void a_campaign_whose_tool_runs_a_program_is_run_by_hand_with_its_objective_to_tell() throws Exception {
        Path run = dir.resolve("by-hand-kinetics");
        Cli started = Cli.run("run", "kinetics-local", "--manual", "--budget", "2", "--batch", "1", "--out",
                run.toString());
        assertThat(started.exit()).as(started.err()).isZero();
        List<String> pending = Files.readAllLines(run.resolve("pending.csv"));
        assertThat(pending.get(0)).as("the program declares no outputs: the objective is what people measure")
                .contains(",yield_pct,");
        Files.writeString(dir.resolve("kinetics.csv"), pending.get(0) + "\n"
                + pending.get(1).replaceFirst(",,,", ",55.5,,") + "\n");
        Cli told = Cli.run("tell", run.toString(), dir.resolve("kinetics.csv").toString());
        assertThat(told.exit()).as(told.err()).isZero();
        assertThat(Files.readString(run.resolve("trace.jsonl"))).contains("\"yield_pct\":55.5");
    }

    @Test
    void partial_failed_other_settings_and_historical_results_are_each_recorded_as_such() throws IOException {
        Path run = startArylation("mixed");
        List<List<String>> pending = csv(run.resolve(ManualResults.PENDING));
        List<String> header = pending.get(0);
        int temp = header.indexOf("Temp_C");
        int yield = header.indexOf("yield");
        int failed = header.indexOf("failed");
        List<String> first = new ArrayList<>(pending.get(1));
        first.set(yield, "41.5");
        first.set(temp, first.get(temp).equals("90") ? "105" : "90");  // the chemist could not hit the proposal
        List<String> second = new ArrayList<>(pending.get(2));
        second.set(failed, "the catalyst had decomposed");
        List<String> historical = new ArrayList<>(pending.get(3));
        historical.set(0, "");
        historical.set(yield, "12");
        Path told = write("told.csv", header, first, second, historical);

        Cli tell = Cli.run("tell", run.toString(), told.toString(), "--as", "alice");

        assertThat(tell.exit()).as(tell.err()).isZero();
        List<Observation> observations = observations(run);
        assertThat(observations).extracting(Observation::experimentId).containsExactly("exp-1", "exp-2", "exp-4");
        assertThat(observations.get(0).detail()).contains("other settings than proposed: Temp_C");
        assertThat(observations.get(0).outcome("yield")).hasValue(41.5);
        assertThat(observations.get(1).status()).isEqualTo(Observation.Status.FAILED);
        assertThat(observations.get(1).detail()).contains("the catalyst had decomposed");
        assertThat(observations.get(2).detail()).startsWith("historical");
        assertThat(tell.out()).as("exp-3 still waits: no new batch yet").contains("1 experiment to run by hand");
        assertThat(csv(run.resolve(ManualResults.PENDING))).hasSize(2).extracting(r -> r.get(0)).contains("exp-3");

        Cli status = Cli.run("status", run.toString());
        assertThat(status.out()).contains("pending (1)", "exp-3", "told (3)", "by alice", "best yield so far: 41.5 in exp-1");
        // Killed or not, a resume finds the same pending experiment and hands nothing new out.
        Cli resumed = Cli.run("resume", run.toString());
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(csv(run.resolve(ManualResults.PENDING))).hasSize(2).extracting(r -> r.get(0)).contains("exp-3");
        Cli wrong = Cli.run("tell", run.toString(), "--id", "exp-3", "--value", "yield=77%", "--as", "bob");
        assertThat(wrong.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(wrong.err()).contains("--value yield=77%: '77%' is not a finite number");
        Cli unknown = Cli.run("tell", run.toString(), "--id", "exp-3", "--value", "colour=red", "--as", "bob");
        assertThat(unknown.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknown.err()).contains("--value colour: column 'colour' is neither id").doesNotContain(":1:");
        Cli one = Cli.run("tell", run.toString(), "--id", "exp-3", "--value", "yield=77", "--as", "bob");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.out()).contains("experiments to run by hand");
        assertThat(observations(run)).last().satisfies(o -> assertThat(o.tool()).isEqualTo("person:bob"));
        assertThat(Cli.run("replay", run.toString()).exit()).isZero();
    }

    static Stream<Arguments> malformed() {
        String h = "id,Base_SMILES,Ligand_SMILES,Solvent_SMILES,Concentration,Temp_C,yield,failed";
        return Stream.of(
                Arguments.of("unknown id", h + "\nexp-99,,,,,,50,\n", ":2:1: id: no experiment 'exp-99' waits"),
                Arguments.of("a look-alike letter in the id", h + "\n\u0435xp-1,,,,,,50,\n", ":2:1: id: no experiment"
                        + " '\u0435xp-1' waits for a result (its character 1 is U+0435 CYRILLIC SMALL LETTER IE, not"
                        + " ASCII, though it may look like it); pending: exp-1"),
                Arguments.of("a no-break space in a number", h + "\nexp-1,,,,,,50\u00a05,\n", ":2:7: yield: '50\u00a05'"
                        + " is not a finite number (its character 3 is U+00A0 NO-BREAK SPACE"),
                Arguments.of("duplicate id", h + "\nexp-1,,,,,,50,\nexp-1,,,,,,51,\n", ":3:1: id: 'exp-1' is told twice"),
                Arguments.of("not a number", h + "\nexp-1,,,,,,fifty,\n", ":2:7: yield: 'fifty' is not a finite number"),
                Arguments.of("outside the objective's range", h + "\nexp-1,,,,,,150,\n", ":2:7: yield: 150 is outside"
                        + " yield's range [0, 100] (the scenario's objective 'range'): a result on record is never"
                        + " replaced, so a typo is refused"),
                Arguments.of("far outside it", h + "\nexp-1,,,,,,1e308,\n", ":2:7: yield: 1.000e+308 is outside"),
                Arguments.of("just outside it", h + "\nexp-1,,,,,,100.0000001,\n", ":2:7: yield: 100.0000001 is"
                        + " outside"),
                Arguments.of("infinite", h + "\nexp-1,,,,,,Infinity,\n", ":2:7: yield: 'Infinity' is not a finite"),
                Arguments.of("NaN", h + "\nexp-1,,,,,,NaN,\n", ":2:7: yield: 'NaN' is not a finite number"),
                Arguments.of("temperature off the grid", h + "\nexp-1,,,,,97,50,\n", ":2:6: Temp_C:"),
                Arguments.of("temperature not a number", h + "\nexp-1,,,,,hot,50,\n", ":2:6: Temp_C:"),
                Arguments.of("unknown level", h + "\nexp-1,NaOH,,,,,50,\n", ":2:2: Base_SMILES:"),
                Arguments.of("concentration off the grid", h + "\nexp-1,,,,5,,50,\n", ":2:5: Concentration:"),
                Arguments.of("historical without settings", h + "\n,,,,,,50,\n", ":2:2: Base_SMILES: a historical"),
                Arguments.of("unknown column", "id,yield,colour\nexp-1,50,red\n", ":1:3: column 'colour'"),
                Arguments.of("no id column", "yield\n50\n", ":1: no 'id' column"),
                Arguments.of("header only", h + "\n", "no results in it"),
                Arguments.of("empty file", "", "the file is empty"),
                Arguments.of("ragged row", h + "\nexp-1,50\n", ":2:9: the row has 2 fields, the header has 8"),
                Arguments.of("unclosed quote", h + "\n\"exp-1,,,,,,50,\n", ":2:1: a quote opens here and never closes"),
                Arguments.of("Java's number syntax", h + "\nexp-1,,,,,,50D,\n", ":2:7: yield: '50D' is not a finite"
                        + " number"),
                Arguments.of("semicolons", h.replace(',', ';') + "\nexp-1;;;;;;50,5;\n", "line 1 is separated by"
                        + " semicolons, not commas"),
                Arguments.of("another campaign's file", "id,yield,campaign\nexp-1,50,0b7e2a5c-0000-4000-8000-1\n",
                        ":2:3: campaign: this row was handed out by campaign 0b7e2a5c-0000-4000-8000-1, not by this"
                                + " one"),
                Arguments.of("duplicate column", "id,yield,yield\nexp-1,1,2\n", "column 'yield' appears twice"),
                Arguments.of("one bad row among good", h + "\nexp-1,,,,,,50,\nexp-2,,,,,,x,\n", ":3:7: yield: 'x'"),
                Arguments.of("negative zero id", h + "\nexp-0,,,,,,50,\n", ":2:1: id: no experiment 'exp-0'"),
                Arguments.of("id of another case", h + "\nEXP-1,,,,,,50,\n", ":2:1: id: no experiment 'EXP-1'"),
                Arguments.of("number with unit", h + "\nexp-1,,,,,,50%,\n", ":2:7: yield: '50%' is not a finite"),
                Arguments.of("comma decimal", h + "\nexp-1,,,,,,\"50,5\",\n", ":2:7: yield: '50,5' is not a finite"
                        + " number (write decimals with a point: 50.5)"),
                Arguments.of("huge number", h + "\nexp-1,,,,,,1e400,\n", ":2:7: yield: '1e400' is not a finite"),
                Arguments.of("level with a typo", h + "\nexp-1,,,CC1=CC=C(C)C=C,,,50,\n", ":2:4: Solvent_SMILES:"),
                Arguments.of("two mistakes in a row", h + "\nexp-1,,,,,hot,x,\n", ":2:6: Temp_C:"),
                Arguments.of("an outcome and a failure", h + "\nexp-1,,,,,,72.5,stirrer stopped\n",
                        ":2:8: failed: 'stirrer stopped' says the experiment failed, but it has yield too"),
                Arguments.of("a spreadsheet's TRUE", h + "\nexp-1,,,,,,,TRUE\n",
                        ":2:8: failed: 'TRUE' says the experiment failed but not why; write the reason"),
                Arguments.of("tabs", h.replace(',', '\t') + "\nexp-1\t\t\t\t\t\t50\t\n", "line 1 is separated by"
                        + " tabs, not commas"),
                Arguments.of("unquoted comma decimal", h + "\nexp-1,,,,,,50,5,\n", ":2:17: the row has 9 fields, the header"
                        + " has 8 (a decimal comma? write decimals with a point, or quote the cell)"),
                Arguments.of("nothing filled in", h + "\nexp-1,,,,,,,\n", "no results in it"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void a_malformed_results_file_is_refused_whole_at_its_line_and_column_and_nothing_is_recorded(String what,
            String content, String expected) throws IOException {
        Path run = startArylation("bad");
        byte[] before = Files.readAllBytes(run.resolve("trace.jsonl"));
        Path told = Files.writeString(dir.resolve("told.csv"), content);

        Cli tell = Cli.run("tell", run.toString(), told.toString());

        assertThat(tell.exit()).as(tell.out() + tell.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(tell.err()).contains(expected, "was recorded").doesNotContain("Exception");
        assertThat(Files.readAllBytes(run.resolve("trace.jsonl"))).as("nothing recorded").isEqualTo(before);
    }

    @Test
    void rows_of_pending_csv_left_empty_stay_pending_and_concurrent_tells_never_fork_the_trace() throws Exception {
        Path run = startArylation("half");
        List<List<String>> pending = csv(run.resolve(ManualResults.PENDING));
        List<String> first = new ArrayList<>(pending.get(1));
        first.set(pending.get(0).indexOf("yield"), "33");
        Path half = write("half.csv", pending.get(0), first, pending.get(2), pending.get(3));
        Cli told = Cli.run("tell", run.toString(), half.toString(), "--as", "alice");
        assertThat(told.exit()).as(told.err()).isZero();
        assertThat(told.out()).contains("2 experiments to run by hand");

        // Two people tell at the same moment, from two processes: one waits for the other, and both are recorded.
        List<Process> tellers = new ArrayList<>();
        for (String id : List.of("exp-2", "exp-3")) {
            tellers.add(new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), SciloopCommand.class.getName(), "tell", run.toString(),
                    "--id", id, "--value", "yield=1", "--as", "p" + id).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(id + ".log").toFile()).start());
        }
        for (Process p : tellers) {
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        for (int i = 0; i < tellers.size(); i++) {
            Path log = dir.resolve("exp-" + (i + 2) + ".log");
            assertThat(tellers.get(i).exitValue()).as(Files.readString(log)).isZero();
        }
        Cli verify = Cli.run("verify", run.toString(), "--accept-paused");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        List<String> toldBy = CampaignHistory.of(TraceReader.readIntact(run.resolve("trace.jsonl"))).observations()
                .stream().map(Observation::experimentId).toList();
        assertThat(toldBy).contains("exp-1", "exp-2", "exp-3");
        assertThat(Cli.run("status", run.toString()).exit()).isZero();
    }

    /**
     * A tell is on record whole or not at all. Cut off anywhere before its last signature, as a kill -9 or a
     * power cut leaves it (at a line's end or in the middle of a line), the next tell of the same file sets the
     * cut tell aside and records the file once: the same observations as a tell that was never cut.
     */
    @Test
    void a_tell_cut_off_anywhere_is_set_aside_whole_and_telling_the_file_again_records_it_once() throws IOException {
        Path pristine = startArylation("pristine");
        List<List<String>> pending = csv(pristine.resolve(ManualResults.PENDING));
        List<String> header = pending.get(0);
        List<List<String>> rows = new ArrayList<>(List.of(header));
        for (int i = 1; i < pending.size(); i++) {
            List<String> row = new ArrayList<>(pending.get(i));
            row.set(header.indexOf("yield"), String.valueOf(10 + i));
            rows.add(row);
            List<String> historical = new ArrayList<>(row);
            historical.set(0, "");
            historical.set(header.indexOf("yield"), String.valueOf(50 + i));
            rows.add(historical);  // with no id: told twice, it would be recorded twice
        }
        Path told = writeTo(dir.resolve("told.csv"), rows);
        Path whole = copy(pristine, dir.resolve("whole"));
        assertThat(Cli.run("tell", whole.toString(), told.toString(), "--as", "alice").exit()).isZero();
        List<String> lines = Files.readAllLines(whole.resolve("trace.jsonl"));
        int first = lines.size() - 1;
        while (!lines.get(first).contains("\"type\":\"CampaignResumed\"")) {
            first--;
        }
        int lastSignature = first;
        for (int i = first; i < lines.size(); i++) {
            lastSignature = lines.get(i).contains("\"type\":\"PersonSigned\"") ? i : lastSignature;
        }
        assertThat(lastSignature - first).as("each of 6 results has its lines").isGreaterThan(6 * 2);

        for (int kept = first; kept < lastSignature; kept++) {
            for (boolean torn : new boolean[] {false, true}) {
                Path run = copy(pristine, dir.resolve("cut-" + kept + (torn ? "-torn" : "")));
                StringBuilder cut = new StringBuilder();
                lines.subList(0, kept).forEach(l -> cut.append(l).append('\n'));
                if (torn) {
                    cut.append(lines.get(kept), 0, lines.get(kept).length() / 2);
                }
                Files.writeString(run.resolve("trace.jsonl"), cut);
                if (kept > first && !torn) {
                    assertThat(Cli.run("status", run.toString()).out()).contains("a tell of 6 results stopped after"
                            + " recording", "told (0)");
                }

                Cli again = Cli.run("tell", run.toString(), told.toString(), "--as", "alice");

                assertThat(again.exit()).as(kept + " " + torn + ": " + again.err()).isZero();
                if (kept > first) {
                    assertThat(again.out()).contains("a tell of 6 results stopped after recording",
                            "tell those results again");
                }
                assertThat(observations(run)).as("cut after line " + kept).isEqualTo(observations(whole));
                Cli verify = Cli.run("verify", run.toString(), "--accept-paused");
                assertThat(verify.exit()).as(verify.out()).isZero();
            }
        }

        // Cut after its pause, before its seal: the tell is on record whole; telling it again says how to go on.
        Path unsealed = copy(pristine, dir.resolve("unsealed"));
        StringBuilder cut = new StringBuilder();
        lines.subList(0, lines.size() - 1).forEach(l -> cut.append(l).append('\n'));
        Files.writeString(unsealed.resolve("trace.jsonl"), cut);
        Cli again = Cli.run("tell", unsealed.toString(), told.toString(), "--as", "alice");
        assertThat(again.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(again.err()).contains("was already told by alice", "stopped before it sealed the trace and wrote"
                + " pending.csv: 'sciloop resume' does both", "leave out what is on record already")
                .doesNotContain("correct it and tell it again");
        assertThat(again.out()).as("a refused tell signs nothing, so it warns of no lines it would sign").isEmpty();
        Cli resumed = Cli.run("resume", unsealed.toString());
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(Files.readString(unsealed.resolve(ManualResults.PENDING)))
                .isEqualTo(Files.readString(whole.resolve(ManualResults.PENDING)));
        assertThat(Cli.run("verify", unsealed.toString(), "--accept-paused").exit()).isZero();

        // Cut after its seal, before pending.csv was written again: the old pending.csv is told again.
        Path stale = copy(whole, dir.resolve("stale"));
        Files.copy(pristine.resolve(ManualResults.PENDING), stale.resolve(ManualResults.PENDING),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> sealedTrace = Files.readAllLines(stale.resolve("trace.jsonl"));
        Cli retold = Cli.run("tell", stale.toString(), told.toString(), "--as", "alice");
        assertThat(retold.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(retold.err()).contains("was already told by alice", "still lists it, that file is older than the"
                + " trace", "'sciloop resume' writes it again");
        assertThat(Files.readAllLines(stale.resolve("trace.jsonl"))).isEqualTo(sealedTrace);
        Cli rewritten = Cli.run("resume", stale.toString());
        assertThat(rewritten.exit()).as(rewritten.err()).isZero();
        assertThat(Files.readString(stale.resolve(ManualResults.PENDING)))
                .isEqualTo(Files.readString(whole.resolve(ManualResults.PENDING)));
        assertThat(Cli.run("verify", stale.toString(), "--accept-paused").exit()).isZero();
    }

    /**
     * What a person sees and types: settings rounded to what can be set (and told back, they are the proposal
     * in full); a reason over two lines; a setting beyond the safety limits, recorded as run and marked; results
     * past the budget, said; a finished campaign, a name nobody has a key for, and a pause of a killed run, each
     * said as it is.
     */
    @Test
    void a_person_reads_rounded_settings_and_is_told_of_limits_budget_typos_and_ended_runs() throws IOException {
        Path scenario = Files.writeString(dir.resolve("limits.yaml"), """
                name: limits
                objective: {name: yield}
                experiment: {tool: manual, with: {outputs: [yield]}}
                space:
                  t: {type: continuous, low: 20, high: 100}
                safety: {limits: {t: {max: 99.9}}}
                budget: {experiments: 4, batch: 2}
                """);
        Path run = dir.resolve("limits");
        assertThat(Cli.run("run", scenario.toString(), "--planner", "random", "--seed", "1", "--out", run.toString())
                .exit()).isZero();
        List<List<String>> pending = csv(run.resolve(ManualResults.PENDING));
        assertThat(pending).as("both proposals within the limit").hasSize(3);
        List<String> header = pending.get(0);
        assertThat(header).containsExactly("id", "t", "yield", "failed", "campaign");
        String handedOut = pending.get(1).get(1);
        assertThat(handedOut).as("a ten-thousandth of the range 20-100: 3 decimals").matches("[0-9]{2,3}(\\.[0-9]{1,3})?");
        TraceEvent.PlannedExperiment proposed = TraceReader.readIntact(run.resolve("trace.jsonl")).stream()
                .map(TraceRecord::event).filter(TraceEvent.ProposalMade.class::isInstance)
                .map(e -> ((TraceEvent.ProposalMade) e).experiments().get(0)).findFirst().orElseThrow();

        Path told = dir.resolve("limits-told.csv");
        Files.writeString(told, String.join(",", header) + "\n"
                + "exp-1," + handedOut + ",5,," + pending.get(1).get(4) + "\n"
                + "exp-2,99.95,,\"boiled over;\nthe condenser was off\"," + pending.get(2).get(4) + "\n");
        Cli tell = Cli.run("tell", run.toString(), told.toString(), "--as", "alice");

        assertThat(tell.exit()).as(tell.err()).isZero();
        assertThat(tell.out()).contains("OUTSIDE THE SAFETY LIMITS (limit:t");
        List<Observation> observations = observations(run);
        assertThat(observations.get(0).settings()).as("told back as handed out: the proposal, in full")
                .isEqualTo(proposed.settings());
        assertThat(observations.get(0).detail()).startsWith("run by hand as proposed");
        assertThat(observations.get(1).detail()).contains("boiled over;\nthe condenser was off", "OUTSIDE THE SAFETY LIMITS");

        Path historical = Files.writeString(dir.resolve("past.csv"), "id,t,yield\n,30,1\n,40,2\n,50,3\n");
        Cli past = Cli.run("tell", run.toString(), historical.toString(), "--as", "alice");
        assertThat(past.exit()).as(past.err()).isZero();
        assertThat(past.out()).contains("5 experiments are on record, past the budget of 4: no more will be"
                + " proposed");
        Cli twice = Cli.run("tell", run.toString(), historical.toString(), "--as", "alice");
        assertThat(twice.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(twice.err()).contains("past.csv:2:1: id: the same settings and results as exp-5, already on record");
        Path repeat = Files.writeString(dir.resolve("repeat.csv"), "id,t,yield\n,30,1\n");
        assertThat(Cli.run("tell", run.toString(), repeat.toString(), "--repeats", "--as", "alice").exit()).isZero();
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, "id,t,yield,failed\n,30,,caf\u00e9 spilled\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Cli garbled = Cli.run("tell", run.toString(), latin1.toString(), "--as", "alice");
        assertThat(garbled.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(garbled.err()).contains("not UTF-8", "CSV UTF-8");
        for (String pendingId : List.of("exp-3", "exp-4")) {
            assertThat(Cli.run("tell", run.toString(), "--id", pendingId, "--value", "yield=1", "--as", "alice")
                    .exit()).isZero();
        }

        Cli late = Cli.run("tell", run.toString(), historical.toString(), "--as", "alice");
        assertThat(late.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(late.err()).contains("already finished", "it takes no more results").doesNotContain("resume");
        assertThat(Cli.run("report", run.toString()).exit()).isZero();
        assertThat(Files.readString(run.resolve("report.md"))).contains("| recorded by |", "| alice |");

        Path other = startArylation("names");
        Cli typo = Cli.run("tell", other.toString(), "--id", "exp-1", "--value", "yield=5", "--as", "alcie");
        assertThat(typo.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(typo.err()).contains("--as alcie: nobody of that name has a key", "alice", "sciloop key --user alcie");
        Cli cased = Cli.run("tell", other.toString(), "--id", "exp-1", "--value", "yield=5", "--as", "Alice");
        assertThat(cased.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(cased.err()).contains("differs from alice, who has a key here, only in case");
        assertThat(Cli.run("key", "--user", "ALICE").exit()).isEqualTo(ExitCode.BAD_INPUT);
        // Nor may a name pass for hers in letters of another script (a Cyrillic а), or look like an option.
        Cli lookalike = Cli.run("key", "--user", "\u0430lice");
        assertThat(lookalike.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(lookalike.err()).contains("mixes CYRILLIC and LATIN letters, so it could pass for another");
        assertThat(Cli.run("key", "--user", "-x").err()).contains("not starting with '.' or '-'");

        // A kill -9 between the pause and its seal (a tester): the pause is there, unsealed; 'pause' seals it.
        Path trace = other.resolve("trace.jsonl");
        List<String> lines = Files.readAllLines(trace);
        Files.write(trace, lines.subList(0, lines.size() - 1));
        assertThat(Cli.run("verify", other.toString(), "--accept-paused").exit()).isEqualTo(ExitCode.FAILED);
        Cli sealing = Cli.run("pause", other.toString());
        assertThat(sealing.exit()).as(sealing.err()).isZero();
        assertThat(sealing.out()).contains("never signed them, and this seal covers them as they are now",
                "its process was killed before it sealed the trace, which is sealed now");
        assertThat(Cli.run("verify", other.toString(), "--accept-paused").exit()).isZero();
        assertThat(Cli.run("pause", other.toString()).out()).contains("it is already paused ('sciloop tell");
        // A kill -9 before the pause: the campaign is not called paused; 'pause' puts the campaign's wait for
        // people on record, sealed, with nothing run.
        lines = Files.readAllLines(trace);
        Files.write(trace, lines.subList(0, lines.size() - 2));
        long requestedBefore = requested(trace);
        Cli pausing = Cli.run("pause", other.toString());
        assertThat(pausing.exit()).as(pausing.err()).isZero();
        assertThat(pausing.out()).contains("its process ended without pausing it", "to run by hand");
        assertThat(Cli.run("verify", other.toString(), "--accept-paused").exit()).isZero();
        assertThat(requested(trace)).as("nothing more handed out").isEqualTo(requestedBefore);
    }

    private static long requested(Path trace) throws IOException {
        return Files.readAllLines(trace).stream().filter(l -> l.contains("\"type\":\"ActionRequested\"")).count();
    }

    /** A spreadsheet's FALSE in 'failed' says it did not fail, and its empty rows, saved as commas, are no rows. */
    @Test
    void a_spreadsheets_false_and_empty_rows_mean_what_they_say() throws IOException {
        Path run = startArylation("sheet");
        String h = "id,Base_SMILES,Ligand_SMILES,Solvent_SMILES,Concentration,Temp_C,yield,failed";
        Path told = Files.writeString(dir.resolve("sheet.csv"), h + "\nexp-1,,,,,,72.5,FALSE\n,,,,,,,\n"
                + "exp-2,,,,,,,false\n,,,,,,,\n");

        Cli tell = Cli.run("tell", run.toString(), told.toString(), "--as", "alice");

        assertThat(tell.exit()).as(tell.err()).isZero();
        assertThat(observations(run)).singleElement().satisfies(o -> {
            assertThat(o.experimentId()).isEqualTo("exp-1");
            assertThat(o.status()).isEqualTo(Observation.Status.OK);
            assertThat(o.outcome("yield")).hasValue(72.5);
        });
        assertThat(Files.readString(run.resolve(ManualResults.PENDING))).as("exp-2 still waits").contains("exp-2,");
    }

    @Test
    void a_blank_failure_reason_and_outcomes_named_like_columns_are_refused() throws IOException {
        Path run = startArylation("blank");
        Cli blank = Cli.run("tell", run.toString(), "--id", "exp-1", "--failed", "   ");
        assertThat(blank.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(blank.err()).contains("--failed: say why it failed");
        Path clash = Files.writeString(dir.resolve("clash.yaml"), """
                name: clash
                objective: {name: yield}
                experiment: {tool: manual, with: {outputs: [yield, t]}}
                space:
                  t: {type: continuous, low: 20, high: 100}
                """);
        Cli refused = Cli.run("run", clash.toString());
        assertThat(refused.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.err()).contains("clash.yaml:3: experiment.with.outputs.1: 't' is also a parameter of the space");
    }

    /**
     * A told result changed, and the chain and the machine's checkpoints made again over it with this machine's
     * key (a tester): the person's signature no longer matches, so report fails and nothing is told on top of it.
     */
    @Test
    void a_told_result_changed_under_its_persons_signature_is_neither_reported_as_verified_nor_built_on()
            throws IOException {
        Path run = startArylation("signed");
        assertThat(Cli.run("tell", run.toString(), "--id", "exp-1", "--value", "yield=5", "--as", "alice").exit())
                .isZero();
        Path forged = Files.createDirectories(dir.resolve("forged"));
        Files.copy(run.resolve("pending.csv"), forged.resolve("pending.csv"));
        ReplayCommandTest.rewriteWithAlteredFirstObservation(run.resolve("trace.jsonl"), forged.resolve("trace.jsonl"),
                UserConfig.signer());
        long lines = Files.readAllLines(forged.resolve("trace.jsonl")).size();

        Cli report = Cli.run("report", forged.toString());
        assertThat(report.exit()).as(report.err()).isEqualTo(ExitCode.FAILED);
        assertThat(forged.resolve("report.md")).content().contains("NOT verified: 1 of the people's signatures fail",
                "alice's signature (measured) of line", "does not match that line as it is now");
        Cli tell = Cli.run("tell", forged.toString(), "--id", "exp-2", "--value", "yield=6", "--as", "alice");
        assertThat(tell.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(tell.err()).contains("does not match that line as it is now", "nothing was written");
        assertThat(Files.readAllLines(forged.resolve("trace.jsonl"))).hasSize((int) lines);
        assertThat(Cli.run("report", run.toString()).exit()).as("the original").isZero();
        assertThat(run.resolve("report.md")).content().as("paused for people, and no emulator's best to measure"
                + " a laboratory's results against").contains("The campaign is paused (",
                "| best possible (known to the tool) | - |").doesNotContain("interrupted or still running");
    }

    @Test
    void a_dry_run_of_a_campaign_run_by_hand_shows_what_people_would_get_and_no_tool_call() {
        Cli dry = Cli.run("run", "arylation", "--manual", "--dry-run", "--out", dir.resolve("dry").toString());
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("nothing was handed out; the first batch would go to people to run"
                + " (pending.csv):", "  exp-1 {Base_SMILES=").doesNotContain("call table-emulator");
    }

    @Test
    void a_counterfactual_of_a_campaign_run_by_hand_asks_its_tool_and_one_of_tool_manual_is_refused() throws IOException {
        Path run = startArylation("cf");
        assertThat(Cli.run("tell", run.toString(), "--id", "exp-1", "--value", "yield=5").exit()).isZero();
        Cli cf = Cli.run("replay", run.toString(), "--planner", "sobol", "--out", dir.resolve("cf-out").toString());
        assertThat(cf.exit()).as(cf.err()).isZero();
        // One told result against the counterfactual's 10 emulated: said so, and no best "after 6" for a
        // campaign that has run 1 and goes on.
        assertThat(cf.out()).contains("note: the recorded experiments were run by hand and told by people, the"
                + " counterfactual's answered by table-emulator").containsPattern("best yield after 6 +- +\\d");
        Path manual = Files.writeString(dir.resolve("m.yaml"), """
                name: m
                objective: {name: yield}
                experiment: {tool: manual, with: {outputs: [yield]}}
                space:
                  t: {type: continuous, low: 20, high: 100}
                budget: {experiments: 4, batch: 2}
                """);
        Path byHand = dir.resolve("m");
        assertThat(Cli.run("run", manual.toString(), "--out", byHand.toString()).exit()).isZero();
        assertThat(Cli.run("tell", byHand.toString(), "--id", "exp-1", "--value", "yield=5").exit()).isZero();
        Cli refused = Cli.run("replay", byHand.toString(), "--planner", "sobol", "--out", dir.resolve("m-out").toString());
        assertThat(refused.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.err()).contains("run by people (tool 'manual')");
        assertThat(dir.resolve("m-out")).doesNotExist();
    }

    @Test
    void an_id_already_told_is_refused_and_a_campaign_run_by_a_tool_takes_no_results() {
        Path run = startArylation("twice");
        assertThat(Cli.run("tell", run.toString(), "--id", "exp-1", "--value", "yield=5").exit()).isZero();
        Cli again = Cli.run("tell", run.toString(), "--id", "exp-1", "--value", "yield=6");
        assertThat(again.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(again.err()).contains("--id exp-1: 'exp-1' was already told by");
        Path automatic = dir.resolve("auto");
        assertThat(Cli.run("run", "branin", "--budget", "3", "--out", automatic.toString()).exit()).isZero();
        Cli notManual = Cli.run("tell", automatic.toString(), "--id", "exp-1", "--value", "value=1");
        assertThat(notManual.exit()).isEqualTo(ExitCode.BAD_INPUT);
    }

    private Path startArylation(String name) {
        Path run = dir.resolve(name);
        Cli started = Cli.run("run", "arylation", "--manual", "--planner", "random", "--budget", "10", "--batch", "3",
                "--out", run.toString());
        assertThat(started.exit()).as(started.err()).isZero();
        assertThat(started.out()).as("the emulator is not credited with what people run").contains(
                "campaign arylation: run by hand with planner random", "the space of table-emulator; its answers are"
                        + " not used: people tell the results").doesNotContain("answers from 1728");
        return run;
    }

    /** Fills every pending row with the table's yield for it, as a chemist who ran it would. */
    private static Path fill(Path pending, Map<Settings, Double> table, Path out) throws IOException {
        List<List<String>> rows = csv(pending);
        List<String> header = rows.get(0);
        List<List<String>> filled = new ArrayList<>(List.of(header));
        for (List<String> row : rows.subList(1, rows.size())) {
            Map<String, Object> values = new java.util.LinkedHashMap<>();
            for (int c = 1; !header.get(c).equals("yield"); c++) {
                String cell = row.get(c);
                values.put(header.get(c), cell.matches("-?[0-9.]+") ? (Object) Double.parseDouble(cell) : cell);
            }
            Double y = table.get(new Settings(values));
            assertThat(y).as("the table holds " + values).isNotNull();
            List<String> told = new ArrayList<>(row);
            told.set(header.indexOf("yield"), String.valueOf(y));
            filled.add(told);
        }
        return writeTo(out, filled);
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private static List<List<String>> proposals(Path run) {
        return TraceReader.readIntact(run.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(TraceEvent.ProposalMade.class::isInstance).map(e -> ((TraceEvent.ProposalMade) e).experiments()
                        .stream().map(p -> p.id() + " " + p.settings()).toList()).toList();
    }

    private static List<Observation> observations(Path run) {
        return TraceReader.readIntact(run.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(TraceEvent.ObservationRecorded.class::isInstance)
                .map(e -> ((TraceEvent.ObservationRecorded) e).observation()).toList();
    }

    private static List<List<String>> csv(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            var table = org.sciloop.tools.table.CsvTable.read(in);
            List<List<String>> rows = new ArrayList<>(List.of(table.header()));
            table.rows().forEach(r -> rows.add(r.cells()));
            return rows;
        } catch (org.sciloop.tools.table.CsvTable.MalformedCsv e) {
            throw new AssertionError(e);
        }
    }

    @SafeVarargs
    private Path write(String name, List<String>... rows) throws IOException {
        return writeTo(dir.resolve(name), List.of(rows));
    }

    private static Path writeTo(Path file, List<List<String>> rows) throws IOException {
        StringBuilder text = new StringBuilder();
        rows.forEach(r -> text.append(String.join(",", r.stream().map(c -> c.contains(",") ? "\"" + c + "\"" : c)
                .toList())).append('\n'));
        return Files.writeString(file, text);
    }
}
