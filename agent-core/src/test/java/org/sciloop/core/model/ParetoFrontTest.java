package org.sciloop.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {
    static final Objective YIELD = new Objective("yield", Objective.Goal.MAXIMIZE, OptionalDouble.empty(),
            OptionalDouble.of(0));
    static final Objective COST = new Objective("cost", Objective.Goal.MINIMIZE, OptionalDouble.empty(),
            OptionalDouble.of(10));

    private static Observation seen(String id, double yield, double cost) {
        return new Observation(id, new Settings(Map.of("id", id)), Map.of("yield", yield, "cost", cost),
                Observation.Status.OK, "", "test");
    }

    @Test
    void the_front_keeps_what_nothing_beats_on_both_and_its_hypervolume_is_the_staircase_below_it() {
        List<Observation> seen = List.of(seen("a", 50, 2), seen("b", 80, 6), seen("c", 40, 5), seen("d", 80, 6),
                seen("e", 90, 9), new Observation("f", new Settings(Map.of("id", "f")), Map.of(),
                        Observation.Status.FAILED, "broke", "test"));
        ParetoFront front = ParetoFront.of(List.of(YIELD, COST), seen);
        // c is beaten by a; d repeats b (the first is kept); a failed run has no values.
        assertThat(front.members()).extracting(Observation::experimentId).containsExactly("a", "b", "e");
        // From (0 yield, cost 10): 50 x 8 + (80 - 50) x 4 + (90 - 80) x 1.
        assertThat(front.hypervolume(new double[] {0, 10})).isEqualTo(400 + 120 + 10, within(1e-9));
        assertThat(ParetoFront.hypervolumeSoFar(List.of(YIELD, COST), List.of(), seen, new double[] {0, 10}))
                .containsExactly(new double[] {400, 400 + 120, 520, 520, 530, 530}, within(1e-9));
    }

    @Test
    void a_point_beyond_the_reference_adds_nothing() {
        List<Observation> seen = List.of(seen("a", 50, 12), seen("b", -5, 1));
        assertThat(ParetoFront.of(List.of(YIELD, COST), seen).hypervolume(new double[] {0, 10})).isZero();
    }

    /** The exact slicing agrees with counting a fine grid, in two, three and four dimensions. */
    @Test
    void the_hypervolume_matches_a_monte_carlo_count_in_up_to_four_dimensions() {
        Random random = new Random(7);
        for (int d = 2; d <= 4; d++) {
            for (int trial = 0; trial < 5; trial++) {
                List<double[]> points = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    double[] p = new double[d];
                    for (int k = 0; k < d; k++) {
                        p[k] = random.nextDouble();
                    }
                    points.add(p);
                }
                double[] reference = new double[d];
                double exact = ParetoFront.hypervolume(points, reference);
                int inside = 0;
                int samples = 200_000;
                for (int s = 0; s < samples; s++) {
                    double[] u = new double[d];
                    for (int k = 0; k < d; k++) {
                        u[k] = random.nextDouble();
                    }
                    for (double[] p : points) {
                        if (ParetoFront.dominates(p, u)) {
                            inside++;
                            break;
                        }
                    }
                }
                assertThat(exact).as("%d dimensions", d).isCloseTo((double) inside / samples, within(0.006));
            }
        }
    }

    /**
     * Three dimensions take a staircase swept along the last coordinate; it must give what slicing by that
     * coordinate and sweeping each slice in two gives, on fronts, clouds, repeated values and points below the
     * reference.
     */
    @Test
    void the_three_dimensional_sweep_agrees_with_slicing_into_two_dimensional_ones() {
        Random random = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(trial < 100 ? 8 : 120);
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double[] p = new double[3];
                if (trial % 3 == 0) {          // on a sphere: every point on the front
                    double a = random.nextDouble() * Math.PI / 2;
                    double b = random.nextDouble() * Math.PI / 2;
                    p = new double[] {Math.cos(a) * Math.cos(b), Math.sin(a) * Math.cos(b), Math.sin(b)};
                } else {
                    for (int k = 0; k < 3; k++) {  // a cloud, its values on a coarse grid in one trial of two
                        p[k] = trial % 2 == 0 ? random.nextInt(5) / 4.0 : random.nextDouble() * 1.2 - 0.1;
                    }
                }
                points.add(p);
            }
            double[] reference = {0, 0.05, 0};
            assertThat(ParetoFront.hypervolume(points, reference)).as("trial %d, %d points", trial, n)
                    .isCloseTo(sliced(points, reference), within(1e-9));
        }
    }

    /** The volume as slices between the points' last coordinates, each a two-dimensional sweep. */
    private static double sliced(List<double[]> points, double[] reference) {
        List<Double> levels = new ArrayList<>(List.of(reference[2]));
        points.stream().filter(p -> p[2] > reference[2]).forEach(p -> levels.add(p[2]));
        levels.sort(null);
        double volume = 0;
        for (int i = 1; i < levels.size(); i++) {
            double level = levels.get(i);
            List<double[]> reaching = points.stream().filter(p -> p[2] >= level).map(p -> new double[] {p[0], p[1]})
                    .toList();
            volume += (level - levels.get(i - 1)) * ParetoFront.hypervolume(reaching,
                    new double[] {reference[0], reference[1]});
        }
        return volume;
    }

    @Test
    void a_missing_reference_is_inferred_from_the_worst_value_less_a_tenth_of_the_range() {
        Objective cost = new Objective("cost", Objective.Goal.MINIMIZE, OptionalDouble.empty());
        List<Observation> seen = List.of(seen("a", 50, 2), seen("b", 80, 6));
        ParetoFront front = ParetoFront.of(List.of(YIELD, cost), seen);
        assertThat(ParetoFront.reference(List.of(YIELD, cost))).isEmpty();
        assertThat(front.referenceOrInferred(seen)).containsExactly(new double[] {0, 6.4}, within(1e-12));
    }

    /** Values that do not spread still enclose a volume: the reference stands a tenth of their size away. */
    @Test
    void a_reference_inferred_from_one_value_lies_a_tenth_of_it_away() {
        Objective cost = new Objective("cost", Objective.Goal.MINIMIZE, OptionalDouble.empty());
        List<Observation> seen = List.of(seen("a", 50, 2), seen("b", 80, 2));
        ParetoFront front = ParetoFront.of(List.of(YIELD, cost), seen);
        double[] reference = front.referenceOrInferred(seen);
        assertThat(reference).containsExactly(new double[] {0, 2.2}, within(1e-12));
        assertThat(front.hypervolume(reference)).isCloseTo(80 * 0.2, within(1e-9));
        assertThat(ParetoFront.inferredReference(0, 0)).isEqualTo(-0.1);
    }
}
