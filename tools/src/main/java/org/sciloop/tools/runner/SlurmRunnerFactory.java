package org.sciloop.tools.runner;

import java.util.ArrayList;
import java.util.List;
import org.sciloop.core.config.Options;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolFactory;

/**
 * {@code slurm}: the {@code process} runner's contract, each batch submitted to Slurm as a job array. Extra
 * options: {@code partition}, {@code sbatch-options} (list, passed to sbatch as they are), {@code concurrency}
 * (tasks of an array running at once, default 8), {@code poll-every} (default PT1S), {@code queue-wait} (how
 * long a job may wait for a node, default PT30M). See docs/simulation-runners.md.
 */
public final class SlurmRunnerFactory implements ToolFactory {

    @Override
    public String name() {
        return "slurm";
    }

    @Override
    public String summary() {
        return "runs an external simulation code per experiment as Slurm job arrays (sbatch, squeue, sacct)";
    }

    @Override
    public Tool create(Options options) {
        List<String> allowed = new ArrayList<>(SimulationSpec.OPTIONS);
        allowed.addAll(List.of("partition", "sbatch-options", "concurrency", "poll-every", "queue-wait"));
        options.allowOnly(allowed.toArray(String[]::new));
        SimulationSpec spec = SimulationSpec.from(options);
        List<String> sbatch = new ArrayList<>();
        options.optionalString("partition").ifPresent(p -> sbatch.add("--partition=" + p));
        if (options.has("sbatch-options")) {
            sbatch.addAll(options.strings("sbatch-options"));
        }
        var submission = new SlurmRunnerTool.Submission(sbatch, options.positiveInt("concurrency", 8),
                options.positiveDuration("poll-every", "PT1S"), options.positiveDuration("queue-wait", "PT30M"));
        var descriptor = spec.descriptor(name(), "per experiment on Slurm", spec.timeout().plus(submission.queueWait()));
        return new SlurmRunnerTool(descriptor, spec, submission, new Slurm(), () -> spec.requireWorkRoot(options));
    }
}
