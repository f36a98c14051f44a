package org.sciloop.tools.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.OutcomeConstraint;

/** The test problems with several outputs, at points worked out by hand from their definitions. */
class ParetoTestFunctionTest {

    @Test
    void dtlz2_puts_a_point_whose_distance_variables_are_one_half_on_the_unit_sphere() {
        double[] f = ParetoTestFunction.DTLZ2.values(new double[] {0.3, 0.8, 0.5, 0.5, 0.5, 0.5});
        assertThat(f[0] * f[0] + f[1] * f[1] + f[2] * f[2]).isCloseTo(1, within(1e-12));
        assertThat(f[0]).isCloseTo(Math.cos(0.15 * Math.PI) * Math.cos(0.4 * Math.PI), within(1e-12));
    }

    @Test
    void c2dtlz2_is_feasible_on_the_diagonal_and_not_between_the_pieces_of_its_front() {
        double[] middle = ParetoTestFunction.C2DTLZ2.values(new double[] {0.5, 0.5, 0.5, 0.5});
        assertThat(middle[0]).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(middle[1]).isCloseTo(Math.sqrt(0.5), within(1e-12));
        // Nearest the diagonal point: sum of (f_i - 1/sqrt 2)^2 - r^2 = -2 * 0.04, so the slack is 0.08.
        assertThat(middle[2]).isCloseTo(0.08, within(1e-12));
        // At x1 = 0.2 on the front, f = (cos 0.1 pi, sin 0.1 pi); the nearest circle is the one about (1, 0):
        // (f1 - 1)^2 + f2^2 - r^2 > 0, so the slack is below 0.
        double f1 = Math.cos(0.1 * Math.PI);
        double f2 = Math.sin(0.1 * Math.PI);
        double[] between = ParetoTestFunction.C2DTLZ2.values(new double[] {0.2, 0.5, 0.5, 0.5});
        assertThat(between[2]).isCloseTo(-((f1 - 1) * (f1 - 1) + f2 * f2 - 0.04), within(1e-12)).isNegative();
    }

    @Test
    void constrained_branin_currin_keeps_branin_currin_and_bounds_a_disk() {
        double[] x = {0.5, 0.5};
        double[] plain = ParetoTestFunction.BRANIN_CURRIN.values(x);
        double[] constrained = ParetoTestFunction.CONSTRAINED_BRANIN_CURRIN.values(x);
        assertThat(constrained[0]).isEqualTo(plain[0]);
        assertThat(constrained[1]).isEqualTo(plain[1]);
        assertThat(constrained[2]).as("the disk's centre").isEqualTo(50);
        assertThat(ParetoTestFunction.CONSTRAINED_BRANIN_CURRIN.values(new double[] {0, 0})[2])
                .as("(-5, 0): 50 - 7.5^2 - 7.5^2").isCloseTo(-62.5, within(1e-9));
    }

    /** A benchmark measures a standard problem against the literature's largest hypervolume only when asked its way. */
    @Test
    void the_largest_hypervolume_is_known_when_the_problem_is_asked_the_standard_way() {
        BenchmarkFunctionTool tool = new BenchmarkFunctionTool(ParetoTestFunction.C2DTLZ2, new double[3],
                Duration.ZERO);
        DoubleFunction<List<Objective>> from = r -> List.of(
                new Objective("f1", Objective.Goal.MINIMIZE,
                        OptionalDouble.empty(), OptionalDouble.of(r)),
                new Objective("f2", Objective.Goal.MINIMIZE,
                        OptionalDouble.empty(), OptionalDouble.of(1.1)));
        var kept = List.of(OutcomeConstraint.parse("slack >= 0"));
        assertThat(tool.largestHypervolume(from.apply(1.1), kept)).hasValue(0.3996406303723544);
        assertThat(tool.largestHypervolume(from.apply(1.2), kept)).isEmpty();
        assertThat(tool.largestHypervolume(from.apply(1.1), List.of())).isEmpty();
        assertThat(tool.largestHypervolume(from.apply(1.1), List.of(
                OutcomeConstraint.parse("slack >= 1")))).isEmpty();
    }
}
