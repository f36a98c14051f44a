package org.sciloop.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.sciloop.core.config.ScenarioException;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.model.Objective;
import org.sciloop.core.space.Parameter;

class ScenarioTest {
    static final ScenarioLocation HERE = new ScenarioLocation.BuiltIn("demo");
    static final String VALID = """
            name: demo
            description: a demo
            objective:
              name: yield
              goal: maximize
              target: 95
            space:
              temperature: {type: continuous, low: 20, high: 120, unit: degC}
              equivalents: {type: discrete, values: [1, 1.5, 2]}
              solvent: {type: categorical, levels: [DMF, THF]}
            experiment:
              tool: some-tool
              with: {speed: 3}
            planner:
              name: sobol
            budget:
              experiments: 40
              batch: 4
              patience: 10
            safety:
              limits:
                temperature: {max: 100}
            """;

    @Test
    void a_valid_scenario_reads_into_its_parts() {
        Scenario s = Scenario.parse(VALID, HERE);
        assertThat(s.name()).isEqualTo("demo");
        assertThat(s.objective().goal()).isEqualTo(Objective.Goal.MAXIMIZE);
        assertThat(s.objective().target().getAsDouble()).isEqualTo(95);
        assertThat(s.space().orElseThrow().parameters()).containsExactly(
                new Parameter.Continuous("temperature", 20, 120, "degC"),
                new Parameter.Discrete("equivalents", java.util.List.of(1.0, 1.5, 2.0), ""),
                new Parameter.Categorical("solvent", java.util.List.of("DMF", "THF")));
        assertThat(s.budget()).isEqualTo(new Budget(40, 4, OptionalInt.of(10)));
        assertThat(s.toolOptions().number("speed")).isEqualTo(3);
    }

    @Test
    void overrides_replace_planner_budget_and_batch_and_drop_the_old_planner_options() {
        Scenario s = Scenario.parse(VALID.replace("name: sobol", "name: sobol\n  options: {x: 1}"), HERE)
                .withOverrides(Optional.of("random"), OptionalInt.of(7), OptionalInt.of(2));
        assertThat(s.planner()).isEqualTo("random");
        assertThat(s.plannerOptions().keys()).isEmpty();
        assertThat(s.budget().experiments()).isEqualTo(7);
        assertThat(s.budget().batch()).isEqualTo(2);
        assertThat(s.document().path("budget").path("experiments").asInt()).isEqualTo(7);
    }

    @Test
    void malformed_yaml_names_the_file_and_line() {
        assertError("name: demo\nobjective: {name: y\nbudget: 3\n", "scenarios/demo.yaml:", "malformed YAML");
        assertThatThrownBy(() -> Scenario.parse("{{{{", HERE)).hasMessage("scenarios/demo.yaml:1: malformed YAML:"
                + " Expected a field name (a plain word), got this instead: a mapping ('{' or 'key: value')");
    }

    /** YAML's spellings of not-a-number and infinity are valid YAML, so not called malformed. */
    @Test
    void not_a_number_and_infinity_are_refused_as_such() {
        assertError(VALID.replace("experiments: 40", "experiments: .nan"),
                "scenarios/demo.yaml:17: '.nan' is not a finite number; give a number");
        assertError(VALID.replace("experiments: 40", "experiments: -.Inf"),
                "scenarios/demo.yaml:17: '-.Inf' is not a finite number; give a number");
    }

    @Test
    void an_unknown_key_names_its_line_and_the_known_keys() {
        assertError(VALID.replace("  batch: 4", "  batches: 4"),
                "scenarios/demo.yaml:18: budget.batches: unknown key 'batches'; expected one of [batch, experiments, model-cost, model-tokens, patience]");
    }

    @Test
    void a_wrong_type_names_its_line() {
        assertError(VALID.replace("experiments: 40", "experiments: forty"),
                "scenarios/demo.yaml:17: budget.experiments: must be a positive whole number, got 'forty'");
        assertError(VALID.replace("experiments: 40", "experiments: -3"),
                "scenarios/demo.yaml:17: budget.experiments: must be a positive whole number, got -3");
    }

    @Test
    void a_parameter_with_low_above_high_is_refused_on_its_line() {
        assertError(VALID.replace("low: 20, high: 120", "low: 130, high: 120"),
                "scenarios/demo.yaml:8: space.temperature: parameter 'temperature': low must be below high");
    }

