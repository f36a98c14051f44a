package org.sciloop.tools.table;

import java.nio.file.Path;
import java.util.Map;
import org.sciloop.core.contract.ToolContractTest;
import org.sciloop.core.tool.Tool;
import org.sciloop.tools.ToolFixture;

/** The published tool contract, on the tool built as a scenario beside the built-in ones builds it. */
class NearestNeighbourEmulatorContractTest extends ToolContractTest {
    @Override
    protected Tool newTool() {
        return ToolFixture.tool("experiment: {tool: knn-emulator, with: {table: data/olympus_hplc.csv, inputs:"
                + " [sample_loop, additional_volume, tubing_volume, sample_flow, push_speed,"
                + " wait_time], output: peak_area}}",
                Path.of("../scenarios/contract.yaml"));
    }

    @Override
    protected Map<String, Object> validArguments() {
        return Map.of("sample_loop", 0.05, "additional_volume", 0.03, "tubing_volume", 0.5, "sample_flow", 2.0,
                "push_speed", 110.0, "wait_time", 4.0);
    }
}
