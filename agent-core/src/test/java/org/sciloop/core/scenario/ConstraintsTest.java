package org.sciloop.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sciloop.core.config.ScenarioException;
import org.sciloop.core.model.OutcomeConstraint;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterConstraint;
import org.sciloop.core.space.ParameterSpace;

/** {@code constraints:}: conditions on parameters and bounds on outcomes, read and checked at their lines. */
class ConstraintsTest {
    static final String CONSTRAINED = """
            name: demo
            objective:
              name: yield
            constraints:
              parameters:
                - temperature <= boiling_point(solvent) - 5
                - 2 * a + b / 4 - 1 >= -c
                - forbid: {ligand: dppf, solvent: [DMF, water]}
              outcomes:
                - impurity <= 0.5
                - 10 < conversion
              tables:
                boiling_point: {toluene: 110.6, DMF: 153, water: 100}
            space:
              t: {type: continuous, low: 20, high: 120}
            experiment:
              tool: some-tool
            """;

    @Test
    void conditions_and_bounds_are_read_in_order() {
        Scenario s = Scenario.parse(CONSTRAINED, ScenarioTest.HERE);
        assertThat(s.outcomeConstraints()).containsExactly(
                new OutcomeConstraint("impurity", OutcomeConstraint.Bound.AT_MOST, 0.5),
                new OutcomeConstraint("conversion", OutcomeConstraint.Bound.AT_LEAST, 10));
        List<ParameterConstraint> p = s.parameterConstraints();
        assertThat(p).hasSize(3);
        ParameterConstraint.Linear boiling = (ParameterConstraint.Linear) p.get(0);
        assertThat(boiling.coefficients()).isEqualTo(Map.of("temperature", 1.0));
        assertThat(boiling.tabled()).singleElement().satisfies(t -> {
            assertThat(t.argument()).isEqualTo("solvent");
            assertThat(t.coefficient()).isEqualTo(-1);
        });
        assertThat(boiling.constant()).isEqualTo(5);
        assertThat(boiling.relation()).isEqualTo(ParameterConstraint.Relation.AT_MOST);
        ParameterConstraint.Linear linear = (ParameterConstraint.Linear) p.get(1);
        assertThat(linear.coefficients()).isEqualTo(Map.of("a", 2.0, "b", 0.25, "c", 1.0));
        assertThat(linear.constant()).isEqualTo(-1);
        assertThat(linear.relation()).isEqualTo(ParameterConstraint.Relation.AT_LEAST);
        assertThat(p.get(2).text()).isEqualTo("never ligand dppf with solvent in [DMF, water]");
    }

    @Test
    void a_mistake_is_refused_at_its_line_saying_what_is_wrong() {
        assertError(CONSTRAINED.replace("- 2 * a + b / 4 - 1 >= -c", "- a * b <= 1"), "demo.yaml:7:",
                "constraints.parameters.1", "'a' times another name is not linear");
        assertError(CONSTRAINED.replace("- 2 * a + b / 4 - 1 >= -c", "- a + b"), "demo.yaml:7:",
                "no relation: write both sides around <=, >= or ==");
        assertError(CONSTRAINED.replace("boiling_point(solvent) - 5", "melting_point(solvent)"), "demo.yaml:6:",
                "no table 'melting_point' under constraints.tables (tables: boiling_point)");
        assertError(CONSTRAINED.replace("- 2 * a + b / 4 - 1 >= -c", "- a / 0 <= 1"), "division by zero");
        assertError(CONSTRAINED.replace("- 2 * a + b / 4 - 1 >= -c", "- a + 1e400 * b <= 1"),
                "1e400 is too large for a number");
        assertError(CONSTRAINED.replace("- 2 * a + b / 4 - 1 >= -c", "- 1e300 * 1e300 * a <= 1"),
                "a coefficient is too large for a number");
        assertError(CONSTRAINED.replace("- impurity <= 0.5", "- impurity == 0.5"), "demo.yaml:10:",
                "an outcome cannot be held equal to a value");
        assertError(CONSTRAINED.replace("- impurity <= 0.5", "- impurity + cost <= 0.5"), "demo.yaml:10:",
                "bound one outcome by a number");
        assertError(CONSTRAINED.replace("- forbid: {ligand: dppf, solvent: [DMF, water]}", "- forbid: {}"),
                "demo.yaml:8:", "a mapping here is 'forbid:");
        assertError(CONSTRAINED.replace("solvent: [DMF, water]", "solvent: []"), "is an empty list");
        assertError(CONSTRAINED.replace("toluene: 110.6", "toluene: hot"), "demo.yaml:13:",
                "constraints.tables.boiling_point.toluene");
        assertError(CONSTRAINED.replace("  outcomes:", "  outcome:"), "unknown key 'outcome'");
        assertError(CONSTRAINED.replace("toluene: 110.6,", "toluene: 110.6}\n    melting: {toluene: -95,"),
                "demo.yaml:14: constraints.tables.melting: no condition under constraints.parameters uses it");
        assertError(CONSTRAINED.replace("- forbid: {ligand: dppf, solvent: [DMF, water]}",
                "- {forbid: {ligand: dppf}, also: 1}"), "demo.yaml:8:", "unknown key 'also'");
    }

