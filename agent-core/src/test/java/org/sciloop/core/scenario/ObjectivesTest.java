package org.sciloop.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sciloop.core.config.ScenarioException;
import org.sciloop.core.model.Objective;

/** {@code objectives:}: several outcomes traded off, each checked at its line; {@code objective:} stays as it was. */
class ObjectivesTest {
    static final String TWO = """
            name: demo
            objectives:
              - name: yield
                goal: maximize
                reference: 0
                target: 95
              - name: cost
                goal: minimise
                reference: 0.5
            space:
              t: {type: continuous, low: 20, high: 120}
            experiment:
              tool: some-tool
            """;

    @Test
    void several_objectives_read_in_order_with_their_references_and_the_first_is_the_objective() {
        Scenario s = Scenario.parse(TWO, ScenarioTest.HERE);
        assertThat(s.multiObjective()).isTrue();
        assertThat(s.objectives()).extracting(Objective::name).containsExactly("yield", "cost");
        assertThat(s.objectives()).extracting(Objective::goal)
                .containsExactly(Objective.Goal.MAXIMIZE, Objective.Goal.MINIMIZE);
        assertThat(s.objectives().get(0).reference().getAsDouble()).isZero();
        assertThat(s.objectives().get(1).reference().getAsDouble()).isEqualTo(0.5);
        assertThat(s.objectives().get(0).target().getAsDouble()).isEqualTo(95);
        assertThat(s.objective()).isEqualTo(s.objectives().get(0));
    }

    @Test
    void one_objective_in_either_form_is_the_same_campaign() {
        Scenario single = Scenario.parse(ScenarioTest.VALID, ScenarioTest.HERE);
        assertThat(single.objectives()).containsExactly(single.objective());
        assertThat(single.multiObjective()).isFalse();
        String first = TWO.substring(0, TWO.indexOf("  - name: cost")) + TWO.substring(TWO.indexOf("space:"));
        assertThat(Scenario.parse(first.replace("    reference: 0\n", ""), ScenarioTest.HERE).objectives())
                .hasSize(1);
        assertError(first, "demo.yaml:5: objectives.0.reference: is the corner a Pareto front's hypervolume is"
                + " measured from; with one objective there is no front");
    }

    @Test
    void a_reference_or_an_outcome_bound_outside_the_objectives_range_is_refused_at_its_line() {
        String ranged = TWO.replace("    reference: 0\n", "    reference: 0\n    range: [0, 100]\n");
        assertThat(Scenario.parse(ranged, ScenarioTest.HERE).range("yield")).isPresent();
        assertError(ranged.replace("reference: 0\n", "reference: 150\n").replace("    target: 95\n", ""),
                "demo.yaml:5: objectives.0.reference: is"
                + " 150.0, outside the objective's range [0.0, 100.0]: no value could improve on it");
        assertError(ranged + "constraints: {outcomes: [yield >= 150]}\n", "constraints.outcomes.0: 'yield >= 150'"
                + " keeps no value of yield's range [0.0, 100.0]: no experiment could count");
        assertThat(Scenario.parse(ranged + "constraints: {outcomes: [yield >= 100]}\n", ScenarioTest.HERE)
                .outcomeConstraints()).hasSize(1);
        assertError(ranged.replace("range: [0, 100]", "range: [0, 1e400]"), "objectives.0.range: holds a number"
                + " beyond what a number can hold");
    }

    @Test
    void each_mistake_is_refused_at_its_line() {
        assertError(TWO.replace("name: cost", "name: yield"),
                "demo.yaml:7: objectives.1.name: 'yield' is already an objective; name each outcome once");
        assertError(TWO.replace("goal: minimise", "goal: cheap"),
                "demo.yaml:8: objectives.1.goal: must be 'maximize' or 'minimize', got 'cheap'");
        assertError(TWO.replace("reference: 0.5", "reference: cheap"), "demo.yaml:9: objectives.1.reference:");
        assertError(TWO.replace("reference: 0.5", "referance: 0.5"), "demo.yaml:9: objectives.1.referance:",
                "unknown key 'referance'");
        assertError(TWO.replace("objectives:\n", "objective: {name: y}\nobjectives:\n"),
                "objectives: give either 'objective' (one) or 'objectives' (a list), not both");
        assertError(TWO.substring(0, TWO.indexOf("objectives:")) + "objectives: []\n"
                + TWO.substring(TWO.indexOf("space:")), "objectives: is an empty list; name at least one objective");
        assertError(TWO.replace("  - name: yield\n", "  - name: ''\n"),
                "objectives.0.name: names the outcome to optimise; it cannot be empty");
        assertError(ScenarioTest.VALID.replace("  target: 95\n", "  target: 95\n  reference: 0\n"),
                "objective.reference: is the corner a Pareto front's hypervolume is measured from; with one objective"
                        + " there is no front");
    }

    /**
     * What refuses only a campaign that could achieve nothing is asked of a new one, not of one already run: an
     * older trace with such a scenario stays readable (a tester's report of one was refused once the rule came in).
     */
    @Test
    void a_campaign_that_could_achieve_nothing_is_refused_but_its_record_still_reads() throws Exception {
        String pointless = """
                name: pointless
                objectives:
                  - {name: f1, goal: minimize, reference: 1.1, target: 5}
                  - {name: f2, goal: minimize, reference: 1.1}
                constraints: {outcomes: [slack >= 0, slack >= 0, f2 >= 2]}
                experiment: {tool: benchmark-function, with: {function: c2dtlz2}}
                """;
        assertError(pointless, "objectives.0.target: is 5.0, on the worse side of the reference 1.1");
        assertError(pointless.replace(", target: 5", ""), "constraints.outcomes.1: 'slack >= 0' is listed twice");
        assertError(pointless.replace(", target: 5", "").replace("slack >= 0, slack >= 0", "slack >= 0"),
                "'f2 >= 2' leaves f2 only values on the worse side of its reference 1.1");
        Scenario recorded = Scenario.fromRecorded(new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(pointless), ScenarioTest.HERE);
        assertThat(recorded.outcomeConstraints()).hasSize(3);
        assertThat(recorded.objectives().get(0).target()).hasValue(5);
    }

    private static void assertError(String yaml, String... fragments) {
        assertThatThrownBy(() -> Scenario.parse(yaml, ScenarioTest.HERE)).isInstanceOf(ScenarioException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }
}
