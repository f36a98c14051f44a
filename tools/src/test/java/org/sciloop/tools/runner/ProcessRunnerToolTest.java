package org.sciloop.tools.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.config.ScenarioException;
import org.sciloop.core.tool.BatchTool;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.tools.ToolFixture;
import org.sciloop.tools.kinetics.KineticsModel;

class ProcessRunnerToolTest {
    @TempDir
    Path dir;

    private static final String KINETICS = """
            command: ["${java}", "-cp", "${classpath}", org.sciloop.tools.kinetics.KineticsSimulation, input.json, output.json]
            inputs:
              - file: input.json
                template: '{"temperature_c": ${temperature}, "residence_time_min": ${time}, "equivalents_b": 1.4, "catalyst_mol_pct": ${catalyst}}'
            output: {json: output.json}
            timeout: PT1M
            """;

    @Test
    void runs_the_kinetics_code_in_its_own_folder_and_reads_its_json_output() throws Exception {
        ToolResult result = single(runner(KINETICS), Map.of("temperature", 105.0, "time", 30.0, "catalyst", 5.0));

        double expected = new KineticsModel().run(new KineticsModel.Conditions(105, 30, 1.4, 5)).yieldPct();
        assertThat(result).isInstanceOfSatisfying(ToolResult.Success.class, s -> {
            assertThat((Double) s.outputs().get("yield_pct")).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
            Path workdir = Path.of((String) s.outputs().get("workdir"));
            assertThat(workdir).isEqualTo(dir.resolve("runs/c-1/exp-1"));
            assertThat(workdir.resolve("input.json")).content().contains("\"temperature_c\": 105,");
            assertThat(workdir.resolve("stdout.txt")).content().startsWith("yield ");
        });
    }

    @Test
    void runs_a_batch_at_once_up_to_the_concurrency_limit() {
        // Each run waits (at most 20 s) until both runs of the batch have started: run one after the other,
        // the first would give up and write no output.
        Tool tool = runner("""
                command: [sh, -c, 'touch started; for i in $(seq 400); do [ $(ls ../*/started | wc -l) -ge 2 ] && break; sleep 0.05; done; [ $(ls ../*/started | wc -l) -ge 2 ] && echo "value = ${x}"']
                output: {stdout: {y: 'value = ([0-9.]+)'}}
                concurrency: 2
                """);
        List<ToolResult> results = ((BatchTool) tool).invokeBatch(List.of(call("exp-1", Map.of("x", 1.0)),
                call("exp-2", Map.of("x", 2.0))), c -> ToolFixture.context("c-1"));

        assertThat(results).extracting(r -> ((ToolResult.Success) r).outputs().get("y")).containsExactly(1.0, 2.0);
    }

    @Test
    void a_crash_is_a_failure_with_its_exit_code_and_stderr() {
        ToolResult result = single(runner("""
                command: [sh, -c, 'echo "segmentation fault in solver" >&2; exit 139']
                output: {json: out.json}
                """), Map.of());

        assertThat(((ToolResult.Failure) result).reason()).startsWith("exited with code 139; stderr: segmentation fault"
                + " in solver").contains(dir.resolve("runs/c-1/exp-1").toString());
    }

