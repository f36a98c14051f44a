package org.sciloop.tools.runner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.sciloop.core.tool.BatchTool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;

/**
 * Runs an external simulation code on this machine, one process per experiment in its own folder, up to
 * {@code concurrency} at once. A run past its time limit is killed with every process it started (see
 * {@link RunProcesses}).
 */
final class ProcessRunnerTool implements BatchTool {
    private final ToolDescriptor descriptor;
    private final SimulationSpec spec;
    private final ExecutorService pool;

    /** Checks, before a live campaign, that the program can be started and the runs' folders made. */
    private final Runnable programCheck;

    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sciloop-left-behind");
        t.setDaemon(true);
        return t;
    });

    ProcessRunnerTool(ToolDescriptor descriptor, SimulationSpec spec, int concurrency, Runnable programCheck) {
        this.descriptor = descriptor;
        this.spec = spec;
        this.programCheck = programCheck;
        this.pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "sciloop-process-runner");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public ToolDescriptor descriptor() {
        return descriptor;
    }

    /**
     * A program that is not there, or cannot be run, is refused before the campaign starts, at its line: found
     * only per experiment, it failed every run of the budget and the campaign still ended as if all were well.
     * Not at creation, so that a replay of the campaign needs no program.
     */
    @Override
    public void connect() {
        programCheck.run();
    }

    @Override
    public List<ToolResult> invokeBatch(List<ToolCall> calls, Function<ToolCall, ToolContext> contexts) {
        List<Future<ToolResult>> runs = new ArrayList<>();
        for (ToolCall call : calls) {
            runs.add(pool.submit(() -> run(call, contexts.apply(call).campaignId())));
        }
        List<ToolResult> results = new ArrayList<>();
        try {
            for (Future<ToolResult> run : runs) {
                results.add(run.get());
            }
        } catch (InterruptedException e) {
            // The engine gave up on the batch: stop every run, which kills its processes.
            runs.forEach(r -> r.cancel(true));
            Thread.currentThread().interrupt();
            while (results.size() < calls.size()) {
                results.add(new ToolResult.Failure("stopped: the campaign gave up waiting for the batch", true));
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a run failed outside its own handling", e.getCause());
        }
        return results;
    }

    private ToolResult run(ToolCall call, String campaignId) {
        SimulationSpec.PreparedRun run;
        try {
            run = spec.prepare(call, campaignId, RunProcesses::stopEarlier);
        } catch (IOException | IllegalArgumentException e) {
            return new ToolResult.Failure("cannot prepare the run: " + SimulationSpec.why(e), false);
        }
        ProcessBuilder builder = new ProcessBuilder(run.command()).directory(run.workdir().toFile())
                .redirectOutput(run.workdir().resolve("stdout.txt").toFile())
                .redirectError(run.workdir().resolve("stderr.txt").toFile());
        builder.environment().putAll(spec.environment());
        RunProcesses.Started started;
        try {
            started = RunProcesses.start(builder, run.workdir());
        } catch (IOException e) {
            return new ToolResult.Failure("cannot start '" + run.command().get(0) + "': " + e.getMessage(), false);
        }
        try {
            if (!started.process().waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                int killed = RunProcesses.kill(started);
                return new ToolResult.Failure("no result within " + (spec.timeout().toMillis() < 1000
                        ? spec.timeout().toMillis() + " ms" : spec.timeout().toSeconds() + " s") + "; killed the run ("
                        + killed + " process" + (killed == 1 ? "" : "es") + ")" + SimulationSpec.stderrTail(run.workdir())
                        + " (files in " + run.workdir() + ")", true);
            }
        } catch (InterruptedException e) {
            RunProcesses.kill(started);
            Thread.currentThread().interrupt();
            return new ToolResult.Failure("stopped before it finished; killed the run", true);
        }
        ToolResult result = spec.outcome(run, started.process().exitValue());
        int left = RunProcesses.killLeftBehind(started);
        // A daemon forked in the run's last moment may not exist yet: looked for again a little later, unnoted.
        SWEEPER.schedule(() -> RunProcesses.killLeftBehind(started), 500, TimeUnit.MILLISECONDS);
        if (left == 0) {
            return result;
        }
        String note = "the run left " + left + " process" + (left == 1 ? "" : "es") + " running; killed "
                + (left == 1 ? "it" : "them");
        if (result instanceof ToolResult.Success success) {
            Map<String, Object> outputs = new LinkedHashMap<>(success.outputs());
            outputs.put("left-behind", note);
            return new ToolResult.Success(outputs);
        }
        ToolResult.Failure failure = (ToolResult.Failure) result;
        return new ToolResult.Failure(failure.reason() + "; " + note, failure.retriable());
    }

    /** Stops every run still going (each killed with what it started), and waits a little for the kills. */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
