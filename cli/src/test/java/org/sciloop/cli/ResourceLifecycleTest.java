package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever builds a campaign closes it, on every path: a run, a resume, a replay, a counterfactual, a report,
 * a benchmark, a proposal-speed benchmark. Counted on a tool plugin that knows how many of its instances
 * are open, and on the threads the real process runner and dataset query leave behind.
 */
class ResourceLifecycleTest {
    @TempDir
    Path dir;
    private Path scenario;

    @BeforeEach
    void writeScenario() throws Exception {
        scenario = dir.resolve("counted.yaml");
        Files.writeString(scenario, """
                name: counted
                objective: {name: y, goal: maximize}
                experiment: {tool: open-count}
                lookups:
                  also: {tool: open-count}
                planner: {name: random}
                budget: {experiments: 6, batch: 2}
                """);
    }

    @Test
    void every_command_closes_the_tools_it_builds() throws Exception {
        Path run = dir.resolve("run");
        assertClosesWhatItBuilds("run", "run", scenario.toString(), "--out", run.toString());
        Path cut = dir.resolve("cut");
        Files.createDirectories(cut);
        List<String> lines = Files.readAllLines(run.resolve("trace.jsonl"));
        Files.write(cut.resolve("trace.jsonl"), lines.subList(0, 8));
        assertClosesWhatItBuilds("resume", "resume", cut.toString());
        Cli refused = Cli.run("run", scenario.toString(), "--out", run.toString());
        assertThat(refused.exit()).as("a run folder that holds a campaign is refused").isEqualTo(ExitCode.BAD_INPUT);
        assertThat(OpenCountTool.OPEN.get()).as("and what was built for it is closed").isZero();
        assertClosesWhatItBuilds("replay", "replay", run.toString());
        assertClosesWhatItBuilds("a counterfactual", "replay", run.toString(), "--planner", "sobol", "--out",
                dir.resolve("cf").toString());
        assertClosesWhatItBuilds("report", "report", run.toString());
        assertClosesWhatItBuilds("bench", "bench", scenario.toString(), "--planners", "random,sobol", "--seeds", "2",
                "--out", dir.resolve("bench").toString());
        assertClosesWhatItBuilds("bench speed", "bench", "speed", "--planner", "random", "--continuous",
                scenario.toString(), "--finite", scenario.toString(), "--sizes", "4", "--repetitions", "1");
    }

    @Test
    void the_process_runner_and_the_dataset_query_leave_no_thread_behind() throws Exception {
        Files.copy(Path.of("../scenarios/data/edbo_direct_arylation.csv"), dir.resolve("arylation.csv"));
        Path file = dir.resolve("process.yaml");
        Files.writeString(file, """
                name: process
                objective: {name: y, goal: maximize}
                space:
                  x: {type: continuous, low: 0, high: 1}
                experiment:
                  tool: process
                  with:
                    command: [sh, -c, 'echo "value = ${x}"']
                    output: {stdout: {y: 'value = ([0-9.]+)'}}
                    concurrency: 2
                lookups:
                  data: {tool: dataset-query, with: {tables: {arylation: arylation.csv}}}
                planner: {name: random}
                budget: {experiments: 4, batch: 2}
                """);
        Path run = dir.resolve("process-run");
        for (String[] command : List.of(new String[] {"run", file.toString(), "--out", run.toString()},
                new String[] {"replay", run.toString()}, new String[] {"report", run.toString()},
                new String[] {"bench", file.toString(), "--planners", "random", "--seeds", "2", "--out",
                        dir.resolve("process-bench").toString()})) {
            Cli result = Cli.run(command);
            assertThat(result.exit()).as(String.join(" ", command) + "\n" + result.out() + result.err()).isZero();
            assertThat(stillRunning("sciloop-process-runner", "sciloop-query-watchdog"))
                    .as("after " + command[0]).isEmpty();
        }
    }

    private void assertClosesWhatItBuilds(String what, String... command) {
        int madeBefore = OpenCountTool.MADE.get();
        Cli result = Cli.run(command);
        assertThat(result.exit()).as(what + ": " + result.out() + result.err()).isZero();
        assertThat(OpenCountTool.MADE.get()).as(what + " built the tool").isGreaterThan(madeBefore);
        assertThat(OpenCountTool.OPEN.get()).as(what + " closed every tool it built").isZero();
    }

    /** Threads of these names still alive once each has had a moment to stop after its pool was shut down. */
    private static List<String> stillRunning(String... names) throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (List.of(names).contains(t.getName())) {
                t.join(5_000);
            }
        }
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(List.of(names)::contains).toList();
    }
}