    @Test
    void a_hung_run_is_killed_with_the_processes_it_started_even_one_that_left_it() throws Exception {
        // The subshell starts a sleep and exits: that sleep is re-parented, out of the run's process tree.
        ToolResult result = single(runner("""
                command: [sh, -c, '(sleep 300 & echo $! > orphan.pid); sleep 300 & echo $! > child.pid; sleep 300']
                output: {json: out.json}
                timeout: PT1S
                """), Map.of());

        assertThat(result).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.reason()).startsWith("no result within 1 s; killed the run (4 processes)");  // sh, 3 sleeps
            assertThat(f.retriable()).isTrue();
        });
        for (String started : List.of("child.pid", "orphan.pid")) {
            long pid = Long.parseLong(Files.readString(dir.resolve("runs/c-1/exp-1").resolve(started)).strip());
            awaitEnd(pid);
            assertThat(running(pid)).as("%s %d still runs", started, pid).isFalse();
        }
    }

    /** A run that ends is done: a daemon it left running is killed with it, and its result says so. */
    @Test
    void a_daemon_left_by_a_run_that_ended_is_killed() throws Exception {
        ToolResult result = single(runner("""
                command: [sh, -c, '(sleep 300 & echo $! > daemon.pid); echo {\\"y\\": 1} > out.json']
                output: {json: out.json}
                """), Map.of());

        assertThat(((ToolResult.Success) result).outputs()).containsEntry("y", 1.0)
                .containsEntry("left-behind", "the run left 1 process running; killed it");
        long pid = Long.parseLong(Files.readString(dir.resolve("runs/c-1/exp-1/daemon.pid")).strip());
        awaitEnd(pid);
        assertThat(running(pid)).as("the daemon %d", pid).isFalse();
    }

    /** A campaign killed with SIGKILL leaves its run going; the resumed campaign's attempt kills it first. */
    @Test
    void a_rerun_kills_an_earlier_attempt_that_is_still_running() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("runs/c-1/exp-1"));
        Process earlier = RunProcesses.start(new ProcessBuilder("sh", "-c",
                "(sleep 300 & echo $! > orphan.pid.part; mv orphan.pid.part orphan.pid); sleep 300")
                .directory(folder.toFile()), folder).process();
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        while (!Files.exists(folder.resolve("orphan.pid")) && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        long orphan = Long.parseLong(Files.readString(folder.resolve("orphan.pid")).strip());
        Tool tool = runner("command: [sh, -c, 'echo {\\\"y\\\": ${x}} > out.json']\noutput: {json: out.json}");

        ToolResult again = single(tool, Map.of("x", 2.0));

        // The last sleep (sh may have become it: a shell can exec a script's last command, CI saw 2), sh otherwise,
        // and the orphan (and its subshell, if it had not yet exited)
        assertThat(((ToolResult.Success) again).outputs()).containsEntry("y", 2.0).hasEntrySatisfying(
                "earlier-attempt", note -> assertThat((String) note).matches("an earlier attempt of this run was"
                        + " still running; killed it \\([2-4] processes\\)"));
        assertThat(earlier.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        awaitEnd(orphan);
        assertThat(running(orphan)).as("the orphan %d of the earlier attempt still runs", orphan).isFalse();
        ToolResult third = single(tool, Map.of("x", 3.0));
        assertThat(((ToolResult.Success) third).outputs()).doesNotContainKey("earlier-attempt");
    }

    private static void awaitEnd(long pid) throws Exception {
        // The kill is sent before the answer; the kernel ends the process a moment later.
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(5);
        while (running(pid) && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
    }

    /** Whether a process runs: a killed one may linger as a zombie until init reaps it, which is not running. */
    private static boolean running(long pid) throws java.io.IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String text = Files.readString(stat);
        char state = text.charAt(text.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }

    @Test
    void missing_or_garbage_output_is_a_failure_that_says_so() {
        assertThat(reason(single(runner("command: [\"true\"]\noutput: {json: out.json}"), Map.of())))
                .startsWith("the run wrote no out.json");
        assertThat(reason(single(runner("command: [sh, -c, 'echo {oops > out.json']\noutput: {json: out.json}"),
                Map.of()))).startsWith("out.json is not JSON");
        assertThat(reason(single(runner("command: [sh, -c, 'echo [1] > out.json']\noutput: {json: out.json}"),
                Map.of()))).startsWith("out.json must hold a JSON object");
        assertThat(reason(single(runner("command: [sh, -c, 'echo nothing']\noutput: {stdout: {y: 'y=(\\S+)'}}"),
                Map.of()))).startsWith("stdout has no match for y");
        assertThat(reason(single(runner("command: [no-such-simulation-code]\noutput: {json: out.json}"), Map.of())))
                .startsWith("cannot start 'no-such-simulation-code'");
        assertThat(reason(single(runner("command: [echo, '${pressure}']\noutput: {json: out.json}"),
                Map.of("temperature", 1.0)))).contains("uses ${pressure}, which is neither a setting");
    }

    @Test
    void reads_the_last_row_of_a_csv_output() {
        ToolResult result = single(runner("""
                command: [sh, -c, 'printf "step,yield,phase\\n1,10.5,warm\\n2,42.25,done\\n" > out.csv']
                output: {csv: out.csv}
                """), Map.of());

        assertThat(((ToolResult.Success) result).outputs()).containsEntry("yield", 42.25).containsEntry("phase", "done");
    }

    @Test
    void a_rerun_sets_the_earlier_attempt_aside_instead_of_reading_its_stale_output() throws Exception {
        Tool tool = runner("command: [sh, -c, 'test -f out.json || echo {\\\"y\\\": ${x}} > out.json']\n"
                + "output: {json: out.json}");
        single(tool, Map.of("x", 1.0));
        ToolResult again = single(tool, Map.of("x", 2.0));

        assertThat(((ToolResult.Success) again).outputs()).containsEntry("y", 2.0);
        assertThat(dir.resolve("runs/c-1/exp-1.attempt-1/out.json")).content().contains("1");
    }

    @Test
    void bad_options_name_the_option() {
        assertBad("command: [x]\noutput: {json: a.json, csv: b.csv}", "exactly one of 'json: FILE'");
        assertBad("command: [x]\noutput: {stdout: {y: 'no group'}}", "output.stdout.y: needs a group");
        assertBad("command: [x]\ninputs: [{file: ../escape.txt, template: x}]\noutput: {json: a.json}",
                "must be a plain file name inside the run's folder");
        assertBad("command: [x]\noutput: {json: a.json}\ntimeout: 10", "not an ISO-8601 duration");
        assertBad("output: {json: a.json}", "missing 'command'");
    }

    /** A program that cannot start is refused before a live campaign, at its line; building the tool (a replay) is not. */
    @Test
    void a_program_that_cannot_start_is_refused_when_the_campaign_connects() throws IOException {
        Path script = Files.writeString(dir.resolve("sim.sh"), "echo '{}' > out.json\n");
        Files.createSymbolicLink(dir.resolve("dangling.sh"), Path.of("nowhere.sh"));
        for (String[] bad : new String[][] {
                {"[no-such-simulation-code]", "'no-such-simulation-code' is not a program in any folder of the PATH"},
                {"[" + dir.resolve("gone.sh") + "]", "gone.sh' does not exist"},
                {"[./gone.sh]", "'" + dir.resolve("gone.sh") + "' does not exist"},
                {"['']", "the program is empty; name the program to run"},
                {"[" + script + "]", "sim.sh' is not an executable file: make it one (chmod +x), or start it through"
                        + " its interpreter, as in [sh, " + script + "]"},
                {"[sh, ./missing.sh]", "command.1: './missing.sh' does not exist: a word written ./x or ../x is a"
                        + " file next to the scenario (" + dir.resolve("missing.sh") + ")"},
                {"[python3, -u, -W, ignore, ./missing.py]", "command.4: './missing.py' does not exist"},
                {"[bash, ./dangling.sh]", "(" + dir.resolve("dangling.sh") + ", a link to nowhere.sh, which is not"
                        + " there)"},
                // Each interpreter's options that take a value, read by its own list (InterpretersTest); env is
                // read through.
                {"[bash, -o, pipefail, ./missing.sh]", "command.3: './missing.sh' does not exist"},
                {"[env, -u, HOME, PYTHONPATH=lib, python3, -X, dev, ./missing.py]",
                        "command.7: './missing.py' does not exist"},
                {"[env, FLAG=1, ./gone.sh]", "command.2: '" + dir.resolve("gone.sh") + "' does not exist"},
                {"[env, ./sim.sh]", "command.1: '" + script + "' is not an executable file"}}) {
            Tool tool = runner("command: " + bad[0] + "\noutput: {json: out.json}");
            assertThatThrownBy(tool::connect).isInstanceOf(ScenarioException.class).hasMessageContaining(bad[1])
                    .hasMessageContaining("scenario.yaml:");
        }
        runner("command: [sh, " + script + "]\noutput: {json: out.json}").connect();
        runner("command: ['${program}']\noutput: {json: out.json}").connect();
        runner("command: [sh, ./sim.sh, ./made-by-the-run.txt]\noutput: {json: out.json}").connect();
        // Only an interpreter's script is checked: another program's words may name a folder or what a run writes.
        Files.createDirectory(dir.resolve("classes"));
        runner("command: [java, -cp, ./classes, Sim]\noutput: {json: out.json}").connect();
        runner("command: [sh, -c, ./made-by-a-run.sh]\noutput: {json: out.json}").connect();
        runner("command: [env, -S, 'sh ./made-by-a-run.sh']\noutput: {json: out.json}").connect();
        runner("command: [perl, -e, 'print 1', ./made-by-a-run.txt]\noutput: {json: out.json}").connect();
        runner("command: [env, FLAG=1, sh, ./sim.sh, ./made-by-the-run.txt]\noutput: {json: out.json}").connect();
    }

    /**
     * A run starts in its own folder, but the scenario means its own: ./sim.sh and ./model.txt are the files next
     * to it (what a deterministic code's fingerprint reads too); a plain name such as out.json stays the run's.
     */
    @Test
    void paths_written_from_here_are_the_scenarios_folder() throws IOException {
        Path script = Files.writeString(dir.resolve("sim.sh"), "read factor < \"$1\"; echo \"{\\\"y\\\": $factor}\" > out.json\n");
        script.toFile().setExecutable(true);
        Files.writeString(dir.resolve("model.txt"), "3\n");

        ToolResult result = single(runner("command: [./sim.sh, ./model.txt]\noutput: {json: out.json}"),
                Map.of("x", 1.0));

        assertThat(((ToolResult.Success) result).outputs()).containsEntry("y", 3.0);
    }

    /** A work folder the runs cannot be made in is refused before a live campaign, at its line. */
    @Test
    void a_work_folder_that_cannot_hold_the_runs_is_refused_when_the_campaign_connects() throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "");
        for (String[] bad : new String[][] {{file.toString(), file + " is a file, not a folder"},
                {file.resolve("below").toString(), "the runs' folders cannot be made in " + file.resolve("below")}}) {
            Tool tool = ToolFixture.tool("experiment:\n  tool: process\n  with:\n    workdir: " + bad[0]
                    + "\n    command: [sh, -c, 'true']\n    output: {json: out.json}\n", dir.resolve("scenario.yaml"));
            assertThatThrownBy(tool::connect).isInstanceOf(ScenarioException.class).hasMessageContaining(bad[1])
                    .hasMessageContaining("scenario.yaml:6: experiment.with.workdir");
        }
        assertThatThrownBy(() -> ToolFixture.tool("experiment:\n  tool: process\n  with:\n    workdir: ''\n"
                + "    command: [sh, -c, 'true']\n    output: {json: out.json}\n", dir.resolve("scenario.yaml")))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("experiment.with.workdir: is empty");
    }

    private Tool runner(String options) {
        return ToolFixture.tool("experiment:\n  tool: process\n  with:\n    workdir: " + dir.resolve("runs") + "\n"
                + options.indent(4), dir.resolve("scenario.yaml"));
    }

    private void assertBad(String options, String message) {
        assertThatThrownBy(() -> runner(options)).isInstanceOf(ScenarioException.class).hasMessageContaining(message);
    }

    private static ToolResult single(Tool tool, Map<String, Object> settings) {
        return tool.invoke(call("exp-1", settings), ToolFixture.context("c-1"));
    }

    private static ToolCall call(String id, Map<String, Object> settings) {
        return new ToolCall("process", id, settings);
    }

    private static String reason(ToolResult result) {
        return ((ToolResult.Failure) result).reason();
    }
}
