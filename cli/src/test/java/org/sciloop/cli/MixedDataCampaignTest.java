package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A campaign on a mixed table (a catalyst and two continuous conditions) emulated by its nearest measured
 * points: every observation is made at a point that was really measured, the trace keeps what was asked
 * ({@code ActionRequested}) beside what was run ({@code ranAt}, the observation's settings), the planner never
 * asks again for settings already answered elsewhere, and a resume after the tool's answer but before the
 * observation makes the same observation.
 */
class MixedDataCampaignTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"bo", "random", "sobol", "lhs", "hypothesis"})
    void every_observation_is_made_where_the_table_measured(String planner) throws Exception {
        Set<List<Object>> measured = writeTable();
        Path run = dir.resolve("run");
        Cli campaign = Cli.run("run", scenario().toString(), "--planner", planner, "--out", run.toString());
        assertThat(campaign.exit()).as(campaign.err()).isZero();
        assertThat(campaign.out()).contains("with the same catalyst (3 of 3 combinations measured");

        Map<String, JsonNode> asked = new HashMap<>();
        Set<JsonNode> askedSettings = new HashSet<>();
        int elsewhere = 0;
        int observations = 0;
        for (String line : Files.readAllLines(run.resolve("trace.jsonl"))) {
            JsonNode record = JSON.readTree(line);
            switch (record.get("type").asText()) {
                case "ActionRequested" -> {
                    JsonNode arguments = record.get("arguments");
                    assertThat(askedSettings.add(arguments)).as("asked twice for " + arguments).isTrue();
                    asked.put(record.get("experimentId").asText(), arguments);
                }
                case "ActionCompleted" -> {
                    JsonNode ranAt = record.get("ranAt");
                    assertThat(ranAt).as("a continuous proposal never hits a measured point exactly").isNotNull();
                    assertThat(ranAt).isNotEqualTo(asked.get(record.get("experimentId").asText()));
                }
                case "ObservationRecorded" -> {
                    JsonNode observation = record.get("observation");
                    JsonNode settings = observation.get("settings");
                    assertThat(measured).contains(List.of(settings.get("catalyst").asText(),
                            settings.get("temp").asDouble(), settings.get("loading").asDouble()));
                    if (!settings.equals(asked.get(observation.get("experimentId").asText()))) {
                        elsewhere++;
                        assertThat(observation.get("detail").asText()).startsWith(
                                "run at other settings than proposed: ").contains("(proposed ");
                    }
                    observations++;
                }
                default -> { }
            }
        }
        assertThat(observations).isEqualTo(25);
        assertThat(elsewhere).isEqualTo(25);
        assertThat(Cli.run("verify", run.toString()).exit()).isZero();
        Cli replay = Cli.run("replay", run.toString());
        assertThat(replay.exit()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("identical");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bo"})
    void a_resume_between_the_answer_and_the_observation_observes_where_it_was_run(String planner) throws Exception {
        writeTable();
        Path run = dir.resolve("run");
        assertThat(Cli.run("run", scenario().toString(), "--planner", planner, "--out", run.toString()).exit()).isZero();
        List<String> lines = Files.readAllLines(run.resolve("trace.jsonl"));
        List<String> observedFirst = lines.stream().filter(l -> l.contains("\"type\":\"ObservationRecorded\"")).toList();

        // Cut the trace just after the 7th answer, as a crash before its observation would have left it.
        int answers = 0;
        int cut = 0;
        while (answers < 7) {
            if (lines.get(cut++).contains("\"type\":\"ActionCompleted\"")) {
                answers++;
            }
        }
        Path crashed = dir.resolve("crashed");
        Files.createDirectories(crashed);
        Files.write(crashed.resolve("trace.jsonl"), lines.subList(0, cut));
        Cli resume = Cli.run("resume", crashed.toString());
        assertThat(resume.exit()).as(resume.err()).isZero();
        List<String> observedAfter = Files.readAllLines(crashed.resolve("trace.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"ObservationRecorded\"")).toList();
        assertThat(settingsOf(observedAfter.get(6))).isEqualTo(settingsOf(observedFirst.get(6)));
        assertThat(JSON.readTree(observedAfter.get(6)).at("/observation/detail").asText())
                .startsWith("run at other settings than proposed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "bo"})
    void an_answer_from_beyond_the_limits_is_not_used(String planner) throws Exception {
        writeTable();
        Path scenario = scenario("""
                safety:
                  limits:
                    temp: {min: 80, max: 100}
                """);
        Path run = dir.resolve("run");
        Cli campaign = Cli.run("run", scenario.toString(), "--planner", planner, "--out", run.toString());
        assertThat(campaign.exit()).as(campaign.err()).isZero();
        int refused = 0;
        for (String line : Files.readAllLines(run.resolve("trace.jsonl"))) {
            JsonNode record = JSON.readTree(line);
            if (record.get("type").asText().equals("ObservationRecorded")) {
                JsonNode observation = record.get("observation");
                if (observation.get("status").asText().equals("OK")) {
                    assertThat(observation.at("/settings/temp").asDouble()).isBetween(80.0, 100.0);
                } else {
                    refused++;
                    assertThat(observation.get("detail").asText()).contains(
                            "answered from settings the campaign may not run", "temp");
                }
            }
        }
        assertThat(refused).as("requests near a limit whose nearest point lies beyond it").isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bo", "random", "sobol", "lhs", "hypothesis"})
    void with_several_text_columns_no_planner_asks_for_a_combination_the_table_never_measured(String planner)
            throws Exception {
        Path scenario = twoTextColumns();
        Path run = dir.resolve("run");

        Cli campaign = Cli.run("run", scenario.toString(), "--planner", planner, "--out", run.toString());

        assertThat(campaign.exit()).as(campaign.err()).isZero();
        assertThat(campaign.out()).contains("(3 of 6 combinations measured; only those are in its space)");
        Set<List<String>> combinations = new HashSet<>();
        int observations = 0;
        for (String line : Files.readAllLines(run.resolve("trace.jsonl"))) {
            JsonNode record = JSON.readTree(line);
            if (record.get("type").asText().equals("ActionRequested")) {
                JsonNode asked = record.get("arguments");
                combinations.add(List.of(asked.get("catalyst").asText(), asked.get("solvent").asText()));
            } else if (record.get("type").asText().equals("ObservationRecorded")) {
                assertThat(record.at("/observation/status").asText()).as(line).isEqualTo("OK");
                observations++;
            }
        }
        assertThat(observations).isEqualTo(20);
        assertThat(combinations).isSubsetOf(List.of("Pd", "A"), List.of("Ni", "B"), List.of("Cu", "A"));
        Cli replay = Cli.run("replay", run.toString());
        assertThat(replay.exit()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("identical");

        // A scenario space that keeps only combinations never measured leaves nothing to run: refused at its line.
        Path none = Files.writeString(dir.resolve("none.yaml"), Files.readString(scenario) + """
                space:
                  catalyst: {type: categorical, levels: [Pd, Cu]}
                  solvent: {type: categorical, levels: [B]}
                  temp: {type: continuous, low: 70, high: 110}
                """);
        Cli refused = Cli.run("run", none.toString(), "--planner", planner, "--out", dir.resolve("none").toString());
        assertThat(refused.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.err()).contains("none.yaml:8: space: it leaves none of the 3 combinations tool"
                + " 'knn-emulator' measured").doesNotContain("Exception");
        assertThat(dir.resolve("none")).doesNotExist();
    }

    /** 3 of the 6 combinations of catalyst and solvent measured, the best (Ni, B) among them, at any temp. */
    private Path twoTextColumns() throws Exception {
        List<String> rows = new ArrayList<>(List.of("catalyst,solvent,temp,yield"));
        Random random = new Random(11);
        for (List<String> combination : List.of(List.of("Pd", "A"), List.of("Ni", "B"), List.of("Cu", "A"))) {
            for (int i = 0; i < 15; i++) {
                double temp = Math.round(600 + random.nextDouble() * 600) / 10.0;
                double yield = 80 * Math.exp(-Math.pow((temp - 95) / 20, 2)) + (combination.get(0).equals("Ni") ? 15 : 0);
                rows.add(String.join(",", combination) + "," + temp + ","
                        + String.format(java.util.Locale.ROOT, "%.2f", yield));
            }
        }
        Files.write(dir.resolve("mixed.csv"), rows);
        return Files.writeString(dir.resolve("two-text.yaml"), """
                name: two-text
                objective: {name: yield, goal: maximize}
                experiment:
                  tool: knn-emulator
                  with: {table: mixed.csv, inputs: [catalyst, solvent, temp], output: yield}
                planner: {name: random}
                budget: {experiments: 20, batch: 4}
                """);
    }

    @Test
    void a_person_who_tells_a_combination_the_table_never_measured_is_refused_at_its_cell() throws Exception {
        Path scenario = twoTextColumns();
        Path run = dir.resolve("manual");
        assertThat(Cli.run("run", scenario.toString(), "--manual", "--out", run.toString()).exit()).isZero();
        byte[] before = Files.readAllBytes(run.resolve("trace.jsonl"));
        Path told = Files.writeString(dir.resolve("told.csv"), "id,catalyst,solvent,temp,yield\n,Cu,B,90,99\n");

        Cli tell = Cli.run("tell", run.toString(), told.toString());

        assertThat(tell.exit()).as(tell.out() + tell.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(tell.err()).contains("told.csv:2:2: catalyst: {catalyst=Cu, solvent=B} is not one of the 3"
                + " combinations of catalyst, solvent this space holds").doesNotContain("Exception");
        assertThat(Files.readAllBytes(run.resolve("trace.jsonl"))).as("nothing recorded").isEqualTo(before);
    }

    private static JsonNode settingsOf(String line) throws Exception {
        return JSON.readTree(line).at("/observation/settings");
    }

    private Path scenario() throws Exception {
        return scenario("");
    }

    /** The mixed-table scenario, with {@code more} (YAML at the top level) added. */
    private Path scenario(String more) throws Exception {
        return Files.writeString(dir.resolve("mixed.yaml"), """
                name: mixed
                objective: {name: yield, goal: maximize}
                experiment:
                  tool: knn-emulator
                  with: {table: mixed.csv, inputs: [catalyst, temp, loading], output: yield}
                planner: {name: random}
                budget: {experiments: 25, batch: 5}
                """ + more);
    }

    /** 3 catalysts x 20 random conditions each; returns the measured points. */
    private Set<List<Object>> writeTable() throws Exception {
        Random random = new Random(7);
        List<String> rows = new ArrayList<>(List.of("catalyst,temp,loading,yield"));
        Set<List<Object>> points = new HashSet<>();
        for (String catalyst : List.of("Pd", "Ni", "Cu")) {
            for (int i = 0; i < 20; i++) {
                double temp = Math.round(600 + random.nextDouble() * 600) / 10.0;
                double loading = Math.round(50 + random.nextDouble() * 200) / 100.0;
                double yield = 100 * Math.exp(-Math.pow((temp - 100) / 25, 2) - Math.pow((loading - 1.8) / 0.8, 2))
                        + catalyst.length() + (catalyst.equals("Ni") ? 10 : 0);
                rows.add(catalyst + "," + temp + "," + loading + "," + String.format(java.util.Locale.ROOT, "%.2f", yield));
                points.add(List.of(catalyst, temp, loading));
            }
        }
        Files.write(dir.resolve("mixed.csv"), rows);
        return points;
    }
}
