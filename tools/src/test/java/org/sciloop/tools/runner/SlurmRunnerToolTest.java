package org.sciloop.tools.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.tool.BatchTool;
import org.sciloop.core.tool.DeviceStep;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.tools.ToolFixture;
import org.sciloop.tools.kinetics.KineticsModel;

/**
 * Against a real Slurm on this machine ({@code .ci/slurm.sh} starts one; CI sets SCILOOP_REQUIRE_SLURM=1 so
 * that these tests run there rather than being skipped).
 */
class SlurmRunnerToolTest {
    @TempDir
    Path dir;
    private final List<DeviceStep> steps = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> submitted = new CompletableFuture<>();

    @BeforeAll
    static void slurmIsHere() {
        boolean present = java.util.Arrays.stream(System.getenv("PATH").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "sbatch")));
        if ("1".equals(System.getenv("SCILOOP_REQUIRE_SLURM"))) {
            assertThat(present).as("SCILOOP_REQUIRE_SLURM=1 but sbatch is not installed").isTrue();
        }
        assumeTrue(present, "no Slurm here; run .ci/slurm.sh (as root) to start a single-node cluster");
    }

    @Test
    void a_batch_runs_as_one_job_array_of_the_kinetics_code() {
        List<ToolResult> results = run(runner("""
                command: ["${java}", "-cp", "${classpath}", org.sciloop.tools.kinetics.KineticsSimulation, input.json, output.json]
                inputs:
                  - file: input.json
                    template: '{"temperature_c": ${temperature}, "residence_time_min": 30, "equivalents_b": 1.4, "catalyst_mol_pct": 5}'
                output: {json: output.json}
                """), temperatures(80, 105, 130));

        KineticsModel model = new KineticsModel();
        String job = jobId();
        for (int i = 0; i < 3; i++) {
            double t = List.of(80.0, 105.0, 130.0).get(i);
            int task = i;
            assertThat(results.get(i)).isInstanceOfSatisfying(ToolResult.Success.class, s -> {
                assertThat((Double) s.outputs().get("yield_pct")).isCloseTo(
                        model.run(new KineticsModel.Conditions(t, 30, 1.4, 5)).yieldPct(),
                        org.assertj.core.data.Offset.offset(1e-9));
                assertThat(s.outputs()).containsEntry("slurm_job", job + "_" + task);
            });
        }
        assertThat(steps).extracting(DeviceStep::target).containsExactly("slurm job " + job + "_0",
                "slurm job " + job + "_1", "slurm job " + job + "_2");
    }

    @Test
    void a_failing_task_fails_alone_with_its_exit_code_and_stderr() {
        List<ToolResult> results = run(runner("""
                command: [sh, -c, 'if [ ${temperature} = 2 ]; then echo "diverged at step 12" >&2; exit 4; fi; echo "y = ${temperature}"']
                output: {stdout: {y: 'y = (\\S+)'}}
                """), temperatures(1, 2, 3));

        assertThat(results.get(0)).isInstanceOf(ToolResult.Success.class);
        assertThat(((ToolResult.Failure) results.get(1)).reason()).startsWith("Slurm job " + jobId()
                + "_1: exited with code 4; stderr: diverged at step 12");
        assertThat(((ToolResult.Success) results.get(2)).outputs()).containsEntry("y", 3.0);
    }

    @Test
    void a_job_cancelled_outside_sciloop_is_a_failure_that_says_so() throws Exception {
        BatchTool tool = runner("command: [sh, -c, 'touch started; sleep 120']\noutput: {json: out.json}");
        CompletableFuture<List<ToolResult>> results = CompletableFuture.supplyAsync(() -> run(tool, temperatures(1)));
        awaitFile(dir.resolve("runs/c-1/exp-1/started"));
        new ProcessBuilder("scancel", jobId()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);

        // The job's stderr ("Terminated") may or may not be on disk by then, and is added when it is.
        assertThat(((ToolResult.Failure) results.get(2, TimeUnit.MINUTES).get(0)).reason())
                .startsWith("Slurm job " + jobId() + "_0: cancelled outside sciloop (scancel by a person, or"
                        + " the cluster)");
    }

    @Test
    void closing_the_tool_when_the_campaign_stops_cancels_its_jobs() throws Exception {
        BatchTool tool = runner("command: [sh, -c, 'touch started; sleep 120']\noutput: {json: out.json}");
        CompletableFuture<List<ToolResult>> results = CompletableFuture.supplyAsync(() -> run(tool, temperatures(1)));
        awaitFile(dir.resolve("runs/c-1/exp-1/started"));
        tool.close();

        assertThat(((ToolResult.Failure) results.get(2, TimeUnit.MINUTES).get(0)).reason())
                .contains("cancelled by sciloop when the campaign stopped");
        assertThat(new Slurm().queued(jobId())).isEmpty();
    }

    /**
     * A campaign killed with SIGKILL cancels nothing: the resumed campaign's attempt (a new tool, as after a
     * restart) cancels the earlier task, which would otherwise run on, or start later in the new folder.
     */
    @Test
    void a_rerun_cancels_an_earlier_attempt_still_in_slurm() throws Exception {
        CompletableFuture<List<ToolResult>> abandoned = aFirstAttemptThatHangs();
        String earlier = jobId();

        ToolResult rerun = run(runner(hangsTheFirstTime()), temperatures(1)).get(0);

        assertThat(((ToolResult.Success) rerun).outputs()).containsEntry("y", 1.0).containsEntry("earlier-attempt",
                "an earlier attempt of this run was still in Slurm as job " + earlier + "_0; cancelled it");
        assertThat(((ToolResult.Failure) abandoned.get(2, TimeUnit.MINUTES).get(0)).reason()).contains("cancelled");
        assertThat(new Slurm().queued(earlier)).isEmpty();
    }

    /** The job's name is written before submission, so a job whose id never reached the folder is found too. */
    @Test
    void a_rerun_finds_by_its_name_an_earlier_job_whose_id_was_never_recorded() throws Exception {
        CompletableFuture<List<ToolResult>> abandoned = aFirstAttemptThatHangs();
        String earlier = jobId();
        // As if the campaign had been killed between sbatch's answer and the record of the job's id.
        Path record = dir.resolve("runs/c-1/exp-1").resolve(SlurmRunnerTool.JOB_RECORD);
        Files.writeString(record, Files.readString(record).replaceAll("job=.*\n", ""));

        ToolResult rerun = run(runner(hangsTheFirstTime()), temperatures(1)).get(0);

        assertThat(((ToolResult.Success) rerun).outputs()).containsEntry("earlier-attempt",
                "an earlier attempt of this run was still in Slurm as job " + earlier + "_0; cancelled it");
        assertThat(((ToolResult.Failure) abandoned.get(2, TimeUnit.MINUTES).get(0)).reason()).contains("cancelled");
    }

    @Test
    void a_job_past_its_time_limit_and_queue_wait_is_cancelled() throws Exception {
        List<ToolResult> results = run(runner("""
                command: [sleep, '120']
                output: {json: out.json}
                timeout: PT2S
                queue-wait: PT1S
                """), temperatures(1));

        assertThat(((ToolResult.Failure) results.get(0)).reason()).isEqualTo("Slurm job " + jobId()
                + " had not finished after 3 s (time limit plus queue wait); cancelled it");
        assertThat(new Slurm().queued(jobId())).isEmpty();
    }

    /** Its first run hangs (as one left behind by a campaign killed mid-run), every later one answers at once. */
    private String hangsTheFirstTime() {
        return "command: [sh, -c, 'if mkdir " + dir.resolve("first") + " 2>/dev/null; then touch started;"
                + " sleep 120; fi; echo {\\\"y\\\": 1} > out.json']\noutput: {json: out.json}";
    }

    /** Starts an attempt whose run hangs, and returns once it runs in Slurm. */
    private CompletableFuture<List<ToolResult>> aFirstAttemptThatHangs() throws Exception {
        CompletableFuture<List<ToolResult>> attempt = CompletableFuture.supplyAsync(() -> run(runner(
                hangsTheFirstTime()), temperatures(1)));
        awaitFile(dir.resolve("runs/c-1/exp-1/started"));
        return attempt;
    }

    private BatchTool runner(String options) {
        return (BatchTool) ToolFixture.tool("experiment:\n  tool: slurm\n  with:\n    workdir: " + dir.resolve("runs")
                + "\n    poll-every: PT0.2S\n" + options.indent(4), dir.resolve("scenario.yaml"));
    }

    private List<ToolResult> run(BatchTool tool, List<ToolCall> calls) {
        ToolContext context = new ToolContext("c-1", Clock.systemUTC(), new Random(1), step -> {
            steps.add(step);
            submitted.complete(step.target().replaceAll("slurm job (\\d+)_\\d+", "$1"));
        });
        return tool.invokeBatch(calls, c -> context);
    }

    private static List<ToolCall> temperatures(double... values) {
        List<ToolCall> calls = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            calls.add(new ToolCall("slurm", "exp-" + (i + 1), Map.of("temperature", values[i])));
        }
        return calls;
    }

    /** The submitted job's id; a submission that never happens fails the test instead of hanging it. */
    private String jobId() {
        try {
            return submitted.get(2, TimeUnit.MINUTES);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no job was submitted within 2 minutes (is slurmctld running?)", e);
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits (at most a minute) for a file a job creates, watching its folder rather than sleeping. */
    private void awaitFile(Path file) throws IOException, InterruptedException {
        jobId();   // the folder exists once the job is submitted
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            while (!Files.exists(file) && System.nanoTime() < deadline) {
                var key = watch.poll(200, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
        assertThat(file).exists();
    }
}
