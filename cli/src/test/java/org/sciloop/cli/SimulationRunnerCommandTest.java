package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;

/** The kinetics campaigns: the model run as an external code, locally and on Slurm. */
class SimulationRunnerCommandTest {
    @TempDir
    Path dir;

    @Test
    void kinetics_local_runs_each_experiment_as_a_process_in_its_own_folder() {
        Path out = dir.resolve("local");
        Cli run = Cli.run("run", "kinetics-local", "--budget", "8", "--out", out.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("8 run, 0 failed, 0 denied");
        List<TraceEvent.ActionCompleted> completed = completed(out);
        assertThat(completed).hasSize(8).allSatisfy(c -> {
            assertThat(c.outputs()).containsKeys("yield_pct", "conversion_pct", "workdir");
            assertThat(Path.of((String) c.outputs().get("workdir")).resolve("input.json")).exists();
        });
        assertThat(Cli.run("verify", out.toString()).exit()).isEqualTo(0);
    }

    /** A program that is not there is refused before anything is written, by a dry run too (a pre-flight check). */
    @Test
    void a_missing_program_is_refused_at_its_line_by_a_run_and_a_dry_run() throws java.io.IOException {
        Path scenario = Files.writeString(dir.resolve("missing.yaml"), """
                name: missing-program
                objective: {name: y, goal: maximize}
                space: {x: {type: continuous, low: 0, high: 1}}
                experiment:
                  tool: process
                  with:
                    command: [%s]
                    output: {json: out.json}
                planner: {name: random}
                budget: {experiments: 3}
                """.formatted(dir.resolve("gone.sh")));
        for (List<String> args : List.of(List.<String>of(), List.of("--dry-run"))) {
            Path out = dir.resolve("out" + args.size());
            List<String> command = new java.util.ArrayList<>(List.of("run", scenario.toString(), "--out",
                    out.toString()));
            command.addAll(args);
            Cli run = Cli.run(command.toArray(String[]::new));
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(run.err()).contains("missing.yaml:7: experiment.with.command.0: '" + dir.resolve("gone.sh")
                    + "' does not exist");
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void kinetics_slurm_runs_each_batch_as_a_job_array() {
        boolean slurm = Arrays.stream(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d,
                "sbatch")));
        if ("1".equals(System.getenv("SCILOOP_REQUIRE_SLURM"))) {
            assertThat(slurm).as("SCILOOP_REQUIRE_SLURM=1 but sbatch is not installed").isTrue();
        }
        assumeTrue(slurm, "no Slurm here; .ci/slurm.sh starts a single-node cluster");
        Path out = dir.resolve("slurm");
        Cli run = Cli.run("run", "kinetics-slurm", "--budget", "8", "--out", out.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("8 run, 0 failed, 0 denied");
        // Two batches of four: two job arrays, each task's job id in the outputs.
        List<String> arrays = jobs(out);
        assertThat(arrays).hasSize(2);
        assertThat(completed(out)).extracting(c -> ((String) c.outputs().get("slurm_job")).replaceAll("_\\d+$", ""))
                .hasSize(8).containsOnlyElementsOf(arrays);
    }

    private static List<TraceEvent.ActionCompleted> completed(Path run) {
        return TraceReader.readIntact(run.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(TraceEvent.ActionCompleted.class::isInstance).map(TraceEvent.ActionCompleted.class::cast)
                .toList();
    }

    /** The job arrays submitted, in order. */
    private static List<String> jobs(Path run) {
        return TraceReader.readIntact(run.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(TraceEvent.DeviceStepped.class::isInstance).map(e -> ((TraceEvent.DeviceStepped) e).target()
                        .replaceAll("slurm job (\\d+)_\\d+", "$1")).distinct().toList();
    }
}
