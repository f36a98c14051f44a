package org.sciloop.tools.table;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.config.ScenarioException;
import org.sciloop.tools.ToolFixture;

/** A table tool refuses, at the scenario's line, columns that play two roles and levels described twice. */
class TableRolesTest {
    @TempDir
    Path dir;

    @Test
    void an_output_that_is_also_an_input_or_an_input_named_twice_is_refused() throws Exception {
        Files.writeString(dir.resolve("t.csv"), "x,z,y\n1,2,3\n2,3,4\n");
        Path scenario = dir.resolve("s.yaml");
        for (String tool : new String[] {"table-emulator", "knn-emulator"}) {
            assertThatThrownBy(() -> ToolFixture.tool("experiment: {tool: " + tool + ", with: {table: t.csv,"
                    + " inputs: [x, y], output: y}}", scenario)).isInstanceOf(ScenarioException.class)
                    .hasMessageContaining("s.yaml:3: experiment.with.output: 'y' is also listed as an input");
            assertThatThrownBy(() -> ToolFixture.tool("experiment: {tool: " + tool + ", with: {table: t.csv,"
                    + " inputs: [x, z, x], output: y}}", scenario)).isInstanceOf(ScenarioException.class)
                    .hasMessageContaining("experiment.with.inputs.2: 'x' is listed twice");
        }
    }

    @Test
    void a_table_that_names_a_column_twice_is_refused() throws Exception {
        Files.writeString(dir.resolve("t.csv"), "x,x,y\n1,2,3\n2,3,4\n");
        assertThatThrownBy(() -> ToolFixture.tool("experiment: {tool: table-emulator, with: {table: t.csv,"
                + " inputs: [x], output: y}}", dir.resolve("s.yaml"))).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("t.csv: line 1: column 'x' appears twice (columns 1 and 2)");
    }

    @Test
    void a_descriptor_table_with_two_rows_for_one_level_is_refused_naming_both_lines() throws Exception {
        Files.writeString(dir.resolve("t.csv"), "solvent,y\nwater,1\ntoluene,2\n");
        Files.writeString(dir.resolve("d.csv"), "name,polarity\nwater,10.2\ntoluene,2.4\nwater,9.0\n");
        assertThatThrownBy(() -> ToolFixture.tool("experiment: {tool: table-emulator, with: {table: t.csv,"
                + " inputs: [solvent], output: y, descriptors: {solvent: {table: d.csv, key: name}}}}",
                dir.resolve("s.yaml"))).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("d.csv line 4: level 'water' already has a row (line 2)");
    }

    @Test
    void a_descriptor_column_of_numbers_with_a_cell_that_is_none_is_refused_and_a_column_of_text_is_no_descriptor()
            throws Exception {
        // A tester: the column was dropped without a word, so the model saw one descriptor fewer than the table had.
        Files.writeString(dir.resolve("t.csv"), "solvent,y\nwater,1\ntoluene,2\nthf,3\n");
        Files.writeString(dir.resolve("d.csv"), "name,smiles,polarity,bp\nwater,O,10.2,100\ntoluene,Cc1ccccc1,2.4,x\n"
                + "thf,C1CCOC1,4.0,66\n");
        String tool = "experiment: {tool: table-emulator, with: {table: t.csv, inputs: [solvent], output: y,"
                + " descriptors: {solvent: {table: d.csv, key: name}}}}";
        assertThatThrownBy(() -> ToolFixture.tool(tool, dir.resolve("s.yaml"))).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("d.csv line 3: column 'bp' holds numbers, but not 'x' here; give this level's"
                        + " value, or remove the column if it is no descriptor");
        Files.writeString(dir.resolve("d.csv"), "name,smiles,polarity\nwater,O,10.2\ntoluene,Cc1ccccc1,2.4\n"
                + "thf,C1CCOC1,4.0\n");
        org.assertj.core.api.Assertions.assertThat(ToolFixture.tool(tool, dir.resolve("s.yaml")).impliedSpace()
                .orElseThrow().parameter("solvent").orElseThrow()).isInstanceOfSatisfying(
                org.sciloop.core.space.Parameter.Categorical.class, c -> org.assertj.core.api.Assertions
                        .assertThat(c.descriptors().get("water")).as("polarity only: smiles is text").hasSize(1));
    }
}