    @Test
    void a_space_keeps_only_the_candidates_that_keep_its_constraints_and_solves_its_equalities() {
        Map<String, Map<String, Double>> tables = Map.of("bp", Map.of("water", 100.0, "toluene", 110.6));
        ParameterSpace finite = new ParameterSpace(List.of(
                new Parameter.Discrete("T", List.of(80.0, 100.0, 120.0), "C"),
                new Parameter.Categorical("solvent", List.of("water", "toluene"))))
                .constrainedBy(List.of(ParameterConstraint.parse("T <= bp(solvent)", tables)));
        assertThat(finite.candidates()).containsExactly(point("T", 80.0, "solvent", "water"),
                point("T", 80.0, "solvent", "toluene"), point("T", 100.0, "solvent", "water"),
                point("T", 100.0, "solvent", "toluene"));

        ParameterSpace mixture = new ParameterSpace(List.of(new Parameter.Continuous("a", 0, 1, ""),
                new Parameter.Continuous("b", 0, 1, ""), new Parameter.Continuous("c", 0, 1, "")))
                .constrainedBy(List.of(ParameterConstraint.parse("a + b + c == 1", Map.of())));
        Settings solved = mixture.constrainedFromUnit(new double[] {0.2, 0.3, 0.9}).orElseThrow();
        assertThat(((Number) solved.get("c")).doubleValue()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(mixture.constrainedFromUnit(new double[] {0.7, 0.6, 0.1})).as("c would be -0.3").isEmpty();
        assertThat(mixture.admissibleShare(20_000, new java.util.Random(1))).as("the triangle a + b <= 1")
                .isBetween(0.48, 0.52);
    }

    @Test
    void a_constraint_that_does_not_fit_the_space_says_why() {
        ParameterSpace space = new ParameterSpace(List.of(new Parameter.Continuous("T", 20, 120, "C"),
                new Parameter.Categorical("solvent", List.of("water", "toluene"))));
        assertThat(ParameterConstraint.parse("T + x <= 1", Map.of()).misfit(space)).hasValueSatisfying(
                why -> assertThat(why).isEqualTo("no parameter 'x'; the space's parameters: T, solvent"));
        assertThat(ParameterConstraint.parse("solvent <= 1", Map.of()).misfit(space)).hasValueSatisfying(
                why -> assertThat(why).startsWith("'solvent' is categorical"));
        assertThat(ParameterConstraint.parse("T <= bp(solvent)", Map.of("bp", Map.of("water", 100.0)))
                .misfit(space)).hasValueSatisfying(why -> assertThat(why)
                .isEqualTo("table 'bp' gives no value for solvent level toluene"));
        assertThat(ParameterConstraint.parse("T <= bp(solvent)", Map.of("bp", Map.of("water", 100.0,
                "toluene", 111.0, "DMF", 153.0))).misfit(space)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("table 'bp' names DMF, not a level of solvent"));
        assertThat(new ParameterConstraint.Forbidden("never", Map.of("solvent", List.of("THF"))).misfit(space))
                .hasValueSatisfying(why -> assertThat(why).startsWith("'THF' is not a level of solvent"));
        assertThatThrownBy(() -> new ParameterSpace(List.of(new Parameter.Continuous("a", 0, 1, ""),
                new Parameter.Continuous("b", 0, 1, ""))).constrainedBy(List.of(
                ParameterConstraint.parse("a + b == 1", Map.of()), ParameterConstraint.parse("2 * b == a", Map.of()))))
                .hasMessageContaining("a + b == 1: is solved for b (its last continuous parameter), which '2 * b == a'"
                        + " names too");
        assertThatThrownBy(() -> new ParameterSpace(List.of(new Parameter.Continuous("a", 0, 1, ""),
                new Parameter.Continuous("b", 0, 1, ""), new Parameter.Continuous("c", 0, 1, ""))).constrainedBy(
                List.of(ParameterConstraint.parse("a + b + c == 1", Map.of()),
                        ParameterConstraint.parse("a - c == 0", Map.of()))))
                .hasMessageContaining("a - c == 0: is solved for c (its last continuous parameter), as 'a + b + c == 1'"
                        + " is");
    }

    private static Settings point(String a, Object x, String b, Object y) {
        return new Settings(new java.util.LinkedHashMap<>(Map.of(a, x, b, y)));
    }

    private static void assertError(String yaml, String... fragments) {
        assertThatThrownBy(() -> Scenario.parse(yaml, ScenarioTest.HERE)).isInstanceOf(ScenarioException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }
}
