package org.sciloop.tools.benchmark;

import java.nio.file.Path;
import java.util.Map;
import org.sciloop.core.contract.ToolContractTest;
import org.sciloop.core.tool.Tool;
import org.sciloop.tools.ToolFixture;

/** The published tool contract, on the tool built as a scenario beside the built-in ones builds it. */
class BenchmarkFunctionContractTest extends ToolContractTest {
    @Override
    protected Tool newTool() {
        return ToolFixture.tool("experiment: {tool: benchmark-function, with: {function: branin, noise: 0.5}}",
                Path.of("../scenarios/contract.yaml"));
    }

    @Override
    protected Map<String, Object> validArguments() {
        return Map.of("x1", 1.0, "x2", 2.0);
    }
}
