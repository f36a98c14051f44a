package org.sciloop.tools.query;

import java.nio.file.Path;
import java.util.Map;
import org.sciloop.core.contract.ToolContractTest;
import org.sciloop.core.tool.Tool;
import org.sciloop.tools.ToolFixture;

/** The published tool contract, on the tool built as a scenario beside the built-in ones builds it. */
class DatasetQueryContractTest extends ToolContractTest {
    @Override
    protected Tool newTool() {
        return ToolFixture.tool("experiment: {tool: dataset-query, with: {tables: {arylation:"
                + " data/edbo_direct_arylation.csv}}}",
                Path.of("../scenarios/contract.yaml"));
    }

    @Override
    protected Map<String, Object> validArguments() {
        return Map.of("sql", "SELECT max(yield) AS best FROM arylation WHERE Temp_C = 105");
    }
}
