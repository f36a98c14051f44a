package org.sciloop.evaluations.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceRecord;

class RunMetricsTest {
    private static final Objective YIELD = new Objective("yield", Objective.Goal.MAXIMIZE, OptionalDouble.of(90));
    private final List<TraceRecord> trace = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private void line(TraceEvent event, long millisLater) {
        now = now.plusMillis(millisLater);
        trace.add(new TraceRecord(trace.size() + 1, now, "c", "engine", event, "p", "h"));
    }

    private void experiment(String id, Double yield, long toolMicros) {
        Settings s = new Settings(Map.of("x", 1.0));
        line(new TraceEvent.ActionCompleted(id, Map.of(), toolMicros), 1);
        line(new TraceEvent.ObservationRecorded(yield == null
                ? new Observation(id, s, Map.of(), Observation.Status.FAILED, "broke", "t")
                : new Observation(id, s, Map.of("yield", yield), Observation.Status.OK, "", "t")), 1);
    }

    @Test
    void a_campaign_s_curve_regret_target_costs_and_counts_come_from_its_trace() {
        line(new TraceEvent.ProposalMade(0, List.of(), "r", Map.of(), null), 0);
        line(new TraceEvent.ProposalMade(1, List.of(), "r", Map.of(), null), 250);
        experiment("e1", null, 1000);
        experiment("e2", 40.0, 3000);
        line(new TraceEvent.ActionDenied("e3", "t", new Settings(Map.of("x", 9.0)), "limit", "too hot"), 1);
        line(new TraceEvent.ProposalMade(2, List.of(), "r", Map.of(), null), 500);
        experiment("e4", 30.0, 2000);
        experiment("e5", 95.0, 2000);
        line(new TraceEvent.CampaignFinished("TARGET_REACHED", "d", 4, null), 1);

        RunMetrics m = RunMetrics.of(trace, YIELD, OptionalDouble.of(100));

        assertThat(m.values()).containsExactly(Double.NaN, 40, 30, 95);
        assertThat(m.bestSoFar()).containsExactly(Double.NaN, 40, 40, 95);
        assertThat(m.regret().orElseThrow()).containsExactly(Double.NaN, 60, 60, 5);
        assertThat(m.experimentsToTarget()).hasValue(4);
        assertThat(m.meanBestSoFar()).isCloseTo((40 + 40 + 95) / 3.0, within(1e-9));
        assertThat(m.failed()).isEqualTo(1);
        assertThat(m.denied()).isEqualTo(1);
        assertThat(m.toolSeconds()).containsExactly(0.001, 0.003, 0.002, 0.002);
        assertThat(m.planningSeconds()).containsExactly(0.25, 0.5);
        assertThat(RunMetrics.median(m.toolSeconds())).isEqualTo(0.002);
        assertThat(m.stopReason()).contains("TARGET_REACHED");
        assertThat(m.llmTokens()).isEmpty();
    }

    @Test
    void minimising_counts_lower_as_better_and_no_optimum_means_no_regret() {
        Objective cost = new Objective("yield", Objective.Goal.MINIMIZE, OptionalDouble.empty());
        experiment("e1", 5.0, 1);
        experiment("e2", 7.0, 1);
        experiment("e3", 2.0, 1);
        RunMetrics m = RunMetrics.of(trace, cost, OptionalDouble.empty());
        assertThat(m.bestSoFar()).containsExactly(5, 5, 2);
        assertThat(m.regret()).isEmpty();
        assertThat(m.experimentsToTarget()).isEmpty();
    }

    @Test
    void spread_across_runs_of_different_lengths() {
        Spread s = Spread.of(List.of(new double[] {1, 2, 3}, new double[] {3, 4}, new double[] {Double.NaN, 6}));
        assertThat(s.mean()).containsExactly(2, 4, 3);
        assertThat(s.sd()[1]).isCloseTo(2, within(1e-12));
        assertThat(s.lowerQuartile()[1]).isEqualTo(3);
        assertThat(s.upperQuartile()[1]).isEqualTo(5);
    }
}
