package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HypothesesCommandTest {
    @TempDir
    Path dir;

    @Test
    void a_hypothesis_campaign_lists_its_verdicts_exports_its_graph_and_replays_identically() throws IOException {
        Path run = dir.resolve("run");
        Cli campaign = Cli.run("run", "reaction-hypotheses", "--out", run.toString());
        assertThat(campaign.exit()).as(campaign.err()).isZero();

        Cli listed = Cli.run("hypotheses", run.toString(), "--graphml", dir.resolve("g.graphml").toString(),
                "--dot", dir.resolve("g.dot").toString());
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("SUPPORTED", "yield increases with temperature",
                "the effect of temperature on yield depends on ligand", "ligand = XPhos gives the highest yield",
                "test: one-sided t-test", "tested by exp-");
        assertThat(Files.readString(dir.resolve("g.graphml"))).contains("<graphml", "hypothesis:H1", "supports");
        assertThat(Files.readString(dir.resolve("g.dot"))).startsWith("digraph");

        String trace = Files.readString(run.resolve("trace.jsonl"));
        assertThat(trace).contains("\"type\":\"HypothesisProposed\"", "\"type\":\"HypothesisUpdated\"",
                "\"tests\":[\"H");
        Cli replay = Cli.run("replay", run.toString());
        assertThat(replay.exit()).as(replay.out() + replay.err()).isZero();
        assertThat(replay.out()).contains("identical");
    }

    @Test
    void bo_with_a_test_fraction_spends_that_share_of_each_batch_on_hypotheses() throws IOException {
        Path scenario = dir.resolve("bo-tests.yaml");
        Files.writeString(scenario, """
                name: bo-tests
                objective: {name: yield, goal: maximize}
                experiment: {tool: reaction-simulator}
                planner: {name: bo, options: {initial: 12, test-fraction: 0.5}}
                budget: {experiments: 24, batch: 4}
                """);
        Path run = dir.resolve("bo");
        Cli campaign = Cli.run("run", scenario.toString(), "--out", run.toString());
        assertThat(campaign.exit()).as(campaign.err()).isZero();
        List<com.fasterxml.jackson.databind.JsonNode> proposals = new java.util.ArrayList<>();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : Files.readAllLines(run.resolve("trace.jsonl"))) {
            var node = json.readTree(line);
            if (node.get("type").asText().equals("ProposalMade")) {
                proposals.add(node);
            }
        }
        // Rounds 0-2 are the initial design; from round 3 on, 2 of every 4 experiments test a hypothesis.
        for (var p : proposals.subList(3, proposals.size())) {
            long testing = 0;
            for (var e : p.get("experiments")) {
                testing += e.get("tests").size() > 0 ? 1 : 0;
            }
            assertThat(testing).as(p.toString()).isEqualTo(2);
        }
        assertThat(Cli.run("hypotheses", run.toString()).out()).contains("by planner:bo");
    }

    @Test
    void a_run_without_hypotheses_says_so_and_bad_folders_get_an_actionable_error() throws IOException {
        Path run = dir.resolve("plain");
        assertThat(Cli.run("run", "branin", "--budget", "4", "--out", run.toString()).exit()).isZero();
        Cli none = Cli.run("hypotheses", run.toString());
        assertThat(none.exit()).isZero();
        assertThat(none.out()).contains("no hypotheses recorded");

        Cli missing = Cli.run("hypotheses", dir.resolve("nowhere").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no trace at").doesNotContain("Exception");

        Path garbage = dir.resolve("garbage");
        Files.createDirectories(garbage);
        Files.writeString(garbage.resolve("trace.jsonl"), "not json\n");
        Cli damaged = Cli.run("hypotheses", garbage.toString());
        assertThat(damaged.exit()).as("a damaged trace, as verify says").isEqualTo(ExitCode.FAILED);
        assertThat(damaged.err()).contains("has no intact first line").doesNotContain("Exception");

        Cli unwritable = Cli.run("hypotheses", run.toString(), "--dot", dir.resolve("no/such/dir/g.dot").toString());
        assertThat(unwritable.exit()).isEqualTo(2);
        assertThat(unwritable.err()).contains("--dot " + dir.resolve("no/such/dir/g.dot") + ": no folder");
        assertThat(unwritable.out()).as("refused before anything is listed").isEmpty();
    }

    @Test
    void bad_planner_options_name_the_option() {
        for (List<String> bad : List.of(List.of("test-fraction", "1.5"), List.of("fdr", "0"), List.of("negligible", "2"))) {
            Path scenario = dir.resolve(bad.get(0) + ".yaml");
            try {
                Files.writeString(scenario, """
                        name: bad
                        objective: {name: yield, goal: maximize}
                        experiment: {tool: reaction-simulator}
                        planner: {name: hypothesis, options: {%s: %s}}
                        budget: {experiments: 10, batch: 2}
                        """.formatted(bad.get(0), bad.get(1)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Cli run = Cli.run("run", scenario.toString(), "--out", dir.resolve("out-" + bad.get(0)).toString());
            assertThat(run.exit()).as(bad.toString()).isEqualTo(2);
            assertThat(run.err()).contains(bad.get(0)).doesNotContain("Exception");
        }
    }
}
