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
