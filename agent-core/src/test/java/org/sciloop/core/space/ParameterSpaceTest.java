package org.sciloop.core.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sciloop.core.model.Settings;

class ParameterSpaceTest {
    final ParameterSpace finite = new ParameterSpace(List.of(
            new Parameter.Categorical("base", List.of("K", "Cs")),
            new Parameter.Discrete("temp", List.of(120.0, 90.0, 105.0), "degC")));

    @Test
    void a_finite_space_enumerates_its_full_factorial_in_order() {
        assertThat(finite.isFinite()).isTrue();
        assertThat(finite.size()).isEqualTo(6);
        assertThat(finite.candidates()).first().isEqualTo(new Settings(Map.of("base", "K", "temp", 90.0)));
        assertThat(finite.candidates()).doesNotHaveDuplicates().allSatisfy(c -> assertThat(finite.violation(c)).isEmpty());
    }

    @Test
    void every_candidate_survives_the_trip_through_the_unit_cube() {
        for (Settings c : finite.candidates()) {
            assertThat(finite.fromUnit(finite.toUnit(c))).isEqualTo(c);
        }
        ParameterSpace box = new ParameterSpace(List.of(new Parameter.Continuous("x", -5, 10, "")));
        assertThat(box.fromUnit(new double[] {0.2}).number("x")).isCloseTo(-2.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void violations_say_which_parameter_and_why() {
        assertThat(finite.violation(new Settings(Map.of("base", "K", "temp", 100)))).contains(
                "temp must be one of [90.0, 105.0, 120.0], got 100.0");
        assertThat(finite.violation(new Settings(Map.of("base", "K")))).contains("missing a value for temp");
        assertThat(finite.violation(new Settings(Map.of("base", "K", "temp", 90, "extra", 1))))
                .contains("unknown parameter 'extra'");
        assertThat(new Parameter.Continuous("x", 0, 1, "").violation(Double.NaN)).contains("x must be a finite number, got NaN");
    }

    @Test
    void malformed_parameters_and_spaces_are_refused() {
        assertThatThrownBy(() -> new Parameter.Continuous("x", 1, 1, "")).hasMessageContaining("low must be below high");
        assertThatThrownBy(() -> new Parameter.Categorical("c", List.of())).hasMessageContaining("at least one level");
        assertThatThrownBy(() -> new ParameterSpace(List.of(new Parameter.Continuous("x", 0, 1, ""),
                new Parameter.Continuous("x", 0, 2, "")))).hasMessageContaining("unique");
    }

    /** A table that measured 3 of the 6 combinations of catalyst and solvent, at any temperature. */
    final ParameterSpace mixedPool = ParameterSpace.pool(List.of(
                    new Parameter.Categorical("catalyst", List.of("Pd", "Ni", "Cu")),
                    new Parameter.Continuous("temp", 60, 120, "degC"),
                    new Parameter.Categorical("solvent", List.of("A", "B"))),
            List.of(new Settings(Map.of("catalyst", "Pd", "solvent", "A")),
                    new Settings(Map.of("catalyst", "Ni", "solvent", "B")),
                    new Settings(Map.of("catalyst", "Cu", "solvent", "A"))));

    @Test
    void a_mixed_pool_holds_only_its_combinations_at_any_value_of_the_continuous_parameters() {
        assertThat(mixedPool.isFinite()).isFalse();
        assertThat(mixedPool.isPool()).isTrue();
        assertThat(mixedPool.violation(new Settings(Map.of("catalyst", "Ni", "temp", 61.5, "solvent", "B")))).isEmpty();
        assertThat(mixedPool.violation(new Settings(Map.of("catalyst", "Ni", "temp", 61.5, "solvent", "A"))))
                .contains("{catalyst=Ni, solvent=A} is not one of the 3 combinations of catalyst, solvent this space"
                        + " holds (those measured, not every combination)");
        assertThat(mixedPool.violation(new Settings(Map.of("catalyst", "Ni", "temp", 130, "solvent", "B"))))
                .get().asString().contains("temp");
        assertThatThrownBy(mixedPool::size).hasMessageContaining("no finite size");
    }

    @Test
    void every_point_of_the_unit_cube_is_a_point_of_a_mixed_pool_and_its_points_map_back_to_themselves() {
        java.util.Random random = new java.util.Random(3);
        java.util.Set<List<Object>> seen = new java.util.HashSet<>();
        for (int i = 0; i < 2000; i++) {
            double[] u = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
            Settings s = mixedPool.fromUnit(u);
            assertThat(mixedPool.violation(s)).as(s.toString()).isEmpty();
            assertThat(s.number("temp")).isEqualTo(60 + 60 * u[1], org.assertj.core.data.Offset.offset(1e-9));
            assertThat(mixedPool.fromUnit(mixedPool.toUnit(s))).isEqualTo(s);
            seen.add(List.of(s.get("catalyst"), s.get("solvent")));
        }
        assertThat(seen).as("every combination is reached").hasSize(3);
    }

    @Test
    void a_narrower_space_keeps_the_combinations_inside_it_and_a_malformed_pool_is_refused() {
        ParameterSpace narrower = new ParameterSpace(List.of(
                new Parameter.Categorical("catalyst", List.of("Pd", "Ni")),
                new Parameter.Continuous("temp", 80, 100, "degC"),
                new Parameter.Categorical("solvent", List.of("A", "B"))));
        ParameterSpace narrowed = mixedPool.narrowedTo(narrower);
        assertThat(narrowed.poolCombinations()).containsExactly(new Settings(Map.of("catalyst", "Pd", "solvent", "A")),
                new Settings(Map.of("catalyst", "Ni", "solvent", "B")));
        assertThat(narrowed.violation(new Settings(Map.of("catalyst", "Pd", "temp", 70, "solvent", "A")))).isPresent();

        List<Parameter> parameters = mixedPool.parameters();
        assertThatThrownBy(() -> ParameterSpace.pool(parameters, List.of(
                new Settings(Map.of("catalyst", "Pd", "solvent", "A", "temp", 70)))))
                .hasMessageContaining("'temp' is not a parameter that takes levels or values");
        assertThatThrownBy(() -> ParameterSpace.pool(parameters, List.of(new Settings(Map.of("catalyst", "Pd")))))
                .hasMessageContaining("missing a value for solvent");
        assertThatThrownBy(() -> ParameterSpace.pool(parameters, List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> ParameterSpace.pool(List.of(new Parameter.Continuous("x", 0, 1, "")),
                List.of(new Settings(Map.of("x", 0.5))))).hasMessageContaining("not continuous");
    }

    @Test
    void another_campaigns_settings_fit_when_they_differ_only_where_this_space_is_held_fixed() {
        ParameterSpace space = new ParameterSpace(List.of(new Parameter.Continuous("t", 20, 100, "C"),
                new Parameter.Categorical("ligand", List.of("A", "B")), new Parameter.Categorical("halide", List.of("Cl"))));
        assertThat(space.relatedPoint(new Settings(Map.of("t", 50.0, "ligand", "B", "halide", "Br"))))
                .as("another halide: another task, mapped onto this one's").contains(new Settings(Map.of("t", 50.0,
                        "ligand", "B", "halide", "Cl")));
        assertThat(space.relatedPoint(new Settings(Map.of("t", 150.0, "ligand", "B", "halide", "Br"))))
                .as("outside the range").isEmpty();
        assertThat(space.relatedPoint(new Settings(Map.of("t", 50.0, "ligand", "C", "halide", "Cl"))))
                .as("a level this space does not have").isEmpty();
        assertThat(space.relatedPoint(new Settings(Map.of("t", 50.0, "ligand", "A")))).as("a parameter short")
                .isEmpty();
        assertThat(space.relatedPoint(new Settings(Map.of("t", 50.0, "ligand", "A", "halide", "Cl", "base", "K"))))
                .as("a parameter this space does not have").isEmpty();
    }
}
