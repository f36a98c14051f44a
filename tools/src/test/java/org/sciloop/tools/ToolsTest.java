package org.sciloop.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.config.Options;
import org.sciloop.core.config.ScenarioException;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.tool.GroundTruth;
import org.sciloop.core.tool.KnownResponse;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.tools.benchmark.TestFunction;
import org.sciloop.tools.simulated.SimulatedReaction;

class ToolsTest {
    static final ScenarioLocation TABLES = new ScenarioLocation.File(Path.of("src/test/resources/tables/scenario.yaml"));

    @Test
    void both_tools_are_found_by_name() {
        assertThat(Registry.tools().names()).contains("benchmark-function", "table-emulator", "knn-emulator");
    }

    @Test
    void test_functions_take_their_known_minima_at_their_known_optima() {
        assertThat(TestFunction.BRANIN.value(new double[] {Math.PI, 2.275})).isCloseTo(0.397887, within());
        assertThat(TestFunction.BRANIN.value(new double[] {-Math.PI, 12.275})).isCloseTo(0.397887, within());
        assertThat(TestFunction.HARTMANN6.value(new double[] {0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573}))
                .isCloseTo(-3.32237, within());
        assertThat(TestFunction.ACKLEY.value(new double[] {0, 0, 0})).isCloseTo(0, within());
        assertThat(TestFunction.ACKLEY.value(new double[] {1, 0, 0})).isGreaterThan(1);
    }

    @Test
    void benchmark_noise_comes_from_the_call_random_source() {
        Tool tool = tool("experiment: {tool: benchmark-function, with: {function: branin, noise: 0.5}}");
        Map<String, Object> x = Map.of("x1", Math.PI, "x2", 2.275);
        double a = value(tool.invoke(new ToolCall("benchmark-function", "exp-1", x), context(3)));
        double b = value(tool.invoke(new ToolCall("benchmark-function", "exp-1", x), context(3)));
        double c = value(tool.invoke(new ToolCall("benchmark-function", "exp-1", x), context(4)));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        assertThat(tool.impliedSpace().orElseThrow().dimensions()).isEqualTo(2);
    }

    @Test
    void benchmark_options_are_checked() {
        assertBad("experiment: {tool: benchmark-function, with: {function: rosenbrock}}", "unknown function 'rosenbrock'");
        assertBad("experiment: {tool: benchmark-function, with: {function: branin, noise: -1}}",
                "noise: a standard deviation cannot be negative");
        assertBad("experiment: {tool: benchmark-function, with: {function: branin, dimensions: 3}}",
                "only ackley takes 'dimensions'");
    }

    @Test
    void the_table_emulator_answers_by_exact_lookup_and_averages_repeated_rows() {
        Tool tool = tableTool("[catalyst, temp]");
        assertThat(value(tool.invoke(call("Pd", 80), context(1)))).isEqualTo(11.0);
        assertThat(value(tool.invoke(call("Ni, dry", 80), context(1)))).isEqualTo(30.0);
        assertThat(tool.impliedSpace().orElseThrow().parameters()).containsExactly(
                new Parameter.Categorical("catalyst", List.of("Pd", "Ni, dry", "Ni")),
                new Parameter.Discrete("temp", List.of(80.0, 100.0), ""));
    }

    @Test
    void the_table_emulator_knows_its_response_as_measured_in_table_order() {
        KnownResponse truth = ((GroundTruth) tableTool("[catalyst, temp]")).knownResponse("yield").orElseThrow();
        assertThat(truth.points()).extracting(p -> p.get("catalyst") + "@" + p.get("temp"))
                .containsExactly("Pd@80.0", "Pd@100.0", "Ni, dry@80.0", "Ni@100.0");
        assertThat(truth.values()).containsExactly(11.0, 20.0, 30.0, 40.0);
        assertThat(((GroundTruth) tableTool("[catalyst, temp]")).knownResponse("purity")).isEmpty();
    }

    @Test
    void the_reaction_simulator_knows_its_noise_free_response_on_a_grid_through_the_best_loading() {
        Tool tool = tool("experiment: {tool: reaction-simulator, with: {noise: 2}}");
        KnownResponse truth = ((GroundTruth) tool).knownResponse("yield").orElseThrow();
        assertThat(truth.points()).hasSize(13 * 91 * 4 * 3);
        double[] values = truth.values();
        int best = 0;
        for (int i = 0; i < values.length; i++) {
            assertThat(values[i]).isEqualTo(SimulatedReaction.expected(truth.points().get(i)));
            best = values[i] > values[best] ? i : best;
        }
        assertThat(truth.points().get(best).values()).containsEntry("temperature", 120.0)
                .containsEntry("loading", SimulatedReaction.BEST_LOADING).containsEntry("ligand", "XPhos");
        assertThat(((GroundTruth) tool).knownResponse("purity")).isEmpty();
    }

    @Test
    void an_unmeasured_combination_is_a_failure_not_a_guess() {
        Tool tool = tableTool("[catalyst, temp]");
        ToolResult result = tool.invoke(call("Ni, dry", 100), context(1));
        assertThat(result).isInstanceOf(ToolResult.Failure.class);
        // The table is not a full factorial: a combination it lacks is outside its pool of experiments.
        assertThat(((ToolResult.Failure) result).reason()).contains("not one of the 4 experiments", "pool");
    }

