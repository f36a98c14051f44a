package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.model.Observation;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;

/**
 * A campaign process is killed with SIGKILL mid-run (no shutdown hook, no finally), then resumed: the
 * budget is met exactly, every experiment appears once, the trace verifies, and the observations are
 * those of the same campaign run without interruption.
 */
class KillAndResumeTest {
    private static final int BUDGET = 60;

    @TempDir
    Path dir;

    @Test
    void a_campaign_killed_with_sigkill_resumes_to_exactly_its_budget() throws Exception {
        Path scenario = SignalPauseTest.paced(dir, BUDGET);
        Path killed = killedMidRun(scenario);

        List<TraceRecord> beforeResume = TraceReader.readIntact(killed.resolve("trace.jsonl"));
        long observedBefore = beforeResume.stream().filter(r -> r.event() instanceof TraceEvent.ObservationRecorded).count();
        assertThat(observedBefore).as("killed mid-campaign").isBetween(1L, BUDGET - 1L);
        assertThat(beforeResume.get(beforeResume.size() - 1).event()).isNotInstanceOf(TraceEvent.CampaignFinished.class);

        Cli resume = Cli.run("resume", killed.toString());
        assertThat(resume.exit()).as(resume.err()).isZero();
        assertThat(resume.out()).contains("after " + observedBefore + " of " + BUDGET + " experiments", "BUDGET_EXHAUSTED");

        List<Observation> observations = observations(killed);
        assertThat(observations).hasSize(BUDGET);
        assertThat(observations).extracting(Observation::experimentId).doesNotHaveDuplicates();
        assertThat(Cli.run("verify", killed.toString()).exit()).isZero();
        assertThat(Files.readString(killed.resolve("summary.json"))).contains("\"experiments\" : " + BUDGET);

        Path whole = dir.resolve("whole");
        assertThat(Cli.run("run", scenario.toString(), "--seed", "9", "--out", whole.toString()).exit()).isZero();
        assertThat(observations).isEqualTo(observations(whole));
    }

    /**
     * A pause asked of a campaign that SIGKILL ended (a tester: a service restarted after a kill called it paused, yet
     * its trace had no pause and no seal) settles what was in flight and puts the pause on record, sealed; a resume
     * then goes on to exactly its budget.
     */
    @Test
    void a_campaign_killed_with_sigkill_is_paused_on_record_by_sciloop_pause() throws Exception {
        Path killed = killedMidRun(SignalPauseTest.paced(dir, BUDGET));
        int observedBefore = observations(killed).size();
        assertThat(Cli.run("verify", killed.toString(), "--accept-paused").exit()).as("not paused on record")
                .isNotZero();

        Cli pause = Cli.run("pause", killed.toString(), "--reason", "lunch");

        assertThat(pause.exit()).as(pause.err()).isZero();
        assertThat(pause.out()).contains("its process ended without pausing it", "then pausing", "campaign paused:",
                "(sciloop pause): lunch", "settling what was in flight in").doesNotContain("resuming");
        List<TraceRecord> records = TraceReader.readIntact(killed.resolve("trace.jsonl"));
        assertThat(records.get(records.size() - 2).event()).isInstanceOfSatisfying(TraceEvent.CampaignPaused.class,
                p -> assertThat(p.reason()).endsWith("(sciloop pause): lunch"));
        assertThat(observations(killed).size()).as("only what was in flight settled").isBetween(observedBefore,
                observedBefore + 1);
        assertThat(Cli.run("verify", killed.toString(), "--accept-paused").exit()).isZero();
        assertThat(Cli.run("pause", killed.toString()).out()).contains("is not running: it is already paused");

        assertThat(Cli.run("resume", killed.toString()).exit()).isZero();
        assertThat(observations(killed)).hasSize(BUDGET).extracting(Observation::experimentId)
                .doesNotHaveDuplicates();
        assertThat(Cli.run("verify", killed.toString()).exit()).isZero();
    }

