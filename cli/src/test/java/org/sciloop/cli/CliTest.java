package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.model.Observation;
import org.sciloop.core.trace.CommandLock;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;

class CliTest {
    @TempDir
    Path dir;

    @Test
    void scenarios_lists_every_objective_of_each_built_in() {
        Cli listed = Cli.run("scenarios");
        assertThat(listed.exit()).isZero();
        assertThat(listed.out()).containsPattern("arylation-cost +maximize yield and minimize cost; table-emulator")
                .containsPattern("arylation +maximize yield; table-emulator");
    }

    @Test
    void run_writes_a_verifiable_trace_and_the_summary() throws IOException {
        Path out = dir.resolve("run");
        Cli run = Cli.run("run", "arylation", "--budget", "10", "--batch", "5", "--seed", "4", "--out", out.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("BUDGET_EXHAUSTED", "10 run, 0 failed, 0 denied", "best 5 by yield");
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.fieldNames()).toIterable()
                .containsExactly("scenario", "planner", "seed", "experiments", "best", "stopReason");
        assertThat(summary.get("experiments").asInt()).isEqualTo(10);
        assertThat(summary.get("seed").asLong()).isEqualTo(4);
        assertThat(summary.at("/best/settings").size()).isEqualTo(5);
        assertThat(summary.at("/best/value").asDouble()).isBetween(0.0, 100.0);
        Cli verify = Cli.run("verify", out.resolve("trace.jsonl").toString());
        assertThat(verify.exit()).isEqualTo(0);
        assertThat(verify.out()).contains("hash chain unbroken", "(this machine's key)", "campaign: finished",
                "verified: sealed");
    }

    @Test
    void a_summary_that_cannot_be_written_loses_no_result_and_says_how_to_get_it_back() throws IOException {
        Path out = dir.resolve("run");
        Files.createDirectories(out.resolve("summary.json"));  // in the summary's way, as a read-only folder would be

        Cli run = Cli.run("run", "branin", "--budget", "6", "--out", out.toString());

        assertThat(run.exit()).as("not the input's fault").isEqualTo(3);
        assertThat(run.out()).contains("BUDGET_EXHAUSTED", "6 run");
        assertThat(run.err()).contains("the campaign ended and its trace is complete", "Is a directory",
                "'sciloop report " + out + "'").doesNotContain("Exception", "\tat ");
        assertThat(Cli.run("verify", out.toString()).exit()).isZero();
    }

    @Test
    void every_built_in_scenario_runs() {
        for (String name : ScenarioCatalog.builtIns()) {
            Cli run = Cli.run("run", name, "--budget", "6", "--out", dir.resolve(name).toString());
            assertThat(run.exit()).as(name + ": " + run.err()).isEqualTo(0);
        }
        assertThat(ScenarioCatalog.builtIns()).contains("arylation", "buchwald-hartwig", "branin", "hartmann6", "hplc");
    }

