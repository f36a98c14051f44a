package org.sciloop.tools.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.contract.ToolContractTest;
import org.sciloop.core.tool.Tool;
import org.sciloop.tools.ToolFixture;

/** The published tool contract, on the Slurm runner against the real Slurm of this machine (see .ci/slurm.sh). */
class SlurmRunnerContractTest extends ToolContractTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void slurmIsHere() {
        boolean present = Arrays.stream(System.getenv("PATH").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "sbatch")));
        if ("1".equals(System.getenv("SCILOOP_REQUIRE_SLURM"))) {
            assertThat(present).as("SCILOOP_REQUIRE_SLURM=1 but sbatch is not installed").isTrue();
        }
        assumeTrue(present, "no Slurm here; run .ci/slurm.sh (as root) to start a single-node cluster");
    }

    @Override
    protected Tool newTool() {
        return ToolFixture.tool("experiment:\n  tool: slurm\n  with:\n    workdir: " + dir.resolve("runs")
                + "\n    poll-every: PT0.2S\n    command: [sh, -c, 'echo \"value = ${x}\"']\n"
                + "    output: {stdout: {y: 'value = ([0-9.]+)'}}\n", dir.resolve("scenario.yaml"));
    }

    @Override
    protected Map<String, Object> validArguments() {
        return Map.of("x", 4.5);
    }
}
