package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void trace_throughput_verifies_and_replays_a_real_campaign_identically() {
        Cli bench = Cli.run("bench", "trace", "--events", "3000", "--repetitions", "1");
        assertThat(bench.exit()).as(bench.err()).isZero();
        assertThat(bench.out()).containsPattern("trace: 3\\d{3} events")
                .contains("verify (chain + signatures)", "events/s", "; identical");
        Cli tooSmall = Cli.run("bench", "trace", "--events", "5");
        assertThat(tooSmall.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(tooSmall.err()).contains("--events must be at least 100");
    }

    @Test
    void writes_one_row_per_experiment_a_summary_per_planner_and_a_trace_per_run() throws IOException {
        Path out = dir.resolve("bench");
        Cli bench = Cli.run("bench", "arylation", "--planners", "bo,random", "--seeds", "2", "--budget", "10",
                "--batch", "5", "--initial", "5", "--out", out.toString());

        assertThat(bench.exit()).as(bench.err()).isZero();
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertThat(results.get(0)).isEqualTo("planner,scenario,seed,experiment,value,best_so_far");
        assertThat(results).hasSize(1 + 2 * 2 * 10);
        assertThat(results.get(1)).startsWith("bo,arylation,1,1,");
        assertThat(results).filteredOn(r -> r.startsWith("random,arylation,2,10,")).hasSize(1);
        for (String row : results.subList(1, results.size())) {
            String[] cells = row.split(",");
            assertThat(Double.parseDouble(cells[5])).isGreaterThanOrEqualTo(Double.parseDouble(cells[4]) - 1e-9);
        }
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        // Checkpoints from the budget of 10 (its quarters), each mean with its standard error and the runs it is of.
        assertThat(summary.get(0)).isEqualTo("planner,runs,mean_best_at_3,se_best_at_3,runs_at_3,mean_best_at_5,"
                + "se_best_at_5,runs_at_5,mean_best_at_8,se_best_at_8,runs_at_8,mean_best_at_10,se_best_at_10,runs_at_10,"
                + "median_experiments_to_95pct_of_best,"
                + "runs_reaching_95pct_of_best,median_experiments_to_99pct_of_best,runs_reaching_99pct_of_best,"
                + "median_experiments_to_target,runs_reaching_target,mean_seconds");
        assertThat(summary).hasSize(3);
        assertThat(summary.get(1)).startsWith("bo,2,");
        List<String> paired = Files.readAllLines(out.resolve("paired.csv"));
        assertThat(paired.get(0)).isEqualTo("planner,versus,experiments,paired_seeds,mean_gain,se_gain,"
                + "standard_errors");
        assertThat(paired).hasSize(1 + 4).allMatch(r -> r.equals(paired.get(0)) || r.startsWith("random,bo,"));
        assertThat(paired.get(4)).startsWith("random,bo,10,2,");
        assertThat(out.resolve("traces/bo-1.jsonl")).exists();
        assertThat(Cli.run("verify", out.resolve("traces/random-2.jsonl").toString()).exit()).isZero();
        assertThat(bench.out()).contains("planner", "@5", "@10", "to 95 %", "to 99 %", "to 99.0", "bo", "random",
                "the tool's best possible", "paired by seed", "random     - bo").doesNotContain("hypotheses");
        // Checkpoints may be named, within the budget.
        Cli at = Cli.run("bench", "arylation", "--planners", "random", "--seeds", "1", "--budget", "10", "--at",
                "12", "--out", dir.resolve("at").toString());
        assertThat(at.exit()).isEqualTo(2);
        assertThat(at.err()).contains("--at 12", "budget, 10");
        assertThat(dir.resolve("at")).doesNotExist();
        assertThat(out.resolve("hypotheses.csv")).doesNotExist(); // nobody stated any
    }

    /** A whole number stays whole: an option that takes one (fit-starts) was refused as 2.0. */
    @Test
    void a_configuration_sets_a_whole_number_option() throws IOException {
        Path out = dir.resolve("starts");
        Cli bench = Cli.run("bench", "branin", "--planners", "bo:fit-starts=2:kappa=2.5", "--seeds", "1", "--budget",
                "6", "--out", out.toString());
        assertThat(bench.exit()).as(bench.err()).isZero();
        assertThat(Files.readString(out.resolve("traces/bo_fit-starts=2_kappa=2.5-1.jsonl")))
                .contains("\"options\":{\"fit-starts\":2,\"kappa\":2.5}");
    }

    @Test
    void a_suite_compares_the_first_planner_with_each_other_on_every_scenario() throws IOException {
        Path out = dir.resolve("suite");
        // Two configurations of one planner, told apart by their labels.
        Cli bench = Cli.run("bench", "branin", "hartmann6", "--planners", "random,sobol,bo:initial=8", "--seeds", "5",
                "--budget", "10", "--batch", "5", "--out", out.toString());
        assertThat(bench.exit()).as(bench.err()).isZero();
        assertThat(out.resolve("branin/summary.csv")).exists();
        assertThat(out.resolve("hartmann6/traces/bo_initial=8-3.jsonl")).exists();
        String trace = Files.readString(out.resolve("hartmann6/traces/bo_initial=8-3.jsonl"));
        assertThat(trace).as("the configuration reached the planner").contains("\"options\":{\"initial\":8}");
        assertThat(trace.lines().filter(l -> l.contains("\"type\":\"ProposalMade\"")).skip(1).findFirst()
                .orElseThrow()).as("the second batch of 5 still completes the 8 initial experiments")
                .contains("initial design");
        List<String> suite = Files.readAllLines(out.resolve("suite.csv"));
        assertThat(suite.get(0)).isEqualTo("scenario,pool,budget,planner,versus,experiments,paired_seeds,mean_gain,"
                + "se_gain,standard_errors,verdict");
        // 2 scenarios x 2 other planners x (middle, end)
        assertThat(suite).hasSize(1 + 2 * 2 * 2);
        assertThat(suite.get(1)).startsWith("branin,0,10,random,sobol,5,5,");
        assertThat(suite.get(4)).startsWith("branin,0,10,random,bo:initial=8,10,5,");
        assertThat(suite.subList(1, suite.size())).allMatch(r -> r.endsWith(",+") || r.endsWith(",-")
                || r.endsWith(",="));
        assertThat(bench.out()).contains("random against sobol, bo:initial=8, paired by seed",
                "random ahead of sobol at both the middle and the end: ", " of 2 scenarios");

        Cli suiteReport = Cli.run("report", out.toString());
        assertThat(suiteReport.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(suiteReport.err()).contains("several scenarios", "sciloop report " + out.resolve("branin"));
        // As an interrupted benchmark leaves it: no campaign of one planner yet.
        for (long seed = 1; seed <= 5; seed++) {
            Files.delete(out.resolve("branin/traces/sobol-" + seed + ".jsonl"));
        }
        Cli partial = Cli.run("report", out.resolve("branin").toString());
        assertThat(partial.exit()).as(partial.err()).isZero();
        assertThat(partial.err()).contains("no campaign of sobol", "the report shows the others' whole runs");

        // A suite stopped part way has no suite.csv yet: run again into its folder, it is refused, not overwritten.
        Files.delete(out.resolve("suite.csv"));
        byte[] kept = Files.readAllBytes(out.resolve("branin/results.csv"));
        Cli again = Cli.run("bench", "branin", "hartmann6", "--seeds", "1", "--out", out.toString());
        assertThat(again.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(again.err()).contains(out + " already holds a benchmark (" + out.resolve("branin/bench.json"),
                "stopped part way; choose another --out");
        assertThat(out.resolve("branin/results.csv")).hasBinaryContent(kept);
        Cli unfinished = Cli.run("report", out.toString());
        assertThat(unfinished.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unfinished.err()).contains("several scenarios", "sciloop report " + out.resolve("hartmann6"));

        Path file = Files.writeString(dir.resolve("a-file"), "");
        Cli underFile = Cli.run("bench", "branin", "--seeds", "1", "--out", file.resolve("sub").toString());
        assertThat(underFile.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(underFile.err()).contains("cannot make the --out folder " + file.resolve("sub"));
        assertThat(underFile.out()).as("said alone, before the report's first line").isEmpty();

        Cli twice = Cli.run("bench", "branin", "branin", "--seeds", "1", "--out", dir.resolve("twice").toString());
        assertThat(twice.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(twice.err()).contains("two scenarios are named 'branin'");
        Cli malformed = Cli.run("bench", "branin", "--planners", "bo:initial", "--out", dir.resolve("m").toString());
        assertThat(malformed.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(malformed.err()).contains("'bo:initial'", "each option is :KEY=VALUE");
        Cli none = Cli.run("bench", "branin", "--planners", ",", "--out", dir.resolve("n").toString());
        assertThat(none.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(none.err()).contains("no planner given");
        Cli both = Cli.run("bench", "branin", "--planners", "bo:initial=8", "--initial", "3", "--out",
                dir.resolve("b").toString());
        assertThat(both.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(both.err()).contains("--initial 3 and --planners bo:initial=8 both set");
        Cli beyond = Cli.run("bench", "hartmann6", "branin", "--at", "40", "--out", dir.resolve("a").toString());
        assertThat(beyond.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(beyond.err()).contains("branin: --at 40");
        for (String folder : List.of("twice", "m", "n", "b", "a")) {
            assertThat(dir.resolve(folder)).doesNotExist();
        }
    }

    @Test
    void hypotheses_are_scored_against_the_known_response_of_the_tool() throws IOException {
        Path out = dir.resolve("h");
        Cli bench = Cli.run("bench", "reaction-hypotheses", "--planners", "hypothesis,random", "--seeds", "2",
                "--out", out.toString());
        assertThat(bench.exit()).as(bench.err()).isZero();
        assertThat(bench.out()).contains("known response of tool 'reaction-simulator' (14,196 points, every combination)")
                .containsPattern("temperature +rises +24\\.00 +\\d/2 +0/2")
                .containsPattern("true effects found +\\d+/8 .*0/8 0\\.0%")
                .containsPattern("absent effects asserted +\\d+/12 .*0/12 0\\.0%");
        List<String> rows = Files.readAllLines(out.resolve("hypotheses.csv"));
        assertThat(rows).hasSize(1 + 2 * 2 * 10);
        assertThat(rows).anyMatch(r -> r.startsWith("hypothesis,1,temperature x ligand,interact,true,10.00,"));
        // the hypothesis planner finds something; random states nothing, so finds nothing
        assertThat(rows).anyMatch(r -> r.startsWith("hypothesis,") && r.split(",")[6].equals("true"));
        assertThat(rows).noneMatch(r -> r.startsWith("random,") && r.split(",")[6].equals("true"));

        Cli noTruth = Cli.run("bench", "branin", "--planners", "hypothesis", "--seeds", "1", "--budget", "12",
                "--out", dir.resolve("b").toString());
        assertThat(noTruth.exit()).as(noTruth.err()).isZero();
        assertThat(noTruth.out()).contains("hypotheses not scored: tool 'benchmark-function' does not know its true");
        Cli badShare = Cli.run("bench", "reaction-hypotheses", "--negligible", "1.5", "--out", dir.resolve("n").toString());
        assertThat(badShare.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badShare.err()).contains("--negligible must be a share above 0 and below 1, got 1.5");
        assertThat(dir.resolve("n")).doesNotExist();
    }

    @Test
    void the_same_seeds_give_the_same_results() throws IOException {
        Cli.run("bench", "branin", "--planners", "bo", "--seeds", "2", "--budget", "8", "--initial", "3",
                "--out", dir.resolve("a").toString());
        Cli.run("bench", "branin", "--planners", "bo", "--seeds", "2", "--budget", "8", "--initial", "3",
                "--out", dir.resolve("b").toString(), "--threads", "1");
        assertThat(Files.readAllLines(dir.resolve("a/results.csv")))
                .isEqualTo(Files.readAllLines(dir.resolve("b/results.csv")));
    }

    @Test
    void another_seed_range_runs_other_campaigns() throws IOException {
        Cli bench = Cli.run("bench", "branin", "--planners", "random", "--first-seed", "41", "--seeds", "2",
                "--budget", "3", "--out", dir.resolve("r").toString());
        assertThat(bench.out()).contains("seeds 41..42");
        assertThat(Files.readAllLines(dir.resolve("r/results.csv")).subList(1, 7))
                .extracting(row -> row.split(",")[2]).containsExactly("41", "41", "41", "42", "42", "42");
    }

    @Test
    void bad_arguments_are_refused_before_anything_runs() {
        Cli unknown = Cli.run("bench", "arylation", "--planners", "bo,oracle", "--out", dir.resolve("x").toString());
        assertThat(unknown.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknown.err()).contains("unknown planner 'oracle'");
        assertThat(dir.resolve("x")).doesNotExist();
        assertThat(Cli.run("bench", "arylation", "--seeds", "0").err()).contains("--seeds must be a positive whole number");
        assertThat(Cli.run("bench").err()).contains("bench needs a SCENARIO");

        // An option a planner does not take is blamed on --planners, not on the scenario's planner: line, and in
        // a suite it stops the benchmark before the first scenario runs.
        Cli option = Cli.run("bench", "branin", "hartmann6", "--planners", "random,bo:kernel=nope", "--seeds", "1",
                "--out", dir.resolve("o").toString());
        assertThat(option.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(option.err()).contains("--planners bo:kernel=nope: planner.options.kernel: must be 'additive' or"
                + " 'product', got 'nope'").doesNotContain(".yaml");
        assertThat(option.out()).doesNotContain("bench branin");
        assertThat(dir.resolve("o")).doesNotExist();

        // A campaign's run folder (or any folder with something in it) is not a benchmark's to write into.
        Path run = dir.resolve("run");
        assertThat(Cli.run("run", "branin", "--budget", "3", "--out", run.toString()).exit()).isZero();
        Cli into = Cli.run("bench", "branin", "--seeds", "1", "--budget", "3", "--out", run.toString());
        assertThat(into.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(into.err()).contains("--out " + run + " is not empty (it holds ", "trace.jsonl",
                "a benchmark writes into a new or empty folder");
        assertThat(run.resolve("bench.json")).doesNotExist();
    }
}