    @Test
    void lookups_that_the_planner_never_asks_are_said_to_go_unused() throws IOException {
        Path scenario = dir.resolve("unused.yaml");
        Files.writeString(scenario, """
                name: unused-lookup
                objective: {name: value, goal: minimize}
                experiment: {tool: benchmark-function, with: {function: branin}}
                lookups:
                  twin: {tool: benchmark-function, with: {function: branin}}
                planner: {name: random}
                budget: {experiments: 2}
                """);
        Cli run = Cli.run("run", scenario.toString(), "--out", dir.resolve("run").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("lookups twin: declared, but planner random never asks them");
    }

    @Test
    void safety_limits_deny_experiments_outside_them_and_the_trace_says_so() throws IOException {
        Path scenario = dir.resolve("hot.yaml");
        Files.writeString(scenario, """
                name: capped
                objective: {name: value, goal: minimize}
                experiment: {tool: benchmark-function, with: {function: branin}}
                planner: {name: random}
                budget: {experiments: 20, batch: 4}
                safety:
                  limits:
                    x1: {max: 2.5}
                """);
        Cli run = Cli.run("run", scenario.toString(), "--out", dir.resolve("r").toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        List<TraceEvent> events = TraceReader.readIntact(dir.resolve("r/trace.jsonl")).stream()
                .map(TraceRecord::event).toList();
        List<TraceEvent.ActionDenied> denied = events.stream().filter(e -> e instanceof TraceEvent.ActionDenied)
                .map(e -> (TraceEvent.ActionDenied) e).toList();
        assertThat(denied).isNotEmpty().allSatisfy(d -> assertThat(d.settings().number("x1")).isGreaterThan(2.5));
        assertThat(events).filteredOn(e -> e instanceof TraceEvent.ActionRequested)
                .allSatisfy(e -> assertThat(((Number) ((TraceEvent.ActionRequested) e).arguments().get("x1")).doubleValue())
                        .isLessThanOrEqualTo(2.5));
        assertThat(run.out()).contains(denied.size() + " denied by the safety policy");
    }

    @Test
    void unknown_names_get_a_clear_error_listing_what_exists() {
        assertUserError(Cli.run("run", "nope", "--out", dir.resolve("a").toString()),
                "unknown scenario 'nope'", "arylation, arylation-cost, arylation-opcua, branin, branin-currin,"
                        + " buchwald-hartwig, c2dtlz2, constrained-branin-currin, dtlz2, hartmann6,"
                        + " hartmann6-constrained, hplc, kinetics-local, kinetics-slurm, reaction-constrained,"
                        + " reaction-hypotheses");
        assertUserError(Cli.run("run", "branin", "--planner", "genius", "--out", dir.resolve("b").toString()),
                "unknown planner 'genius'; known planners: bo, hypothesis, lhs, llm, llm+bo, random, sobol");
        assertThat(dir.resolve("b")).doesNotExist();
    }

    @Test
    void inputs_that_would_exhaust_the_machine_are_refused_before_the_work() throws IOException {
        Path huge = write("huge.yaml", "name: t\nobjective: {name: value}\nexperiment: {tool: benchmark-function,"
                + " with: {function: ackley, dimensions: 100000000}}\n");
        assertUserError(Cli.run("run", huge.toString()), huge + ":3: experiment.with.dimensions: at most 1000");
        String levels = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "l" + i)
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        Path wide = write("wide.yaml", "name: t\nobjective: {name: y}\nspace:\n"
                + "  a: {type: categorical, levels: " + levels + "}\n  b: {type: categorical, levels: " + levels + "}\n"
                + "  c: {type: categorical, levels: " + levels + "}\nexperiment: {tool: open-count}\n");
        assertUserError(Cli.run("run", wide.toString()), "the space has 8000000 combinations, more than the 5000000");
        Path big = write("big.yaml", "name: t\n# " + "x".repeat(2 << 20) + "\n");
        assertUserError(Cli.run("run", big.toString()), "larger than 1048576 bytes");
        // A table with more rows than the emulators may hold in memory: refused at the first row too many.
        StringBuilder rows = new StringBuilder("a,y\n");
        for (int i = 0; i <= 1_000_000; i++) {
            rows.append(i % 10).append(",1\n");
        }
        write("long.csv", rows.toString());
        Path tall = write("tall.yaml", "name: t\nobjective: {name: y}\nexperiment: {tool: table-emulator, with:"
                + " {table: long.csv, inputs: [a], output: y}}\n");
        assertUserError(Cli.run("run", tall.toString()), tall + ":3: experiment.with.table: long.csv: more than"
                + " 1,000,000 data rows (line 1000002)");
    }

    @Test
    void a_space_that_contradicts_its_tool_is_refused_at_its_line() throws IOException {
        String head = "name: t\nobjective: {name: value}\nexperiment: {tool: benchmark-function, with: {function: branin}}\n"
                + "space:\n";
        Path wider = write("wider.yaml", head + "  x1: {type: continuous, low: -5, high: 20}\n"
                + "  x2: {type: continuous, low: 0, high: 15}\n");
        assertUserError(Cli.run("run", wider.toString()), wider + ":5: space.x1: [-5.0, 20.0] reaches beyond the"
                + " tool's [-5.0, 10.0]");
        Path unknown = write("unknown.yaml", head + "  x1: {type: continuous, low: -5, high: 10}\n"
                + "  x2: {type: continuous, low: 0, high: 15}\n  z: {type: categorical, levels: [a, b]}\n");
        assertUserError(Cli.run("run", unknown.toString()), unknown + ":7: space.z: the tool takes no input 'z'");
        Path narrower = write("narrower.yaml", head + "  x1: {type: continuous, low: 0, high: 5}\n"
                + "  x2: {type: continuous, low: 0, high: 15}\nbudget: {experiments: 2}\n");
        assertThat(Cli.run("run", narrower.toString(), "--out", dir.resolve("narrow").toString()).exit())
                .as("narrowing the tool's space is fine").isZero();
    }

    @Test
    void a_space_that_does_not_fit_the_instruments_setpoints_is_refused_before_anything_is_made() throws IOException {
        Files.writeString(dir.resolve("reactor.yaml"), Files.readString(Path.of("..", "scenarios", "instruments",
                "flow-reactor.yaml")).replace("password-env: SCILOOP_OPCUA_PASSWORD", "password-env: PATH"));
        String head = "name: t\nobjective: {name: yield}\nexperiment: {tool: opcua-instrument, with: {profile:"
                + " reactor.yaml}}\nspace:\n";
        String fitting = """
                  Base_SMILES: {type: categorical, levels: [a]}
                  Ligand_SMILES: {type: categorical, levels: [b]}
                  Solvent_SMILES: {type: categorical, levels: [c]}
                  Concentration: {type: continuous, low: 0.05, high: 0.15}
                  Temp_C: {type: discrete, values: [90, 120]}
                """;
        Path extra = write("extra.yaml", head + fitting + "  Stirring: {type: continuous, low: 1, high: 2}\n");
        Path missing = write("missing.yaml", head + fitting.replace("  Base_SMILES: {type: categorical, levels: [a]}\n",
                ""));
        Path kind = write("kind.yaml", head + fitting.replace("Base_SMILES: {type: categorical, levels: [a]}",
                "Base_SMILES: {type: discrete, values: [1, 2]}"));

        assertUserError(Cli.run("run", extra.toString(), "--out", dir.resolve("r1").toString()),
                extra + ":10: space.Stirring: tool 'flow-reactor-run' takes no argument 'Stirring'");
        assertUserError(Cli.run("run", missing.toString(), "--out", dir.resolve("r2").toString()),
                "space: the space has no parameter 'Base_SMILES', which tool 'flow-reactor-run' needs");
        assertUserError(Cli.run("run", kind.toString(), "--out", dir.resolve("r3").toString()),
                kind + ":5: space.Base_SMILES: tool 'flow-reactor-run' takes text for 'Base_SMILES'");
        Path none = write("none.yaml", head.replace("\nspace:\n", "\n"));
        assertUserError(Cli.run("run", none.toString(), "--out", dir.resolve("r4").toString()),
                "missing 'space': tool 'opcua-instrument' does not define one, so the scenario must give each"
                        + " parameter's range or levels (docs/scenario-format.md)");
        assertThat(dir.resolve("r1")).doesNotExist();
        assertThat(dir.resolve("r3")).doesNotExist();
        assertThat(dir.resolve("r4")).doesNotExist();
    }

    @Test
    void a_device_or_a_pipe_is_refused_before_it_is_read_forever() throws Exception {
        Path fifo = dir.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path scenario = write("t.yaml", "name: t\nobjective: {name: y}\nexperiment: {tool: table-emulator, with:"
                + " {table: /dev/zero, inputs: [a], output: y}}\n");

        assertUserError(Cli.run("run", scenario.toString()), scenario + ":3: experiment.with.table: '/dev/zero'"
                + " (/dev/zero) is not a regular file (a device or a pipe)");
        assertUserError(Cli.run("verify", fifo.toString()), fifo + " is not a regular file (a device or a pipe)");
        assertUserError(Cli.run("run", fifo.toString()), "is not a regular file (a device or a pipe)");
    }

    @Test
    void a_simulated_instruments_unknown_dataset_is_named_as_such_at_its_line() throws IOException {
        Files.writeString(dir.resolve("reactor.yaml"), Files.readString(Path.of("..", "scenarios", "instruments",
                "flow-reactor.yaml")));
        Path scenario = write("s.yaml", "name: t\nobjective: {name: yield}\nexperiment:\n  tool: opcua-instrument\n"
                + "  with:\n    profile: reactor.yaml\n    simulate: {model: flow-reactor, dataset: nosuch}\n");
        assertUserError(Cli.run("run", scenario.toString()), scenario + ":7: experiment.with.simulate.dataset: no"
                + " built-in scenario 'nosuch' (and no file of that name)");
    }

    @Test
    void an_instruments_limits_that_with_the_scenarios_leave_nothing_to_run_are_refused_at_load() throws IOException {
        // A tester: a profile whose heating block was rated 130 to 140 °C, on a space of 90 to 120, made a run folder
        // and ended "1728 outside the safety limits"; its dry run showed an empty first batch.
        Files.writeString(dir.resolve("reactor.yaml"), Files.readString(Path.of("..", "scenarios", "instruments",
                "flow-reactor.yaml")).replace("min: 90 ", "min: 130").replace("max: 120", "max: 140"));
        Path scenario = write("s.yaml", "name: t\nobjective: {name: yield}\nexperiment:\n  tool: opcua-instrument\n"
                + "  with:\n    profile: reactor.yaml\n    simulate: {model: flow-reactor, dataset: arylation}\n");
        assertUserError(Cli.run("run", scenario.toString(), "--dry-run", "--out", dir.resolve("r").toString()),
                scenario + ":3: experiment: tool 'opcua-instrument': with its device's safety limits, the limit on"
                        + " Temp_C leaves no value of it in the space (one of [90.0, 105.0, 120.0]), so nothing could"
                        + " run; widen the limit or the space");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void an_empty_out_is_refused_rather_than_filling_the_current_folder() {
        assertUserError(Cli.run("run", "branin", "--out", ""), "--out: an empty path");
    }

    @Test
    void a_folder_given_as_a_scenario_is_named_as_a_folder() {
        assertUserError(Cli.run("run", dir.toString()), dir.toAbsolutePath() + " is a folder; give a scenario file");
    }

    @Test
    void a_command_line_mistake_is_blamed_on_the_option_not_on_a_built_in_file() {
        Cli planner = Cli.run("run", "branin", "--planner", "nope");
        assertUserError(planner, "--planner: unknown planner 'nope'; known planners: bo, hypothesis, lhs");
        assertThat(planner.err()).doesNotContain("branin.yaml");
        Cli model = Cli.run("run", "branin", "--planner", "bo", "--model", "openai:gpt-4o");
        assertUserError(model, "--model: planner 'bo' takes no language model; the planners that do: llm, llm+bo");
    }

    @Test
    void a_benchmark_refuses_a_planner_named_twice_and_a_folder_that_holds_one() {
        assertUserError(Cli.run("bench", "branin", "--planners", "random,random", "--seeds", "1"),
                "--planners: 'random' is named twice");
        Path out = dir.resolve("bench-once");
        assertThat(Cli.run("bench", "branin", "--planners", "random", "--seeds", "1", "--budget", "3", "--out",
                out.toString()).exit()).isZero();
        assertUserError(Cli.run("bench", "branin", "--planners", "sobol", "--seeds", "1", "--out", out.toString()),
                "already holds a benchmark");
    }

    @Test
    void a_benchmark_whose_planner_cannot_start_leaves_nothing_behind() {
        Path out = dir.resolve("bench-llm");
        Cli bench = Cli.run("bench", "branin", "--planners", "random,llm", "--seeds", "1", "--out", out.toString());
        assertUserError(bench, "a language-model planner needs a model");
        assertThat(bench.err()).doesNotContain("--model on the command line");
        assertThat(out).doesNotExist();
    }

    @Test
    void an_unknown_tool_and_malformed_yaml_name_the_file_and_line() throws IOException {
        Path tool = write("tool.yaml", "name: t\nobjective: {name: y}\nexperiment:\n  tool: spectrometer\n");
        assertUserError(Cli.run("run", tool.toString()), tool + ":4: experiment.tool: unknown tool 'spectrometer'",
                // open-count: a plugin the cli tests register (ResourceLifecycleTest)
                "known tools: benchmark-function, dataset-query, http-dataset, knn-emulator, manual, opcua-instrument,"
                        + " open-count, process, reaction-simulator, recall, slurm, table-emulator");
        Path tabbed = write("tabbed.yaml", "name: t\nobjective:\n\tname: y\n");
        assertUserError(Cli.run("run", tabbed.toString()), tabbed + ":3: a tab in the indentation");
        Path broken = write("broken.yaml", "name: t\nobjective: [name: y\nbudget: {experiments: 3}\n");
        assertUserError(Cli.run("run", broken.toString()), broken + ":3", "malformed YAML");
        assertUserError(Cli.run("run", dir.resolve("absent.yaml").toString()), "no scenario file at");
    }

    /**
     * A tool's answer that its objective cannot take (a yield of 130 %) is a fault: the experiment is on record as
     * failed, saying why, and no planner learns from it (a tester: only values told by hand were checked).
     */
    @Test
    void a_tools_answer_outside_its_objectives_range_is_recorded_as_failed() throws IOException {
        Path scenario = write("faulty.yaml", """
                name: faulty
                objective: {name: y, goal: maximize, range: [0, 100]}
                space:
                  x: {type: continuous, low: 0, high: 1}
                experiment:
                  tool: process
                  with:
                    workdir: %s
                    command: [sh, -c, 'echo {\\"y\\": 130} > out.json']
                    output: {json: out.json}
                planner: {name: random}
                budget: {experiments: 2, batch: 1}
                """.formatted(dir.resolve("work")));
        Path run = dir.resolve("faulty-run");
        Cli.run("run", scenario.toString(), "--out", run.toString());
        List<TraceEvent.ObservationRecorded> observed = TraceReader.readIntact(run.resolve("trace.jsonl")).stream()
                .map(TraceRecord::event).filter(e -> e instanceof TraceEvent.ObservationRecorded)
                .map(e -> (TraceEvent.ObservationRecorded) e).toList();
        assertThat(observed).hasSize(2).allSatisfy(o -> {
            assertThat(o.observation().status()).isEqualTo(Observation.Status.FAILED);
            assertThat(o.observation().detail()).isEqualTo("the tool returned a value that cannot be: 130 is outside"
                    + " y's range [0, 100] (the scenario's objective 'range'); a fault of the tool or instrument, not"
                    + " learned from");
        });
    }

    @Test
    void limits_and_values_outside_their_range_are_refused() throws IOException {
        Path inverted = write("inverted.yaml", """
                name: t
                objective: {name: value}
                experiment: {tool: benchmark-function, with: {function: branin}}
                safety:
                  limits:
                    x1: {min: 5, max: 2}
                """);
        assertUserError(Cli.run("run", inverted.toString()), inverted + ":6: safety.limits.x1.min: min 5.0 is above max 2.0");
        Path unknown = write("unknown.yaml", """
                name: t
                objective: {name: value}
                experiment: {tool: benchmark-function, with: {function: branin}}
                safety:
                  limits:
                    x7: {max: 2}
                """);
        assertUserError(Cli.run("run", unknown.toString()), ":6: safety.limits.x7: no parameter named 'x7'");
        Path beyond = write("beyond.yaml", """
                name: t
                objective: {name: value}
                experiment: {tool: benchmark-function, with: {function: branin}}
                safety:
                  limits:
                    x1: {min: 11}
                """);
        assertUserError(Cli.run("run", beyond.toString(), "--dry-run"), ":6: safety.limits.x1: leaves no value of x1 in"
                + " the space (from -5.0 to 10.0), so nothing could run; widen the limit or the space");
        // A tester: limits that left no row of a table were taken, and the campaign ended "all 5 candidates of the
        // space are measured" having measured none.
        Files.writeString(dir.resolve("rows.csv"), "cat,temp,conc,yield\nA,50,0.1,10\nA,60,0.2,20\nB,50,0.1,30\n"
                + "B,70,0.3,40\nC,60,0.2,50\n");
        String table = """
                name: t
                objective: {name: yield}
                experiment: {tool: table-emulator, with: {table: rows.csv, inputs: [cat, temp, conc], output: yield}}
                planner: {name: random}
                budget: {experiments: 4}
                safety:
                  limits:
                """;
        Path none = write("none.yaml", table + "    temp: {max: 55}\n    conc: {min: 0.2}\n");
        assertUserError(Cli.run("run", none.toString()), ":7: safety.limits: the limits leave none of the 5 candidates of the"
                + " space, so nothing could run; widen them");
        Path some = write("some.yaml", table + "    temp: {max: 55}\n");
        Cli run = Cli.run("run", some.toString(), "--out", dir.resolve("some").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("PLANNER_STOPPED: no candidate is left to propose: of the 5 candidates of the"
                + " space, 2 measured, 3 outside the safety limits");
        Path space = write("space.yaml", """
                name: t
                objective: {name: value}
                space:
                  x1: {type: continuous, low: 3, high: -3}
                experiment: {tool: benchmark-function, with: {function: branin}}
                """);
        assertUserError(Cli.run("run", space.toString()), ":4: space.x1: parameter 'x1': low must be below high");
        assertUserError(Cli.run("run", "branin", "--budget", "0"), "--budget must be a positive whole number, got 0");
    }

    @Test
    void verify_names_the_first_bad_line_of_a_corrupt_trace() throws IOException {
        Path out = dir.resolve("run");
        assertThat(Cli.run("run", "branin", "--budget", "8", "--out", out.toString()).exit()).isZero();
        Path trace = out.resolve("trace.jsonl");
        List<String> lines = Files.readAllLines(trace);

        List<String> flipped = new ArrayList<>(lines);
        flipped.set(5, flipped.get(5).replaceFirst("\"seq\":6", "\"seq\":7"));
        assertDamaged(trace, flipped, "line 6: the content does not match its hash");

        List<String> deleted = new ArrayList<>(lines);
        deleted.remove(3);
        assertDamaged(trace, deleted, "line 4: it does not follow line 3");

        List<String> swapped = new ArrayList<>(lines);
        swapped.set(2, lines.get(3));
        swapped.set(3, lines.get(2));
        assertDamaged(trace, swapped, "line 3: it does not follow line 2");

        String whole = String.join("\n", lines) + "\n";
        Files.writeString(trace, whole.substring(0, whole.length() - 20));
        Cli truncated = Cli.run("verify", trace.toString());
        assertThat(truncated.exit()).isEqualTo(1);
        assertThat(truncated.err()).contains("line " + lines.size() + ": the last line is cut off");
    }

    @Test
    void resume_refuses_a_finished_campaign_and_run_refuses_a_used_folder() {
        Path out = dir.resolve("run");
        assertThat(Cli.run("run", "branin", "--budget", "3", "--out", out.toString()).exit()).isZero();
        assertUserError(Cli.run("resume", out.toString()), "already finished (BUDGET_EXHAUSTED after 3 experiments)",
                "nothing to resume");
        assertUserError(Cli.run("run", "branin", "--out", out.toString()), "already holds a campaign");
        assertUserError(Cli.run("verify", dir.resolve("none.jsonl").toString()), "no trace at");
        assertUserError(Cli.run("resume", dir.resolve("empty").toString()), "no trace at");
    }

    @Test
    void resume_sets_aside_a_last_line_cut_off_mid_write_and_finishes_the_campaign() throws IOException {
        Path out = dir.resolve("run");
        assertThat(Cli.run("run", "branin", "--budget", "6", "--out", out.toString()).exit()).isZero();
        Path trace = out.resolve("trace.jsonl");
        List<String> lines = Files.readAllLines(trace);
        String torn = lines.get(10).substring(0, 40);
        Files.writeString(trace, String.join("\n", lines.subList(0, 10)) + "\n" + torn);

        Cli resume = Cli.run("resume", out.toString());

        assertThat(resume.exit()).as(resume.err()).isZero();
        assertThat(resume.out()).contains("was cut off mid-write", "trace.jsonl.torn-11", "BUDGET_EXHAUSTED");
        assertThat(Files.readString(out.resolve("trace.jsonl.torn-11"))).isEqualTo(torn);
        assertThat(Cli.run("verify", trace.toString()).exit()).isZero();
        List<TraceEvent> events = TraceReader.readIntact(trace).stream().map(TraceRecord::event).toList();
        assertThat(events).filteredOn(e -> e instanceof TraceEvent.ObservationRecorded).hasSize(6);
        assertThat(events).filteredOn(e -> e instanceof TraceEvent.CampaignResumed)
                .extracting(e -> ((TraceEvent.CampaignResumed) e).setAside()).containsExactly("trace.jsonl.torn-11");
    }

    @Test
    void a_campaign_killed_before_its_first_line_left_nothing_to_resume_and_its_folder_can_be_used_again()
            throws IOException {
        Path out = Files.createDirectories(dir.resolve("run"));
        Files.createFile(out.resolve("trace.jsonl"));  // what a kill -9 between create and first line leaves

        assertUserError(Cli.run("resume", out.toString()), "is empty: its campaign was stopped before it wrote its"
                + " first line, so nothing ran; start it again with 'sciloop run SCENARIO --out " + out.toAbsolutePath());
        Cli run = Cli.run("run", "branin", "--budget", "4", "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Cli.run("verify", out.toString()).exit()).isZero();
    }

    @Test
    void lines_a_resume_adopts_unsigned_are_named_by_the_resume_and_by_verify() throws IOException {
        Path out = dir.resolve("run");
        Cli.campaignCutAfter(out, 8, 12);  // a crash before the first checkpoint: nothing signed yet

        Cli resume = Cli.run("resume", out.toString());
        assertThat(resume.exit()).as(resume.err()).isZero();
        assertThat(resume.out()).contains("note: lines 1-12 follow the last signed checkpoint (line 0): the"
                + " interrupted process never signed them");

        Cli verify = Cli.run("verify", out.toString());
        assertThat(verify.exit()).isZero();
        assertThat(verify.err()).contains("note: lines 1-12 were written before an interruption and never signed by"
                + " the process that wrote them; the resume at line 13");
        assertThat(verify.out()).contains("(see the note on the lines a resume adopted)");
    }

    @Test
    void resume_leaves_a_file_that_is_no_trace_as_it_is() throws IOException {
        Path out = Files.createDirectories(dir.resolve("run"));
        Path trace = Files.writeString(out.resolve("trace.jsonl"), "not a trace at all");

        Cli resume = Cli.run("resume", out.toString());

        assertThat(resume.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(resume.err()).contains("damaged at line 1");
        assertThat(Files.readString(trace)).isEqualTo("not a trace at all");
        try (var files = Files.list(out)) {  // the lock a command takes aside, nothing else
            assertThat(files).containsExactlyInAnyOrder(trace, CommandLock.fileFor(trace));
        }
    }

    @Test
    void every_command_explains_itself_with_help() {
        for (String command : new String[] {"run", "resume", "verify", "replay", "bench", "scenarios"}) {
            Cli help = Cli.run(command, "--help");
            assertThat(help.exit()).as(command).isZero();
            assertThat(help.out()).startsWith("Usage: sciloop " + command);
        }
    }

    @Test
    void every_command_summary_in_the_help_is_a_whole_sentence() {
        // The command lists show a command's first description line alone: it must not stop mid-sentence.
        List<String> cut = new ArrayList<>();
        Deque<picocli.CommandLine> commands = new ArrayDeque<>(List.of(SciloopCommand.commandLine()));
        while (!commands.isEmpty()) {
            picocli.CommandLine command = commands.pop();
            String[] description = command.getCommandSpec().usageMessage().description();
            if (description.length > 0 && !description[0].endsWith(".")) {
                cut.add(command.getCommandSpec().qualifiedName() + ": " + description[0]);
            }
            commands.addAll(command.getSubcommands().values());
        }
        assertThat(cut).isEmpty();
    }

    private void assertDamaged(Path trace, List<String> lines, String message) throws IOException {
        Files.write(trace, lines);
        Cli verify = Cli.run("verify", trace.toString());
        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.err()).contains(message);
        assertThat(verify.err()).doesNotContain("Exception", "\tat ");
    }

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static void assertUserError(Cli cli, String... fragments) {
        assertThat(cli.exit()).as(cli.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(cli.err()).startsWith("sciloop: ").contains(fragments).doesNotContain("\tat ", "Exception");
    }
}
