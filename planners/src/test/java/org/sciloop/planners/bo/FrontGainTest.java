package org.sciloop.planners.bo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.sciloop.core.model.Objective;

class FrontGainTest {

    /**
     * BraninCurrin's reference (18, 6), both minimised, with every currin value seen still above 6: ParEGO's weights
     * must still decide. Scaled from the reference, currin's scale shrank to nothing, and a pick weighted 0.95 on
     * branin went to a point predicted at branin 90.
     */
    @Test
    void parego_follows_its_weights_where_no_point_is_better_than_the_reference() {
        List<Objective> objectives = List.of(
                new Objective("branin", Objective.Goal.MINIMIZE, OptionalDouble.empty(), OptionalDouble.of(18)),
                new Objective("currin", Objective.Goal.MINIMIZE, OptionalDouble.empty(), OptionalDouble.of(6)));
        // "More is better" form: each value negated.
        List<double[]> seen = List.of(new double[] {-12.8, -9}, new double[] {-40, -7.5}, new double[] {-93, -7});
        FrontGain gain = new FrontGain(objectives, seen, seen, false, true);

        gain.weigh(new double[] {0.95, 0.05});
        double betterBranin = gain.of(new double[] {-10, -8.5});
        double betterCurrin = gain.of(new double[] {-90, -6.9});
        assertThat(betterBranin).isFinite().isPositive().isGreaterThan(betterCurrin);

        gain.weigh(new double[] {0.05, 0.95});
        double currinFirst = gain.of(new double[] {-45, -6.8});
        assertThat(currinFirst).isFinite().isPositive().isGreaterThan(gain.of(new double[] {-10, -8.5}));
    }

    /**
     * One feasible point under an outcome constraint, no better than the reference on currin: the scale comes from
     * every observation, feasible or not (from the feasible one alone it had no spread, and improvements of 10^6).
     */
    @Test
    void parego_scales_by_every_observation_when_few_are_feasible() {
        List<Objective> objectives = List.of(
                new Objective("branin", Objective.Goal.MINIMIZE, OptionalDouble.empty(), OptionalDouble.of(80)),
                new Objective("currin", Objective.Goal.MINIMIZE, OptionalDouble.empty(), OptionalDouble.of(1)));
        List<double[]> feasible = List.<double[]>of(new double[] {-30, -7});
        List<double[]> every = List.of(new double[] {-30, -7}, new double[] {-100, -4}, new double[] {-10, -12});
        FrontGain gain = new FrontGain(objectives, feasible, every, false, true);
        for (double[] w : new double[][] {{0.5, 0.5}, {0.9, 0.1}, {0.1, 0.9}}) {
            gain.weigh(w);
            for (double[] candidate : new double[][] {{-20, -6}, {-60, -3}, {-5, -9}}) {
                assertThat(gain.of(candidate)).isFinite().isBetween(0.0, 2.0);
            }
        }
    }
}
