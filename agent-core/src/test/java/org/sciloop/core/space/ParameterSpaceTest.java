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
}
