package org.sciloop.tools.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.sciloop.core.tool.BatchTool;
import org.sciloop.core.tool.DeviceStep;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;

/**
 * Runs an external simulation code per experiment on a Slurm cluster: a batch becomes one job array (task
 * {@code i} runs experiment {@code i} in its folder), followed with {@code squeue} until every task has left
 * the queue, each task's end read from {@code sacct} or the job completion log. The job's submission is on
 * record as a device step (job id and folder), so a person can find it on the cluster. Jobs still queued or
 * running when the campaign stops are cancelled with {@code scancel}.
 */
final class SlurmRunnerTool implements BatchTool {
    /** Slurm options of the runner: where and how wide the arrays run, how long to wait in the queue. */
    record Submission(List<String> sbatchOptions, int concurrency, Duration pollEvery, Duration queueWait) {
    }

    /**
     * Written in each run's folder: the array's job name and the run's task before submission, its job id after;
     * a resume after a crash cancels what is still queued. The name alone finds a job whose campaign was killed
     * between the submission and the record of its id.
     */
    static final String JOB_RECORD = "sciloop-slurm.job";

    // How long a task that has left the queue may take to appear in the accounting or the completion log.
    private static final Duration RECORD_GRACE = Duration.ofSeconds(30);

    private final ToolDescriptor descriptor;
    private final SimulationSpec spec;
    private final Submission submission;
    private final Slurm slurm;
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private final Set<String> cancelledHere = ConcurrentHashMap.newKeySet();
    private final Runnable workRootCheck;

    SlurmRunnerTool(ToolDescriptor descriptor, SimulationSpec spec, Submission submission, Slurm slurm,
                    Runnable workRootCheck) {
        this.descriptor = descriptor;
        this.spec = spec;
        this.submission = submission;
        this.slurm = slurm;
        this.workRootCheck = workRootCheck;
    }

    @Override
    public ToolDescriptor descriptor() {
        return descriptor;
    }

    /** A work folder the runs cannot be made in is refused before a live campaign starts (not in a replay). */
    @Override
    public void connect() {
        workRootCheck.run();
    }

    @Override
    public List<ToolResult> invokeBatch(List<ToolCall> calls, Function<ToolCall, ToolContext> contexts) {
        Map<ToolCall, ToolResult> results = new LinkedHashMap<>();
        List<SimulationSpec.PreparedRun> runs = new ArrayList<>();
        for (ToolCall call : calls) {
            try {
                SimulationSpec.PreparedRun run = spec.prepare(call, contexts.apply(call).campaignId(),
                        this::cancelEarlier);
                Files.writeString(run.workdir().resolve("run.sh"), runScript(run));
                runs.add(run);
            } catch (IOException | IllegalArgumentException e) {
                results.put(call, new ToolResult.Failure("cannot prepare the run: " + SimulationSpec.why(e), false));
            }
        }
        if (!runs.isEmpty()) {
            follow(runs, contexts, results);
        }
        return calls.stream().map(results::get).toList();
    }

