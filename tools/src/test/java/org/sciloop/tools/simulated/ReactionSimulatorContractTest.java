package org.sciloop.tools.simulated;

import java.nio.file.Path;
import java.util.Map;
import org.sciloop.core.contract.ToolContractTest;
import org.sciloop.core.tool.Tool;
import org.sciloop.tools.ToolFixture;

/** The published tool contract, on the tool built as a scenario beside the built-in ones builds it. */
class ReactionSimulatorContractTest extends ToolContractTest {
    @Override
    protected Tool newTool() {
        return ToolFixture.tool("experiment: {tool: reaction-simulator, with: {noise: 2}}",
                Path.of("../scenarios/contract.yaml"));
    }

    @Override
    protected Map<String, Object> validArguments() {
        return Map.of("temperature", 100.0, "loading", 2.5, "ligand", "XPhos", "solvent", "toluene");
    }
}
