package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sciloop.core.model.Observation;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;

/**
 * Ctrl-C (SIGINT) and SIGTERM pause a running campaign process cleanly: the experiment in progress
 * finishes, a {@code CampaignPaused} line and a seal are written, the process says how to resume, and the
 * resume meets the budget exactly.
 */
class SignalPauseTest {
    private static final int BUDGET = 200;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"INT, 130", "TERM, 143"})
    void a_signal_pauses_the_campaign_with_a_seal_and_says_how_to_resume(String signal, int status) throws Exception {
        Path scenario = paced(dir, BUDGET);
        Path run = dir.resolve("run");
        Path log = dir.resolve("run.log");
        // env resets SIGINT to its default: a process started in the background (a build run with &) inherits it
        // ignored, and then so would the campaign.
        Process process = new ProcessBuilder("env", "--default-signal=INT",
                ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), SciloopCommand.class.getName(), "run", scenario.toString(),
                "--out", run.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        waitForLines(run.resolve("trace.jsonl"), 40, process);
        // A trace being written is no crashed one: verify names the process that writes it.
        Cli whileRunning = Cli.run("verify", run.toString());
        assertThat(whileRunning.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(whileRunning.out()).contains("campaign: running: process " + process.pid() + " is writing this"
                + " trace now").doesNotContain("interrupted");
        assertThat(whileRunning.err()).contains("not sealed yet").doesNotContain("crash");

        assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor()).isZero();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isEqualTo(status);
        assertThat(Files.readString(log)).contains("pausing: the experiment in progress finishes first",
                "stopped by a signal (Ctrl-C or SIGTERM)", "the campaign is paused; 'sciloop resume " + run);
        List<TraceRecord> records = TraceReader.readIntact(run.resolve("trace.jsonl"));
        assertThat(records.get(records.size() - 2).event()).isInstanceOf(TraceEvent.CampaignPaused.class);
        assertThat(records.get(records.size() - 1).event()).isInstanceOfSatisfying(TraceEvent.Checkpoint.class, c -> assertThat(c.sealed()).isTrue());
        Cli verify = Cli.run("verify", run.toString());
        assertThat(verify.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(verify.err()).contains("sealed while paused");
        assertThat(Cli.run("verify", run.toString(), "--accept-paused").exit()).isZero();

        Cli resume = Cli.run("resume", run.toString());
        assertThat(resume.exit()).as(resume.err()).isZero();
        List<Observation> observations = TraceReader.readIntact(run.resolve("trace.jsonl")).stream()
                .map(TraceRecord::event).filter(TraceEvent.ObservationRecorded.class::isInstance)
                .map(e -> ((TraceEvent.ObservationRecorded) e).observation()).toList();
        assertThat(observations).hasSize(BUDGET);
        assertThat(observations).extracting(Observation::experimentId).doesNotHaveDuplicates();
        assertThat(Cli.run("verify", run.toString()).exit()).isZero();
    }

    /**
     * A terminal's Ctrl-C signals its whole foreground process group: the simulation of the experiment in
     * progress is in a session of its own, so it finishes and is recorded, instead of dying with exit code 130.
     */
    @Test
    void ctrl_c_at_the_terminal_lets_the_simulation_in_progress_finish() throws Exception {
        Path run = dir.resolve("run");
        Process process = atATerminal(simulation("echo started > %s; sleep 2; echo {\\\"y\\\": ${x}} > out.json"), run);

        ctrlC(process);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isEqualTo(130);
        List<Observation> observations = TraceReader.readIntact(run.resolve("trace.jsonl")).stream()
                .map(TraceRecord::event).filter(TraceEvent.ObservationRecorded.class::isInstance)
                .map(e -> ((TraceEvent.ObservationRecorded) e).observation()).toList();
        assertThat(observations).hasSize(1).allSatisfy(o -> assertThat(o.status()).as(o.detail())
                .isEqualTo(Observation.Status.OK));
    }

    /**
     * A simulation still running when the grace is over stays in flight, and the tool is closed: nothing runs on
     * unread (the resume would kill it before running it again), the paused campaign is in the campaign store as any
     * paused one is, and the process ends without an error's echo.
     */
    @Test
    void a_simulation_still_running_after_the_grace_is_stopped_with_the_pause() throws Exception {
        Path run = dir.resolve("run");
        Process process = atATerminal(simulation("echo $$ > %s; exec sleep 300"), run);
        ProcessHandle simulation = ProcessHandle.of(Long.parseLong(Files.readString(dir.resolve("started")).strip()))
                .orElseThrow();

        ctrlC(process);
        assertThat(process.waitFor(SignalPause.GRACE_SECONDS + 60, TimeUnit.SECONDS)).isTrue();

        String log = Files.readString(dir.resolve("run.log"));
        assertThat(process.exitValue()).as(log).isEqualTo(130);
        assertThat(log).contains("paused with an experiment in flight, and the tool closed")
                .doesNotContain("internal error", "Exception");
        assertThat(simulation.isAlive()).as("the run of the experiment in flight").isFalse();
        assertThat(Cli.run("verify", "--accept-paused", run.toString()).exit()).isZero();
        assertThat(log).contains("memory       indexed as");
        assertThat(Cli.run("memory", "list", "--store", dir.resolve("store-home").toString()).out())
                .contains("simulation").contains("paused").contains(run.resolve("trace.jsonl").toString());
    }

    /**
     * A signal before the campaign's first line (here while its start waits for the campaign store, which another
     * process holds) stops it with nothing run, says so, and takes back the run folder made for it: no empty folder
     * is left to answer "no trace" to a resume.
     */
    @Test
    void a_signal_before_the_first_line_stops_the_campaign_and_leaves_no_run_folder() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store-home"));
        Path scenario = Files.writeString(dir.resolve("deterministic.yaml"), """
                name: deterministic
                objective: {name: value, goal: minimize}
                experiment: {tool: benchmark-function, with: {function: branin}}
                planner: {name: random}
                budget: {experiments: 3, batch: 1}
                """);
        Path run = dir.resolve("run");
        Path log = dir.resolve("run.log");
        Process process;
        // The tool is deterministic, so the start opens the store (memoisation), and waits while this process has it.
        try (FileChannel holder = FileChannel.open(store.resolve("open.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = holder.lock()) {
            ProcessBuilder builder = new ProcessBuilder("setsid", "env", "--default-signal=INT",
                    ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), SciloopCommand.class.getName(), "run", scenario.toString(),
                    "--out", run.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("SCILOOP_DATA_HOME", store.toString());
            process = builder.start();
            waitForLog(log, "waiting for the campaign store", process);
            assertThat(run).isDirectory();

            ctrlC(process);
            waitForLog(log, "the campaign has not begun, so nothing will run", process);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String said = Files.readString(log);
        assertThat(process.exitValue()).as(said).isEqualTo(130);
        assertThat(said).contains("stopped by a signal (Ctrl-C or SIGTERM) before the campaign began: nothing ran, and"
                + " its run folder " + run + " was removed").doesNotContain("Exception", "internal error");
        assertThat(run).doesNotExist();
    }

    private static void waitForLog(Path log, String text, Process process) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.readString(log).contains(text)) {
            assertThat(process.isAlive() && Instant.now().isBefore(deadline)).as("said: " + text).isTrue();
            process.waitFor(20, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A campaign of 3 experiments, one at a time, each a shell script ({@code %s} in it is the file it writes to say
     * that it has started).
     */
    private Path simulation(String script) throws IOException {
        return Files.writeString(dir.resolve("simulation.yaml"), """
                name: simulation
                objective: {name: y, goal: minimize}
                space:
                  x: {type: continuous, low: 0, high: 1}
                experiment:
                  tool: process
                  with:
                    workdir: %s
                    command: [sh, -c, '%s']
                    output: {json: out.json}
                planner: {name: random}
                budget: {experiments: 3, batch: 1}
                """.formatted(dir.resolve("runs"), script.formatted(dir.resolve("started"))));
    }

    /** Starts a campaign as a shell at a terminal does, and waits until its first run says it has started. */
    private Process atATerminal(Path scenario, Path run) throws IOException, InterruptedException {
        // setsid: the campaign leads a process group of its own, as a shell gives a command at its terminal.
        ProcessBuilder builder = new ProcessBuilder("setsid", "env", "--default-signal=INT",
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                SciloopCommand.class.getName(), "run", scenario.toString(), "--out", run.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile());
        builder.environment().put("SCILOOP_DATA_HOME", dir.resolve("store-home").toString());
        Process process = builder.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Path started = dir.resolve("started");
        while (!Files.exists(started) || Files.readString(started).isBlank()) {
            assertThat(process.isAlive() && Instant.now().isBefore(deadline)).as("the first run started").isTrue();
            process.waitFor(20, TimeUnit.MILLISECONDS);
        }
        return process;
    }

    /** Ctrl-C at the terminal: SIGINT to the whole foreground process group. */
    private static void ctrlC(Process leader) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-INT", "--", "-" + leader.pid()).start().waitFor()).isZero();
    }

    /**
     * A tester's Ctrl-C during a benchmark lost every campaign that had finished and left the running one's trace
     * unsealed. Now the running campaign ends stopped and sealed, none starts after, and the tables hold those that ran
     * their whole budget.
     */
    @Test
    void ctrl_c_during_a_benchmark_keeps_the_campaigns_that_finished_and_seals_the_running_one() throws Exception {
        Path scenario = paced(dir, 200);
        Path out = dir.resolve("bench");
        Path log = dir.resolve("bench.log");
        Process process = new ProcessBuilder("env", "--default-signal=INT",
                ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), SciloopCommand.class.getName(), "bench", scenario.toString(),
                "--planners", "random", "--seeds", "3", "--threads", "1", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // One at a time: the second campaign under way means the first ran its whole budget.
        waitForLines(out.resolve("traces/random-2.jsonl"), 40, process);
        assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor()).isZero();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(Files.readString(log)).isEqualTo(130);
        assertThat(Files.readString(log)).contains("stopping the benchmark", "stopped part way: 1 of 3 campaigns ran"
                + " their whole budget and are tabulated below; 1 stopped part way", "and 1 never began");
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertThat(results).hasSize(1 + 200).allMatch(r -> r.equals(results.get(0)) || r.startsWith("random,paced,1,"));
        assertThat(Files.readAllLines(out.resolve("summary.csv")).get(1)).startsWith("random,1,");
        List<TraceRecord> stopped = TraceReader.readIntact(out.resolve("traces/random-2.jsonl"));
        assertThat(stopped.get(stopped.size() - 2).event()).isInstanceOfSatisfying(TraceEvent.CampaignFinished.class,
                f -> assertThat(f.stopReason()).isEqualTo("STOPPED"));
        assertThat(Cli.run("verify", out.resolve("traces/random-2.jsonl").toString()).exit()).isZero();
        assertThat(out.resolve("traces/random-3.jsonl")).as("nothing starts after the signal").doesNotExist();
        // The report, from the traces, leaves the stopped one out as the tables do (a tester: it counted it).
        Cli report = Cli.run("report", out.toString());
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(Files.readString(out.resolve("report.md"))).contains("Budget 200 experiments (target and patience"
                + " off); 1 campaign(s) stopped part way (a benchmark stopped by a signal) are left out of the figures")
                .containsPattern("\\| random \\| 1 \\|");
    }

    /** A campaign of {@code budget} experiments in batches of 4 that paces itself at 20 ms per experiment. */
    static Path paced(Path dir, int budget) throws IOException {
        return Files.writeString(dir.resolve("paced.yaml"), """
                name: paced
                objective: {name: value, goal: minimize}
                experiment:
                  tool: benchmark-function
                  with: {function: hartmann6, noise: 0.05, run-time-ms: 20}
                planner: {name: random}
                budget: {experiments: %d, batch: 4}
                """.formatted(budget));
    }

    /** Polls the growing trace; the campaign paces itself at 20 ms per experiment. */
    static void waitForLines(Path trace, int lines, Process process) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(trace) || Files.readAllLines(trace).size() < lines) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("the campaign process ended or stalled before writing " + lines + " lines");
            }
            process.waitFor(20, TimeUnit.MILLISECONDS);
        }
    }
}