    private void follow(List<SimulationSpec.PreparedRun> runs, Function<ToolCall, ToolContext> contexts,
                        Map<ToolCall, ToolResult> results) {
        String jobId;
        // Unique, so that a job whose id never reached its record is still found by its name alone.
        String jobName = "sciloop-" + runs.get(0).call().requestId() + "-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            Path script = runs.get(0).workdir().resolveSibling("array-" + runs.get(0).call().requestId() + ".sbatch");
            Files.writeString(script, arrayScript(runs, jobName, script.getParent()));
            for (int i = 0; i < runs.size(); i++) {
                record(runs.get(i).workdir(), jobName, i, null);
            }
            jobId = slurm.submit(script, submission.sbatchOptions());
        } catch (IOException | Slurm.SlurmException e) {
            runs.forEach(r -> results.put(r.call(), new ToolResult.Failure("cannot submit to Slurm: "
                    + e.getMessage(), true)));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runs.forEach(r -> results.put(r.call(), new ToolResult.Failure("stopped before submission", true)));
            return;
        }
        active.add(jobId);
        for (int i = 0; i < runs.size(); i++) {
            SimulationSpec.PreparedRun run = runs.get(i);
            try {
                record(run.workdir(), jobName, i, jobId);
            } catch (IOException e) {
                // Only a resume after a crash reads it, and the name written before still finds the job; the
                // device step below also names it.
            }
            contexts.apply(run.call()).steps().accept(new DeviceStep("sbatch", "slurm job " + jobId + "_" + i, null,
                    run.workdir().toString()));
        }
        try {
            await(jobId, runs, results);
        } finally {
            active.remove(jobId);
        }
    }

    /** Polls until every task has ended and is on record, or gives up (and cancels) past the deadline. */
    private void await(String jobId, List<SimulationSpec.PreparedRun> runs, Map<ToolCall, ToolResult> results) {
        long deadline = System.nanoTime() + spec.timeout().plus(submission.queueWait()).toNanos();
        Map<Integer, Long> leftQueueAt = new LinkedHashMap<>();
        try {
            while (true) {
                Map<Integer, String> queued = slurm.queued(jobId);
                long now = System.nanoTime();
                for (int i = 0; i < runs.size(); i++) {
                    if (!queued.containsKey(i) && !results.containsKey(runs.get(i).call())) {
                        leftQueueAt.putIfAbsent(i, now);
                    }
                }
                if (!leftQueueAt.isEmpty()) {
                    Map<Integer, Slurm.TaskEnd> ended = slurm.ended(jobId);
                    for (var left : List.copyOf(leftQueueAt.entrySet())) {
                        int task = left.getKey();
                        SimulationSpec.PreparedRun run = runs.get(task);
                        if (ended.containsKey(task)) {
                            results.put(run.call(), outcome(jobId, task, run, ended.get(task)));
                            leftQueueAt.remove(task);
                        } else if (now - left.getValue() > RECORD_GRACE.toNanos()) {
                            results.put(run.call(), new ToolResult.Failure("Slurm job " + jobId + "_" + task
                                    + " left the queue, but neither sacct nor the job completion log says how it"
                                    + " ended (files in " + run.workdir() + ")", true));
                            leftQueueAt.remove(task);
                        }
                    }
                }
                if (runs.stream().allMatch(r -> results.containsKey(r.call()))) {
                    return;
                }
                if (now > deadline) {
                    cancel(jobId);
                    awaitGone(jobId);
                    failRest(runs, results, "Slurm job " + jobId + " had not finished after "
                            + spec.timeout().plus(submission.queueWait()).toSeconds() + " s (time limit plus"
                            + " queue wait); cancelled it");
                    return;
                }
                Thread.sleep(submission.pollEvery().toMillis());
            }
        } catch (Slurm.SlurmException e) {
            cancel(jobId);
            failRest(runs, results, "lost track of Slurm job " + jobId + ": " + e.getMessage() + "; cancelled it");
        } catch (InterruptedException e) {
            cancel(jobId);
            Thread.currentThread().interrupt();
            failRest(runs, results, "the campaign stopped waiting; cancelled Slurm job " + jobId);
        }
    }

    /** After a cancel: waits (a little) until Slurm has stopped the job's tasks, so "cancelled" is true. */
    private void awaitGone(String jobId) throws Slurm.SlurmException, InterruptedException {
        long until = System.nanoTime() + RECORD_GRACE.toNanos();
        while (!slurm.queued(jobId).isEmpty() && System.nanoTime() < until) {
            Thread.sleep(submission.pollEvery().toMillis());
        }
    }

    /** Writes a run's {@link #JOB_RECORD}: its array's name, its task, and the job's id once known. */
    private static void record(Path folder, String jobName, int task, String jobId) throws IOException {
        Files.writeString(folder.resolve(JOB_RECORD), "name=" + jobName + "\ntask=" + task + "\n"
                + (jobId == null ? "" : "job=" + jobId + "\n"));
    }

    /**
     * Cancels the task of an earlier attempt recorded in {@code folder} that is still queued or running (its
     * campaign was killed, so nothing cancelled it): queued, it would start in this attempt's folder.
     */
    private String cancelEarlier(Path folder) {
        try {
            Properties record = new Properties();
            try (var in = Files.newBufferedReader(folder.resolve(JOB_RECORD))) {
                record.load(in);
            }
            int task = Integer.parseInt(record.getProperty("task", ""));
            String jobId = record.getProperty("job");
            if (jobId == null) {
                jobId = slurm.jobNamed(record.getProperty("name", ""));
            }
            if (jobId == null || !slurm.queued(jobId).containsKey(task)) {
                return "";
            }
            slurm.cancel(jobId + "_" + task);
            return "an earlier attempt of this run was still in Slurm as job " + jobId + "_" + task + "; cancelled it";
        } catch (IOException | NumberFormatException | Slurm.SlurmException e) {
            return "";  // no record, or Slurm no longer knows the job: nothing to cancel
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private ToolResult outcome(String jobId, int taskIndex, SimulationSpec.PreparedRun run, Slurm.TaskEnd end) {
        String task = jobId + "_" + taskIndex;
        ToolResult result = switch (end.state()) {
            case "COMPLETED" -> spec.outcome(run, 0);
            case "FAILED" -> spec.outcome(run, end.exitCode());
            case "CANCELLED" -> new ToolResult.Failure(cancelledHere.contains(jobId)
                    ? "cancelled by sciloop when the campaign stopped"
                    : "cancelled outside sciloop (scancel by a person, or the cluster)"
                    + SimulationSpec.stderrTail(run.workdir()), true);
            case "TIMEOUT" -> new ToolResult.Failure("hit its Slurm time limit (" + timeLimitMinutes()
                    + " min) and was killed (files in " + run.workdir() + ")" + SimulationSpec.stderrTail(run.workdir()),
                    true);
            default -> new ToolResult.Failure("ended " + end.state() + " (exit code " + end.exitCode() + ", signal "
                    + end.signal() + ")" + SimulationSpec.stderrTail(run.workdir()), true);
        };
        if (result instanceof ToolResult.Success success) {
            Map<String, Object> outputs = new LinkedHashMap<>(success.outputs());
            outputs.put("slurm_job", task);
            return new ToolResult.Success(outputs);
        }
        ToolResult.Failure failure = (ToolResult.Failure) result;
        return new ToolResult.Failure("Slurm job " + task + ": " + failure.reason(), failure.retriable());
    }

    private void failRest(List<SimulationSpec.PreparedRun> runs, Map<ToolCall, ToolResult> results, String why) {
        runs.forEach(r -> results.putIfAbsent(r.call(), new ToolResult.Failure(why, true)));
    }

    private void cancel(String jobId) {
        cancelledHere.add(jobId);
        try {
            slurm.cancel(jobId);
        } catch (Slurm.SlurmException e) {
            // Already gone, most likely; the tasks' results say what happened.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Task i runs experiment i: each in its folder, the code's output in its stdout.txt and stderr.txt. */
    private String arrayScript(List<SimulationSpec.PreparedRun> runs, String jobName, Path campaignDir) {
        String folders = runs.stream().map(r -> quote(r.workdir().toString())).collect(Collectors.joining(" "));
        return "#!/bin/bash\n"
                + "#SBATCH --job-name=" + jobName + "\n"
                + "#SBATCH --array=0-" + (runs.size() - 1) + "%" + submission.concurrency() + "\n"
                + "#SBATCH --time=" + timeLimitMinutes() + "\n"
                + "#SBATCH --output=" + campaignDir.resolve("slurm-%A_%a.out") + "\n"
                + "folders=(" + folders + ")\n"
                + "cd \"${folders[$SLURM_ARRAY_TASK_ID]}\" || exit 97\n"
                + "bash run.sh > stdout.txt 2> stderr.txt\n";
    }

    private String runScript(SimulationSpec.PreparedRun run) {
        StringBuilder script = new StringBuilder("#!/bin/bash\n");
        spec.environment().forEach((k, v) -> script.append("export ").append(k).append('=').append(quote(v))
                .append('\n'));
        script.append("exec");
        run.command().forEach(part -> script.append(' ').append(quote(part)));
        return script.append('\n').toString();
    }

    private long timeLimitMinutes() {
        return Math.max(1, (spec.timeout().toSeconds() + 59) / 60);
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() {
        active.forEach(this::cancel);
    }
}
