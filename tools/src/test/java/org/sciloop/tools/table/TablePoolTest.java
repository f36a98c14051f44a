package org.sciloop.tools.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.tools.ToolFixture;

/** A table that is not a full factorial is a pool of experiments: its measured rows, and nothing else. */
class TablePoolTest {
    @TempDir
    Path dir;

    @Test
    void a_table_short_of_a_full_factorial_offers_its_measured_rows_and_averages_repeats() throws Exception {
        // 2 catalysts x 3 temperatures = 6 combinations, of which 4 were measured; one of them twice.
        Tool tool = table("""
                catalyst,temp,yield
                Pd,60,10
                Pd,80,30
                Ni,80,20
                Ni,100,50
                Pd,80,34
                """);
        ParameterSpace space = tool.impliedSpace().orElseThrow();
        assertThat(space.isPool()).isTrue();
        assertThat(space.size()).isEqualTo(4);
        assertThat(space.combinations()).isEqualTo(6);
        assertThat(space.candidates()).containsExactly(row("Pd", 60), row("Pd", 80), row("Ni", 80), row("Ni", 100));
        assertThat(space.violation(row("Ni", 60))).hasValueSatisfying(why -> assertThat(why)
                .contains("not one of the 4 experiments", "pool"));
        assertThat(space.violation(row("Pd", 80))).isEmpty();
        assertThat(tool.descriptor().description()).contains("not a full factorial (4 of 6 combinations)",
                "1 measured more than once", "standard deviation of 2.828");
        ToolResult answer = tool.invoke(new ToolCall("table-emulator", "exp-1", row("Pd", 80).values()),
                ToolFixture.context("c"));
        assertThat(((ToolResult.Success) answer).outputs()).containsEntry("yield", 32.0);

        // A scenario that narrows the pool keeps the rows inside its narrower space, not its every combination.
        ParameterSpace narrower = new ParameterSpace(List.of(new Parameter.Categorical("catalyst", List.of("Pd",
                "Ni"), Map.of()), new Parameter.Discrete("temp", List.of(80.0, 100.0), "")));
        ParameterSpace narrowed = space.narrowedTo(narrower);
        assertThat(narrowed.candidates()).containsExactly(row("Pd", 80), row("Ni", 80), row("Ni", 100));
        assertThat(narrowed.violation(row("Pd", 100))).isPresent();
    }

    @Test
    void a_full_factorial_stays_every_combination() throws Exception {
        Tool tool = table("""
                catalyst,temp,yield
                Pd,60,10
                Pd,80,30
                Ni,60,20
                Ni,80,50
                """);
        ParameterSpace space = tool.impliedSpace().orElseThrow();
        assertThat(space.isPool()).isFalse();
        assertThat(space.size()).isEqualTo(4);
        assertThat(tool.descriptor().description()).doesNotContain("full factorial", "more than once");
    }

    private Tool table(String csv) throws Exception {
        Files.writeString(dir.resolve("t.csv"), csv);
        return ToolFixture.tool("experiment: {tool: table-emulator, with: {table: t.csv, inputs: [catalyst, temp],"
                + " output: yield}}", dir.resolve("s.yaml"));
    }

    private static Settings row(String catalyst, double temp) {
        return new Settings(Map.of("catalyst", catalyst, "temp", temp));
    }
}
