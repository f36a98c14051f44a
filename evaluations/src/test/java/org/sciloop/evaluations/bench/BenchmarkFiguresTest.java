package org.sciloop.evaluations.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.sciloop.core.model.Objective;
import org.sciloop.evaluations.metrics.RunMetrics;

class BenchmarkFiguresTest {
    static final Objective MAX_TO_90 = new Objective("yield", Objective.Goal.MAXIMIZE, OptionalDouble.of(90));

    @Test
    void best_so_far_skips_failures_and_follows_the_goal() {
        double[] values = {Double.NaN, 10, 5, Double.NaN, 30};
        assertThat(RunMetrics.bestSoFar(values, Objective.Goal.MAXIMIZE)).containsExactly(Double.NaN, 10, 10, 10, 30);
        assertThat(RunMetrics.bestSoFar(values, Objective.Goal.MINIMIZE)).containsExactly(Double.NaN, 10, 5, 5, 5);
    }

    @Test
    void experiments_to_target_counts_from_one_and_runs_that_never_arrive_count_as_slowest() {
        assertThat(RunMetrics.experimentsToTarget(new double[] {50, 91, 95}, MAX_TO_90)).hasValue(2);
        assertThat(RunMetrics.experimentsToTarget(new double[] {50, 60}, MAX_TO_90)).isEmpty();
        assertThat(PlannerBenchmark.medianToTarget(List.of(OptionalInt.of(4), OptionalInt.empty(), OptionalInt.of(10))))
                .hasValue(10);
        assertThat(PlannerBenchmark.medianToTarget(List.of(OptionalInt.of(4), OptionalInt.empty(), OptionalInt.empty())))
                .isEmpty();
        assertThat(PlannerBenchmark.medianToTarget(List.of(OptionalInt.of(4), OptionalInt.of(7)))).hasValue(5.5);
    }

    @Test
    void the_summary_averages_best_so_far_at_each_checkpoint_within_the_budget() {
        List<PlannerBenchmark.Run> runs = List.of(
                new PlannerBenchmark.Run("p", 1, new double[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 95}, 0.1, List.of()),
                new PlannerBenchmark.Run("p", 2, new double[] {0, 0, 0, 0, 100, 0, 0, 0, 0, 0}, 0.3, List.of()));
        BenchmarkReport.Line line = BenchmarkReport.summarise(runs, MAX_TO_90).get(0);
        assertThat(line.meanBestAt()[0]).isEqualTo(75.0);   // (50 + 100) / 2 at 5
        assertThat(line.meanBestAt()[1]).isEqualTo(97.5);   // (95 + 100) / 2 at 10
        assertThat(line.meanBestAt()[2]).isNaN();           // the budget is 10
        assertThat(line.medianToTarget()).hasValue(7.0);    // runs reached 90 at 9 and 5
        assertThat(line.reachedTarget()).isEqualTo(2);
        assertThat(line.meanSeconds()).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
    }
}
