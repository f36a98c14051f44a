package org.sciloop.evaluations.hypotheses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sciloop.core.hypothesis.Claim.Extreme;
import org.sciloop.core.hypothesis.Claim.Trend;
import org.sciloop.core.hypothesis.Claim;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Settings;
import org.sciloop.core.tool.KnownResponse;
import org.sciloop.evaluations.hypotheses.TrueEffects.Judgement;

class TrueEffectsTest {
    static final List<Double> X = List.of(0.0, 1.0, 2.0, 3.0, 4.0);
    static final List<String> CATALYSTS = List.of("a", "b", "c");
    static final List<String> SOLVENTS = List.of("s1", "s2");

    /**
     * y = 50 + 4 x + (catalyst b: +6, x slope +2 more) - 3 (z - 1)^2, solvent nothing: x rises, z has its optimum
     * at 1, b is best, x and catalyst interact, nothing else does. Range about 62, so 5 % is about 3.1.
     */
    static KnownResponse response(boolean complete) {
        List<Settings> points = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (double x : X) {
            for (double z : X) {
                for (String c : CATALYSTS) {
                    for (String s : SOLVENTS) {
                        if (!complete && c.equals("c") && x == 4) {
                            continue;
                        }
                        Map<String, Object> p = new LinkedHashMap<>();
                        p.put("x", x);
                        p.put("z", z);
                        p.put("catalyst", c);
                        p.put("solvent", s);
                        points.add(new Settings(p));
                        values.add(50 + (c.equals("b") ? 6 * x : 4 * x) + (c.equals("b") ? 6 : 0) - 3 * (z - 1) * (z - 1));
                    }
                }
            }
        }
        return new KnownResponse("y", points, values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Test
    void effects_are_read_from_marginal_means_and_the_threshold_is_a_share_of_the_range() {
        TrueEffects truth = TrueEffects.of(response(true), Objective.Goal.MAXIMIZE, 0.05);
        assertThat(truth.complete()).isTrue();
        assertThat(truth.points()).isEqualTo(150);
        double range = (50 + 24 + 6) - (50 - 27);
        assertThat(truth.threshold()).isCloseTo(0.05 * range, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(truth.effects()).extracting(TrueEffects.Effect::name, TrueEffects.Effect::present,
                TrueEffects.Effect::truth).containsExactly(
                org.assertj.core.groups.Tuple.tuple("x", true, "rises"),
                org.assertj.core.groups.Tuple.tuple("z", true, "optimum at 1.00"),
                org.assertj.core.groups.Tuple.tuple("catalyst", true, "b best"),
                org.assertj.core.groups.Tuple.tuple("solvent", false, "no effect"),
                org.assertj.core.groups.Tuple.tuple("x x z", false, "no interaction"),
                org.assertj.core.groups.Tuple.tuple("x x catalyst", true, "interact"),
                org.assertj.core.groups.Tuple.tuple("x x solvent", false, "no interaction"),
                org.assertj.core.groups.Tuple.tuple("z x catalyst", false, "no interaction"),
                org.assertj.core.groups.Tuple.tuple("z x solvent", false, "no interaction"),
                org.assertj.core.groups.Tuple.tuple("catalyst x solvent", false, "no interaction"));
        // b's marginal is 6 x-mean (2) higher in slope, + 6: (50 + 12 + 6) vs 50 + 8
        assertThat(truth.effects().get(2).size()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void each_kind_of_claim_is_judged_against_the_truth() {
        TrueEffects truth = TrueEffects.of(response(true), Objective.Goal.MAXIMIZE, 0.05);
        assertThat(judge(truth, new Claim.MainEffect("y", "x", Trend.INCREASES))).isEqualTo(Judgement.FINDS);
        assertThat(judge(truth, new Claim.MainEffect("y", "x", Trend.DECREASES))).isEqualTo(Judgement.WRONG);
        // z's least-squares trend over 0..4 falls, though its finding is the optimum
        assertThat(judge(truth, new Claim.MainEffect("y", "z", Trend.DECREASES))).isEqualTo(Judgement.TRUE);
        assertThat(judge(truth, new Claim.OptimumRegion("y", "z", 0.5, 1.5, Extreme.HIGHEST))).isEqualTo(Judgement.FINDS);
        assertThat(judge(truth, new Claim.OptimumRegion("y", "z", 2, 4, Extreme.HIGHEST))).isEqualTo(Judgement.WRONG);
        assertThat(judge(truth, new Claim.OptimumRegion("y", "x", 3.5, 4, Extreme.HIGHEST))).isEqualTo(Judgement.TRUE);
        assertThat(judge(truth, new Claim.BestLevel("y", "catalyst", "b", Extreme.HIGHEST))).isEqualTo(Judgement.FINDS);
        assertThat(judge(truth, new Claim.BestLevel("y", "catalyst", "a", Extreme.HIGHEST))).isEqualTo(Judgement.WRONG);
        assertThat(judge(truth, new Claim.BestLevel("y", "catalyst", "a", Extreme.LOWEST))).isEqualTo(Judgement.TRUE);
        assertThat(judge(truth, new Claim.Interaction("y", "catalyst", "x"))).isEqualTo(Judgement.FINDS);
        assertThat(judge(truth, new Claim.Interaction("y", "z", "x"))).isEqualTo(Judgement.SPURIOUS);
        assertThat(judge(truth, new Claim.BestLevel("y", "solvent", "s1", Extreme.HIGHEST))).isEqualTo(Judgement.SPURIOUS);
        assertThat(judge(truth, new Claim.NoEffect("y", "solvent"))).isEqualTo(Judgement.FINDS);
        assertThat(judge(truth, new Claim.NoEffect("y", "x"))).isEqualTo(Judgement.WRONG);
        // not about this response: another outcome, an unknown factor, a level of a numeric factor
        assertThat(truth.judge(new Claim.NoEffect("purity", "x"))).isEmpty();
        assertThat(truth.judge(new Claim.NoEffect("y", "pressure"))).isEmpty();
        assertThat(truth.judge(new Claim.BestLevel("y", "x", "4.0", Extreme.HIGHEST))).isEmpty();
        assertThat(truth.judge(new Claim.MainEffect("y", "catalyst", Trend.INCREASES))).isEmpty();
    }

    @Test
    void minimising_turns_the_best_level_and_optimum_around() {
        TrueEffects truth = TrueEffects.of(response(true), Objective.Goal.MINIMIZE, 0.05);
        assertThat(truth.effects().get(2).truth()).isEqualTo("a lowest");
        // the lowest y over z is at z = 4, an end of the range: a trend, not an optimum
        assertThat(truth.effects().get(1).truth()).isEqualTo("falls");
        assertThat(judge(truth, new Claim.BestLevel("y", "catalyst", "a", Extreme.LOWEST))).isEqualTo(Judgement.FINDS);
        assertThat(judge(truth, new Claim.BestLevel("y", "catalyst", "b", Extreme.HIGHEST))).isEqualTo(Judgement.TRUE);
    }

    @Test
    void an_incomplete_response_is_flagged_and_a_bad_share_refused() {
        assertThat(TrueEffects.of(response(false), Objective.Goal.MAXIMIZE, 0.05).complete()).isFalse();
        assertThatThrownBy(() -> TrueEffects.of(response(true), Objective.Goal.MAXIMIZE, 1.0))
                .hasMessageContaining("negligible share must be above 0 and below 1, got 1.0");
        assertThatThrownBy(() -> new KnownResponse("y", List.of(), new double[0]))
                .hasMessageContaining("at least one point");
    }

    static Judgement judge(TrueEffects truth, Claim claim) {
        return truth.judge(claim).orElseThrow().judgement();
    }
}
