package org.sciloop.tools.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.tools.ToolFixture;

/**
 * knn-emulator on a mixed table: a text column is a categorical parameter matched exactly, the numeric ones are
 * continuous and matched by nearest neighbour, and every answer names the point that was really measured.
 */
class MixedNearestNeighbourTest {
    @TempDir
    Path dir;

    // Pd measured at 60 and 100 degrees; Ni at 80 only, twice; Cu (a third level) only with solvent B.
    private static final String TABLE = """
            catalyst,solvent,temp,loading,yield
            Pd,A,60,1.0,10
            Pd,A,100,1.0,40
            Ni,A,80,2.0,20
            Ni,A,80,2.0,24
            Cu,B,70,1.5,33
            """;

    @Test
    void text_columns_are_levels_and_numbers_are_ranges() throws Exception {
        Tool tool = knn(TABLE, 1);
        assertThat(tool.impliedSpace().orElseThrow().parameters()).containsExactly(
                new Parameter.Categorical("catalyst", List.of("Pd", "Ni", "Cu")),
                new Parameter.Categorical("solvent", List.of("A", "B")),
                new Parameter.Continuous("temp", 60, 100, ""), new Parameter.Continuous("loading", 1, 2, ""));
        assertThat(tool.descriptor().description()).contains("nearest of 4 measured points",
                "with the same catalyst, solvent (3 of 6 combinations measured; only those are in its space)",
                "names the measured point's settings as those run");
    }

