package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign on a table that is not a full factorial (40 rows of the arylation table's 1,728): every planner
 * runs only measured rows, so none is answered "no measurement", and it stops once all 40 are measured.
 */
class PoolCampaignTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"random", "sobol", "bo", "hypothesis"})
    void every_planner_picks_only_among_the_measured_rows(String planner) throws Exception {
        List<String> table = Files.readAllLines(Path.of("../scenarios/data/edbo_direct_arylation.csv"));
        List<String> pool = new ArrayList<>(List.of(table.get(0)));
        for (int i = 1; i < table.size() && pool.size() <= 40; i += 43) {
            pool.add(table.get(i));
        }
        Files.write(dir.resolve("pool.csv"), pool);
        Path scenario = Files.writeString(dir.resolve("pool.yaml"), """
                name: pool
                objective: {name: yield, goal: maximize}
                experiment:
                  tool: table-emulator
                  with:
                    table: pool.csv
                    inputs: [Base_SMILES, Ligand_SMILES, Solvent_SMILES, Concentration, Temp_C]
                    output: yield
                planner: {name: random}
                budget: {experiments: 50, batch: 5}
                """);
        Path run = dir.resolve("run");
        Cli campaign = Cli.run("run", scenario.toString(), "--planner", planner, "--out", run.toString());
        assertThat(campaign.exit()).as(campaign.err()).isZero();
        assertThat(campaign.out()).contains("not a full factorial (40 of 1728 combinations): its measured rows are"
                + " the candidates");
        String trace = Files.readString(run.resolve("trace.jsonl"));
        long observed = trace.lines().filter(l -> l.contains("\"type\":\"ObservationRecorded\"")).count();
        assertThat(trace).doesNotContain("\"type\":\"ActionFailed\"", "no measurement");
        assertThat(observed).as("all 40 rows, then the planner stops").isEqualTo(40);
        assertThat(Cli.run("verify", run.toString()).exit()).isZero();
    }

    @Test
    void a_level_with_a_comma_or_a_line_break_is_quoted_in_the_best_rows_so_each_stays_one_line() throws Exception {
        Files.writeString(dir.resolve("quoted.csv"), "cat,temp,yield\n\"A, with comma\",50,10\n\"multi\nline\",60,20\n"
                + "B,50,30\n");
        Path scenario = Files.writeString(dir.resolve("quoted.yaml"), """
                name: quoted
                objective: {name: yield}
                experiment: {tool: table-emulator, with: {table: quoted.csv, inputs: [cat, temp], output: yield}}
                planner: {name: random}
                budget: {experiments: 3}
                """);
        Cli campaign = Cli.run("run", scenario.toString(), "--out", dir.resolve("q").toString());
        assertThat(campaign.exit()).as(campaign.err()).isZero();
        assertThat(campaign.out()).contains("cat=\"A, with comma\", temp=50", "cat=\"multi\\nline\", temp=60",
                "cat=B, temp=50");

        // A budget beyond the pool: the runs end at its 3 rows, and the later checkpoints keep the best they reached,
        // in bench's tables and in the report (a tester found them blank, and the report sure every run was whole).
        Path bench = dir.resolve("bench");
        Cli benched = Cli.run("bench", scenario.toString(), "--planners", "random,sobol", "--seeds", "2", "--budget",
                "8", "--out", bench.toString());
        assertThat(benched.exit()).as(benched.err()).isZero();
        assertThat(benched.out()).contains("4 runs ended before experiment 8");
        assertThat(Files.readAllLines(bench.resolve("summary.csv")).get(1)).as("each mean, its error, the runs it is of")
                .startsWith("random,2,30.0000,0.00000,2,30.0000,0.00000,2,30.0000,0.00000,2,30.0000,0.00000,2,");
        assertThat(Cli.run("report", bench.toString()).exit()).isZero();
        assertThat(Files.readString(bench.resolve("report.md"))).contains("Budget 8 experiments (target and patience"
                + " off); 4 campaign(s) ended before it", "mean best @8");
        assertThat(Files.readAllLines(bench.resolve("report.md"))).as("the quartiles out to the budget")
                .filteredOn(l -> l.startsWith("| random |") && l.contains(" / ")).singleElement()
                .satisfies(row -> assertThat(row).endsWith("| 30.00 / 30.00 / 30.00 |").doesNotContain("| - |"));
    }
}
