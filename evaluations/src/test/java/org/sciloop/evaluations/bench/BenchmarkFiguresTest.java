package org.sciloop.evaluations.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

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

    /** A run whose every experiment so far failed has no best yet: the mean is of the others, and says so (a tester). */
    @Test
    void a_mean_of_fewer_runs_than_ran_says_how_many() {
        List<PlannerBenchmark.Run> runs = List.of(
                new PlannerBenchmark.Run("p", 1, new double[] {Double.NaN, Double.NaN, Double.NaN, 50}, 0.1, List.of()),
                new PlannerBenchmark.Run("p", 2, new double[] {10, 20, 30, 40}, 0.1, List.of()));
        BenchmarkReport.Summary summary = BenchmarkReport.summarise(runs, MAX_TO_90, new int[] {3, 4},
                OptionalDouble.empty());
        BenchmarkReport.Line line = summary.lines().get(0);
        assertThat(line.meanBestAt()).containsExactly(30.0, 45.0);
        assertThat(line.runsAt()).containsExactly(1, 2);
        java.io.StringWriter printed = new java.io.StringWriter();
        BenchmarkReport.print(new java.io.PrintWriter(printed), summary, MAX_TO_90);
        assertThat(printed.toString()).contains("30.0*", "(* p @3: the mean of the 1 of its 2 runs with a result by"
                + " then; the others' every experiment so far failed)").doesNotContain("@4: the mean");
    }

    @Test
    void the_summary_averages_best_so_far_at_each_checkpoint_and_a_run_that_ended_keeps_its_best() {
        List<PlannerBenchmark.Run> runs = List.of(
                new PlannerBenchmark.Run("p", 1, new double[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 95}, 0.1, List.of()),
                new PlannerBenchmark.Run("p", 2, new double[] {0, 0, 0, 0, 100, 0, 0, 0, 0, 0}, 0.3, List.of()));
        BenchmarkReport.Summary summary = BenchmarkReport.summarise(runs, MAX_TO_90, new int[] {5, 10, 20},
                OptionalDouble.empty());
        BenchmarkReport.Line line = summary.lines().get(0);
        assertThat(line.meanBestAt()[0]).isEqualTo(75.0);   // (50 + 100) / 2 at 5
        assertThat(line.standardErrorAt()[0]).isEqualTo(25.0, offset(1e-12));  // sd 35.36 / sqrt 2
        assertThat(line.meanBestAt()[1]).isEqualTo(97.5);   // (95 + 100) / 2 at 10
        // Both runs ended at 10 (a pool with nothing left, say): their best stands at 20, where a tester found a blank.
        assertThat(line.meanBestAt()[2]).isEqualTo(97.5);
        assertThat(summary.endedEarly()).isEqualTo(2);
        assertThat(line.medianToTarget()).hasValue(7.0);    // runs reached 90 at 9 and 5
        assertThat(line.reachedTarget()).isEqualTo(2);
        assertThat(line.meanSeconds()).isEqualTo(0.2, offset(1e-12));
        // No best known from the tool: the best any run saw (100). 95 % of it: 95 at 10 and 100 at 5.
        assertThat(summary.bestKnown()).isEqualTo(100.0);
        assertThat(summary.bestKnownFrom()).contains("any run");
        assertThat(line.reach()[0].median()).hasValue(7.5);
        assertThat(line.reach()[0].runsThere()).isEqualTo(2);
        assertThat(line.reach()[1].runsThere()).isEqualTo(1);  // 99 % of 100: only the run that saw 100
        assertThat(line.reach()[1].median()).isEmpty();        // the other never did: it counts as slowest
    }

    @Test
    void checkpoints_come_from_the_budget_or_from_at_within_it() {
        assertThat(BenchmarkReport.checkpoints(50, List.of())).containsExactly(13, 25, 38, 50);
        assertThat(BenchmarkReport.checkpoints(3, List.of())).containsExactly(1, 2, 3);
        assertThat(BenchmarkReport.checkpoints(60, List.of(40, 10, 20, 10))).containsExactly(10, 20, 40);
        assertThatThrownBy(() -> BenchmarkReport.checkpoints(30, List.of(10, 40)))
                .hasMessageContaining("--at 40").hasMessageContaining("budget, 30");
        assertThatThrownBy(() -> BenchmarkReport.checkpoints(30, List.of(0))).hasMessageContaining("--at 0");
    }

    @Test
    void planners_are_compared_with_the_first_seed_by_seed_in_the_goals_direction() {
        Objective min = new Objective("loss", Objective.Goal.MINIMIZE, OptionalDouble.empty());
        List<PlannerBenchmark.Run> runs = List.of(
                new PlannerBenchmark.Run("bo", 1, new double[] {5, 3, 1}, 0, List.of()),
                new PlannerBenchmark.Run("bo", 2, new double[] {9, 2, 2}, 0, List.of()),
                new PlannerBenchmark.Run("bo", 3, new double[] {4, 4, 0.5}, 0, List.of()),
                new PlannerBenchmark.Run("random", 1, new double[] {6, 6, 6}, 0, List.of()),
                new PlannerBenchmark.Run("random", 2, new double[] {3, 3, 3}, 0, List.of()),
                new PlannerBenchmark.Run("random", 4, new double[] {1, 1, 1}, 0, List.of()));  // no pair for seed 4
        BenchmarkReport.Summary summary = BenchmarkReport.summarise(runs, min, new int[] {3}, OptionalDouble.of(0.5));
        BenchmarkReport.Paired p = summary.paired().get(0);
        assertThat(p.planner()).isEqualTo("random");
        assertThat(p.versus()).isEqualTo("bo");
        assertThat(p.seeds()).isEqualTo(2);
        // lower is better: random's gains over bo at 3 are -(6 - 1) = -5 and -(3 - 2) = -1.
        assertThat(p.meanGain()).isEqualTo(-3.0);
        assertThat(p.standardError()).isEqualTo(2.0, offset(1e-12));
        assertThat(p.standardErrors()).isEqualTo(-1.5, offset(1e-12));
        // The tool's best possible, 0.5: within 1 % only bo's third seed, within 5 % the same.
        assertThat(summary.bestKnownFrom()).contains("tool");
        assertThat(summary.lines().get(0).reach()[1].runsThere()).isEqualTo(1);
        assertThat(BenchmarkReport.experimentsTo(new double[] {2, 0.52, 0.5}, 0.5, 0.95)).hasValue(2);
        assertThat(BenchmarkReport.experimentsTo(new double[] {2, 0.52, 0.5}, 0.5, 0.99)).hasValue(3);
    }
}