    @Test
    void a_missing_required_key_is_named() {
        assertError(VALID.replace("  name: yield\n", ""), "scenarios/demo.yaml:3: objective: missing 'name'");
        assertError(VALID.replace("  tool: some-tool\n", ""), "experiment: missing 'tool'");
    }

    @Test
    void an_objectives_range_is_two_numbers_low_first_and_holds_its_target() {
        Scenario s = Scenario.parse(VALID.replace("target: 95", "target: 95\n  range: [0, 100]"), HERE);
        assertThat(s.range("yield")).hasValueSatisfying(r -> assertThat(r).containsExactly(0, 100));
        assertThat(Scenario.parse(VALID, HERE).range("yield")).isEmpty();
        assertError(VALID.replace("target: 95", "target: 95\n  range: [100, 0]"), "objective.range: gives the lowest"
                + " and the highest value the outcome can take, as [low, high] with low < high");
        assertError(VALID.replace("target: 95", "target: 95\n  range: [0]"), "objective.range:");
        assertError(VALID.replace("target: 95", "target: 95\n  range: [0, 50]"), "objective.target: is 95.0, outside"
                + " the objective's range [0.0, 50.0]: no value can reach it");
    }

    @Test
    void a_bad_goal_is_named() {
        assertError(VALID.replace("goal: maximize", "goal: biggest"),
                "scenarios/demo.yaml:5: objective.goal: must be 'maximize' or 'minimize', got 'biggest'");
    }

    @Test
    void a_duplicated_key_and_an_empty_file_are_refused() {
        assertError(VALID + "name: again\n", "key 'name' appears twice");
        assertError("", "the file is empty");
        assertError("- just\n- a list\n", "scenarios/demo.yaml:1: a scenario is a mapping of keys",
                "got a list");
    }

    @Test
    void learning_from_earlier_campaigns_says_which_and_is_refused_at_its_line_otherwise() {
        Scenario s = Scenario.parse(VALID + "memory:\n  learn-from: {scenarios: [demo, other], observations: 200}\n", HERE);
        assertThat(s.learnFrom()).contains(new LearnFrom(java.util.List.of("demo", "other"), java.util.List.of(), false,
                200, "scenarios/demo.yaml:24: memory.learn-from.campaigns"));
        assertThat(Scenario.parse(VALID, HERE).learnFrom()).isEmpty();
        assertThat(Scenario.parse(VALID + "memory:\n  learn-from: {compatible: true}\n", HERE).learnFrom().orElseThrow()
                .observations()).isEqualTo(LearnFrom.DEFAULT_OBSERVATIONS);
        assertError(VALID + "memory:\n  learn-from: {}\n", "scenarios/demo.yaml:24", "says which earlier campaigns count");
        assertError(VALID + "memory:\n  learn-from: {compatible: true, observations: 0}\n", "scenarios/demo.yaml:24",
                "observations", "positive whole number");
        assertError(VALID + "memory:\n  learn-from: {scenario: demo}\n", "unknown key 'scenario'", "scenarios");
        // A campaign id that YAML reads as a number has lost how it was written: refused, not looked for as 1000.0.
        assertError(VALID + "memory:\n  learn-from: {campaigns: [1e3]}\n", "scenarios/demo.yaml:24",
                "campaigns.0", "got 1000.0", "put it in quotes");
        assertThat(Scenario.parse(VALID + "memory:\n  learn-from: {campaigns: ['1e3']}\n", HERE).learnFrom()
                .orElseThrow().campaigns()).containsExactly("1e3");
    }

    @Test
    void a_tab_is_named_as_a_tab_wherever_it_stands() {
        assertError("name: demo\nobjective:\n\tname: y\n", "scenarios/demo.yaml:3: a tab in the indentation");
        assertError("name: demo\nobjective:\tyield\n",
                "scenarios/demo.yaml:2: a tab at column 11; YAML separates keys and values with spaces only");
    }

    private static void assertError(String yaml, String... fragments) {
        assertThatThrownBy(() -> Scenario.parse(yaml, HERE)).isInstanceOf(ScenarioException.class)
                .satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
    }
}