    @Test
    void table_options_are_checked_with_their_lines() {
        assertThatThrownBy(() -> tableTool("[catalyst, pressure]")).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("experiment.with.inputs.1: no column 'pressure' in plates.csv");
        assertThatThrownBy(() -> build("""
                experiment:
                  tool: table-emulator
                  with: {table: missing.csv, inputs: [a], output: b}
                """)).hasMessageContaining(":5: experiment.with.table: cannot open 'missing.csv'");
    }

    @Test
    void the_knn_emulator_answers_with_the_nearest_measurement_or_a_weighted_mean() {
        Tool nearest = build("experiment:\n  tool: knn-emulator\n  with: {table: points.csv, inputs: [a, b], output: y}\n");
        assertThat(nearest.impliedSpace().orElseThrow().parameters()).containsExactly(
                new Parameter.Continuous("a", 0, 1, ""), new Parameter.Continuous("b", 0, 1, ""));
        assertThat(value(nearest.invoke(new ToolCall("knn-emulator", "e", Map.of("a", 0.9, "b", 0.2)), context(1))))
                .isEqualTo(2.0);
        assertThat(value(nearest.invoke(new ToolCall("knn-emulator", "e", Map.of("a", 1.0, "b", 1.0)), context(1))))
                .as("repeated rows are averaged").isEqualTo(5.0);
        Tool smooth = build("experiment:\n  tool: knn-emulator\n  with: {table: points.csv, inputs: [a, b], output: y,"
                + " neighbours: 2}\n");
        assertThat(value(smooth.invoke(new ToolCall("knn-emulator", "e", Map.of("a", 0.5, "b", 0.0)), context(1))))
                .isEqualTo(1.5);
        assertThat(smooth.invoke(new ToolCall("knn-emulator", "e", Map.of("a", 2.0, "b", 0.0)), context(1)))
                .isInstanceOf(ToolResult.Failure.class);
        assertThatThrownBy(() -> build("experiment:\n  tool: knn-emulator\n  with: {table: plates.csv, inputs: [catalyst],"
                + " output: yield}\n")).hasMessageContaining("every input is a column of levels; knn-emulator"
                + " needs at least one numeric column");
    }

    @Test
    void the_table_emulator_attaches_level_descriptors_and_checks_them() {
        Tool tool = build("""
                experiment:
                  tool: table-emulator
                  with:
                    table: plates.csv
                    inputs: [catalyst, temp]
                    output: yield
                    descriptors:
                      catalyst: {table: catalysts.csv, key: name}
                """);
        Parameter.Categorical catalyst = (Parameter.Categorical) tool.impliedSpace().orElseThrow().parameters().get(0);
        // the text column 'label' is left out; weight and charge vary, so both stay
        assertThat(catalyst.descriptors()).containsEntry("Pd", List.of(106.4, 0.0)).containsEntry("Ni", List.of(58.7, 1.0));
        assertThatThrownBy(() -> build("experiment:\n  tool: table-emulator\n  with:\n    table: plates.csv\n"
                + "    inputs: [catalyst, temp]\n    output: yield\n    descriptors:\n"
                + "      temp: {table: catalysts.csv, key: name}\n"))
                .hasMessageContaining(":10: experiment.with.descriptors.temp: descriptors describe the levels of a text column");
        assertThatThrownBy(() -> build("experiment:\n  tool: table-emulator\n  with:\n    table: plates.csv\n"
                + "    inputs: [catalyst, temp]\n    output: yield\n    descriptors:\n"
                + "      catalyst: {table: catalysts.csv, key: label}\n"))
                .hasMessageContaining("catalysts.csv has no row for level 'Pd' of catalyst");
        assertThatThrownBy(() -> build("experiment:\n  tool: table-emulator\n  with:\n    table: plates.csv\n"
                + "    inputs: [catalyst, temp]\n    output: yield\n    descriptors:\n"
                + "      solvent: {table: catalysts.csv, key: name}\n"))
                .hasMessageContaining("'solvent' is not one of the inputs");
    }

    private static Tool tableTool(String inputs) {
        return build("experiment:\n  tool: table-emulator\n  with: {table: plates.csv, inputs: " + inputs
                + ", output: yield}\n");
    }

    private static Tool tool(String experiment) {
        return build(experiment + "\n");
    }

    private static Tool build(String experiment) {
        Scenario s = Scenario.parse("name: t\nobjective: {name: yield}\n" + experiment, TABLES);
        Options with = s.toolOptions();
        return Registry.tools().get(s.tool()).create(with);
    }

    private static void assertBad(String experiment, String message) {
        assertThatThrownBy(() -> tool(experiment)).isInstanceOf(ScenarioException.class).hasMessageContaining(message);
    }

    private static ToolCall call(String catalyst, double temp) {
        return new ToolCall("table-emulator", "exp-1", Map.of("catalyst", catalyst, "temp", temp));
    }

    private static ToolContext context(long seed) {
        return new ToolContext("c", Clock.systemUTC(), new Random(seed));
    }

    private static double value(ToolResult result) {
        return ((Number) ((ToolResult.Success) result).outputs().values().iterator().next()).doubleValue();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-5);
    }
}
