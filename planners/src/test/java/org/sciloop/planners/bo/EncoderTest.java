package org.sciloop.planners.bo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;

class EncoderTest {
    // Column 2 is column 1 doubled (|r| = 1, dropped); column 3 is constant (dropped); column 4 is independent.
    static final Parameter.Categorical LIGAND = new Parameter.Categorical("ligand", List.of("a", "b", "c"), Map.of(
            "a", List.of(1.0, 2.0, 7.0, 5.0),
            "b", List.of(2.0, 4.0, 7.0, 1.0),
            "c", List.of(4.0, 8.0, 7.0, 3.0)));
    static final ParameterSpace SPACE = new ParameterSpace(List.of(LIGAND,
            new Parameter.Discrete("temp", List.of(90.0, 120.0), ""),
            new Parameter.Categorical("base", List.of("K", "Cs"))));

    @Test
    void descriptor_columns_are_scaled_to_the_unit_interval_and_decorrelated() {
        Map<String, double[]> rows = DescriptorColumns.prepare(LIGAND);
        assertThat(rows.get("a")).containsExactly(0.0, 1.0);
        assertThat(rows.get("b")).containsExactly(1.0 / 3, 0.0);
        assertThat(rows.get("c")).containsExactly(1.0, 0.5);
    }

    @Test
    void a_factor_shares_one_lengthscale_and_its_descriptors_span_a_unit_distance() {
        Encoder encoder = new Encoder(SPACE, false, true);
        assertThat(encoder.groupNames()).containsExactly("ligand", "temp", "base");
        assertThat(encoder.groups()).containsExactly(0, 0, 1, 2, 2);
        assertThat(encoder.usesDescriptors()).isTrue();
        // The prepared rows a (0, 1), b (1/3, 0), c (1, 0.5): a and c are the farthest apart, sqrt(5)/2.
        Settings s = new Settings(Map.of("ligand", "c", "temp", 120.0, "base", "Cs"));
        assertThat(encoder.encode(s)).containsExactly(
                new double[] {2 / Math.sqrt(5), 1 / Math.sqrt(5), 1.0, 0.0, 1.0}, offset(1e-12));
        assertThat(encoder.decode(new double[] {0.8, 0.5, 0.2, 0.7, 0.1})).isEqualTo(
                new Settings(Map.of("ligand", "c", "temp", 90.0, "base", "K")));
        Encoder oneHot = new Encoder(SPACE, false, false);
        assertThat(oneHot.groupNames()).containsExactly("ligand", "temp", "base");
        assertThat(oneHot.usesDescriptors()).isFalse();
    }

    @Test
    void per_column_gives_each_descriptor_and_each_level_its_own_lengthscale() {
        Encoder encoder = new Encoder(SPACE, true, true);
        assertThat(encoder.groupNames()).containsExactly("ligand#1", "ligand#2", "temp", "base=K", "base=Cs");
        Settings s = new Settings(Map.of("ligand", "c", "temp", 120.0, "base", "Cs"));
        assertThat(encoder.encode(s)).containsExactly(1.0, 0.5, 1.0, 0.0, 1.0);
    }

    @Test
    void descriptors_must_cover_every_level_with_the_same_length() {
        assertThatThrownBy(() -> new Parameter.Categorical("x", List.of("a", "b"), Map.of("a", List.of(1.0))))
                .hasMessageContaining("no descriptors for level 'b'");
        assertThatThrownBy(() -> new Parameter.Categorical("x", List.of("a", "b"),
                Map.of("a", List.of(1.0), "b", List.of(1.0, 2.0)))).hasMessageContaining("differ in length");
    }
}
