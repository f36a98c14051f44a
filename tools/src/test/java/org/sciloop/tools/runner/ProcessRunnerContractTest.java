package org.sciloop.tools.runner;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.contract.ToolContractTest;
import org.sciloop.core.tool.Tool;
import org.sciloop.tools.ToolFixture;

/** The published tool contract, on a process runner running a real process per call. */
class ProcessRunnerContractTest extends ToolContractTest {
    @TempDir
    Path dir;

    @Override
    protected Tool newTool() {
        return ToolFixture.tool("""
                experiment:
                  tool: process
                  with:
                    command: [sh, -c, 'echo "value = ${x}"']
                    output: {stdout: {y: 'value = ([0-9.]+)'}}
                """, dir.resolve("scenario.yaml"));
    }

    @Override
    protected Map<String, Object> validArguments() {
        return Map.of("x", 4.5);
    }
}
