package org.sciloop.tools.table;

import java.nio.file.Path;
import java.util.Map;
import org.sciloop.core.contract.ToolContractTest;
import org.sciloop.core.tool.GroundTruth;
import org.sciloop.core.tool.Tool;
import org.sciloop.tools.ToolFixture;

/** The published tool contract, on the tool built as a scenario beside the built-in ones builds it. */
class TableEmulatorContractTest extends ToolContractTest {
    @Override
    protected Tool newTool() {
        return ToolFixture.tool("experiment: {tool: table-emulator, with: {table:"
                + " data/edbo_direct_arylation.csv, inputs: [Base_SMILES, Ligand_SMILES,"
                + " Solvent_SMILES, Concentration, Temp_C], output: yield}}",
                Path.of("../scenarios/contract.yaml"));
    }

    @Override
    protected Map<String, Object> validArguments() {
        return ((GroundTruth) tool).knownResponse("yield").orElseThrow().points().get(7).values();
    }
}