    @Test
    void the_nearest_point_with_the_same_levels_answers_and_says_where_it_was_measured() throws Exception {
        Tool tool = knn(TABLE, 1);
        // 95 degrees is nearest to Ni's 80-degree point overall, but Pd is asked: Pd's 100-degree point answers.
        ToolResult.Success answer = (ToolResult.Success) ask(tool, "Pd", "A", 95, 1.9);
        assertThat(answer.outputs()).containsEntry("yield", 40.0);
        assertThat(answer.ranAt()).contains(point("Pd", "A", 100, 1.0));
        ToolResult.Success repeated = (ToolResult.Success) ask(tool, "Ni", "A", 61, 1.0);
        assertThat(repeated.outputs()).as("two rows at one point: their mean").containsEntry("yield", 22.0);
        assertThat(repeated.ranAt()).contains(point("Ni", "A", 80, 2.0));
        ToolResult missing = ask(tool, "Cu", "A", 70, 1.5);
        assertThat(missing).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.reason()).contains("{catalyst=Cu, solvent=A} is not one of the 3 combinations of catalyst,"
                    + " solvent this space holds");
            assertThat(f.retriable()).isFalse();
        });
    }

    @Test
    void a_blend_of_several_points_is_answered_where_it_was_asked() throws Exception {
        Tool tool = knn(TABLE, 2);
        ToolResult.Success blend = (ToolResult.Success) ask(tool, "Pd", "A", 80, 1.0);
        assertThat(blend.outputs()).as("halfway between 10 and 40").containsEntry("yield", 25.0);
        assertThat(blend.ranAt()).isEqualTo(Optional.empty());
        ToolResult.Success single = (ToolResult.Success) ask(tool, "Cu", "B", 60, 1.0);
        assertThat(single.outputs()).as("Cu/B has one point: k is capped by what was measured")
                .containsEntry("yield", 33.0);
        assertThat(tool.descriptor().description()).as("and says so").contains(
                "a combination with fewer than 2 points blends all it has (the fewest: 1)");
        assertThat(knn(TABLE, 1).descriptor().description()).doesNotContain("fewer than");
    }

    @Test
    void a_table_of_levels_only_is_refused_with_the_tool_that_fits() throws Exception {
        assertThatThrownBy(() -> knn("catalyst,solvent,yield\nPd,A,1\nNi,B,2\n", 1, "[catalyst, solvent]"))
                .hasMessageContaining("every input is a column of levels")
                .hasMessageContaining("table-emulator answers a table of levels by exact lookup");
    }

    @Test
    void a_bad_cell_in_a_numeric_column_is_refused_not_taken_for_a_level() throws Exception {
        for (String tool : new String[] {"knn-emulator", "table-emulator"}) {
            Files.writeString(dir.resolve("t.csv"), "catalyst,temp,yield\nPd,60,1\nPd,NaN,2\nNi,80,3\n");
            assertThatThrownBy(() -> ToolFixture.tool("experiment: {tool: " + tool + ", with: {table: t.csv,"
                    + " inputs: [catalyst, temp], output: yield}}", dir.resolve("s.yaml")))
                    .as(tool).hasMessageContaining("t.csv line 3: 'NaN' in column temp is not a finite number, while 2"
                            + " of its 3 cells are numbers");
        }
        assertThatThrownBy(() -> knn(TABLE, 5)).hasMessageContaining("the table has only 4 distinct points");
    }

    @Test
    void numbers_that_code_levels_are_matched_exactly_when_listed_as_categorical() throws Exception {
        String csv = "catalyst,temp,yield\n1,60,10\n1,90,40\n2,70,20\n3,80,30\n";
        for (String tool : new String[] {"knn-emulator", "table-emulator"}) {
            Files.writeString(dir.resolve("t.csv"), csv);
            Tool coded = ToolFixture.tool("experiment: {tool: " + tool + ", with: {table: t.csv, inputs: [catalyst,"
                    + " temp], output: yield, categorical: [catalyst]}}", dir.resolve("s.yaml"));
            assertThat(coded.impliedSpace().orElseThrow().parameters().get(0)).as(tool)
                    .isEqualTo(new Parameter.Categorical("catalyst", List.of("1", "2", "3")));
        }
        Tool knn = ToolFixture.tool("experiment: {tool: knn-emulator, with: {table: t.csv, inputs: [catalyst, temp],"
                + " output: yield, categorical: [catalyst]}}", dir.resolve("s.yaml"));
        // Catalyst 2 is asked at 88 degrees: its own point answers, not catalyst 1's nearer one at 90.
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("catalyst", "2");
        asked.put("temp", 88.0);
        ToolResult.Success answer = (ToolResult.Success) knn.invoke(new ToolCall("knn-emulator", "exp-1", asked),
                ToolFixture.context("c"));
        assertThat(answer.outputs()).containsEntry("yield", 20.0);

        assertThatThrownBy(() -> ToolFixture.tool("experiment: {tool: knn-emulator, with: {table: t.csv, inputs:"
                + " [catalyst, temp], output: yield, categorical: [catalyst, ligand]}}", dir.resolve("s.yaml")))
                .hasMessageContaining("s.yaml:3: experiment.with.categorical.1: 'ligand' is not one of the inputs"
                        + " [catalyst, temp]");
        assertThatThrownBy(() -> ToolFixture.tool("experiment: {tool: knn-emulator, with: {table: t.csv, inputs:"
                + " [catalyst, temp], output: yield, categorical: [catalyst, temp]}}", dir.resolve("s.yaml")))
                .hasMessageContaining("every input is a column of levels");
    }

    private Tool knn(String csv, int k) throws Exception {
        return knn(csv, k, "[catalyst, solvent, temp, loading]");
    }

    private Tool knn(String csv, int k, String inputs) throws Exception {
        Files.writeString(dir.resolve("t.csv"), csv);
        return ToolFixture.tool("experiment: {tool: knn-emulator, with: {table: t.csv, inputs: " + inputs
                + ", output: yield, neighbours: " + k + "}}", dir.resolve("s.yaml"));
    }

    private static ToolResult ask(Tool tool, String catalyst, String solvent, double temp, double loading) {
        return tool.invoke(new ToolCall("knn-emulator", "exp-1", point(catalyst, solvent, temp, loading).values()),
                ToolFixture.context("c"));
    }

    private static Settings point(String catalyst, String solvent, double temp, double loading) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("catalyst", catalyst);
        values.put("solvent", solvent);
        values.put("temp", temp);
        values.put("loading", loading);
        return new Settings(values);
    }
}