    /**
     * SIGKILL leaves the simulation of the experiment in flight running (nothing of the campaign is left to
     * stop it); the resume kills it before it runs the experiment again, and says so in the trace.
     */
    @Test
    void a_simulation_left_running_by_sigkill_is_killed_when_the_resume_runs_it_again() throws Exception {
        // The first attempt marks the folder it is in and hangs; every later one answers at once.
        Path scenario = Files.writeString(dir.resolve("hanging.yaml"), """
                name: hanging
                objective: {name: y, goal: minimize}
                space:
                  x: {type: continuous, low: 0, high: 1}
                experiment:
                  tool: process
                  with:
                    workdir: %s
                    command: [sh, -c, 'if mkdir %s 2>/dev/null; then echo $$ > %s; sleep 300; fi; echo {\\"y\\": 1} > out.json']
                    output: {json: out.json}
                planner: {name: random}
                budget: {experiments: 2, batch: 1}
                """.formatted(dir.resolve("runs"), dir.resolve("first"), dir.resolve("first.pid")));
        Path killed = dir.resolve("killed");
        Process process = new ProcessBuilder(javaCommand(), "-cp", System.getProperty("java.class.path"),
                SciloopCommand.class.getName(), "run", scenario.toString(), "--seed", "1", "--out", killed.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(dir.resolve("first.pid")) || Files.readString(dir.resolve("first.pid")).isBlank()) {
            assertThat(process.isAlive() && Instant.now().isBefore(deadline)).as("the first run started").isTrue();
            Thread.sleep(20);
        }
        ProcessHandle firstRun = ProcessHandle.of(Long.parseLong(Files.readString(dir.resolve("first.pid")).strip()))
                .orElseThrow();
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(firstRun.isAlive()).as("the run outlives its campaign").isTrue();

        Cli resume = Cli.run("resume", killed.toString());

        assertThat(resume.exit()).as(resume.err()).isZero();
        assertThat(firstRun.onExit().get(5, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(observations(killed)).hasSize(2).allSatisfy(o -> assertThat(o.outcomes()).containsEntry("y", 1.0));
        assertThat(Files.readString(killed.resolve("trace.jsonl")))
                .contains("an earlier attempt of this run was still running; killed it (2 processes)");
    }

    /** The run folder of {@code scenario} (seed 9) killed with SIGKILL once its trace has 60 lines. */
    private Path killedMidRun(Path scenario) throws IOException, InterruptedException {
        Path killed = dir.resolve("killed");
        Process process = new ProcessBuilder(javaCommand(), "-cp", System.getProperty("java.class.path"),
                SciloopCommand.class.getName(), "run", scenario.toString(), "--seed", "9", "--out", killed.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        waitForLines(killed.resolve("trace.jsonl"), 60, process);
        process.destroyForcibly();  // SIGKILL on Unix
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return killed;
    }

    private static List<Observation> observations(Path run) {
        return TraceReader.readIntact(run.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(e -> e instanceof TraceEvent.ObservationRecorded)
                .map(e -> ((TraceEvent.ObservationRecorded) e).observation()).toList();
    }

    /** Polls the growing trace; the campaign paces itself at 20 ms per experiment. */
    private static void waitForLines(Path trace, int lines, Process process) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(trace) || Files.readAllLines(trace).size() < lines) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("the campaign process ended or stalled before writing " + lines + " lines");
            }
            process.waitFor(20, TimeUnit.MILLISECONDS);
        }
    }

    /** A dry run cut off before its end never goes on: a resume would send for real what it only traced. */
    @Test
    void a_dry_run_cut_off_is_never_resumed() throws IOException {
        Path run = dir.resolve("dry");
        assertThat(Cli.run("run", "branin", "--dry-run", "--out", run.toString()).exit()).isZero();
        Path trace = run.resolve("trace.jsonl");
        List<String> lines = Files.readAllLines(trace);
        int lastTraced = lines.size() - 1;
        while (!lines.get(lastTraced).contains("\"ActionDryRun\"")) {
            lastTraced--;
        }
        Files.write(trace, lines.subList(0, lastTraced + 1));

        Cli resume = Cli.run("resume", run.toString());
        assertThat(resume.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(resume.err()).contains("is a dry run's (it sent nothing) and does not go on");
        assertThat(Files.readAllLines(trace)).as("nothing written").hasSize(lastTraced + 1);
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
