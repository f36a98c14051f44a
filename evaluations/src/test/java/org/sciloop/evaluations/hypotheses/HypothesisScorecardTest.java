package org.sciloop.evaluations.hypotheses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.hypothesis.Claim;
import org.sciloop.core.hypothesis.Hypothesis.Status;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Objective;
import org.sciloop.evaluations.bench.PlannerBenchmark;

class HypothesisScorecardTest {
    static final TrueEffects TRUTH = TrueEffects.of(TrueEffectsTest.response(true), Objective.Goal.MAXIMIZE, 0.05);

    @Test
    void recall_false_support_and_agreement_count_runs_and_settled_claims(@TempDir Path dir) throws Exception {
        PlannerBenchmark.Run first = run(1,
                h(new Claim.MainEffect("y", "x", Claim.Trend.INCREASES), Status.SUPPORTED),      // finds x
                h(new Claim.BestLevel("y", "catalyst", "b", Claim.Extreme.HIGHEST), Status.SUPPORTED), // finds catalyst
                h(new Claim.Interaction("y", "z", "solvent"), Status.SUPPORTED),                 // asserts an absent one
                h(new Claim.NoEffect("y", "solvent"), Status.SUPPORTED),                         // finds an absence
                h(new Claim.NoEffect("y", "x"), Status.REFUTED),                                 // rightly refuted
                h(new Claim.OptimumRegion("y", "z", 0, 2, Claim.Extreme.HIGHEST), Status.INCONCLUSIVE), // open: ignored
                new Hypothesis("H9", 1, "the solvent's colour matters", "", "", Status.SUPPORTED, List.of(), 0.9, "llm"));
        PlannerBenchmark.Run second = run(2,
                h(new Claim.BestLevel("y", "catalyst", "a", Claim.Extreme.HIGHEST), Status.SUPPORTED), // wrong
                h(new Claim.Interaction("y", "x", "catalyst"), Status.REFUTED));                 // wrongly refuted
        HypothesisScorecard card = HypothesisScorecard.score(TRUTH, List.of(first, second));

        HypothesisScorecard.Totals t = card.totals("hypothesis");
        assertThat(t.runs()).isEqualTo(2);
        assertThat(t.present()).isEqualTo(2 * 4);     // x, z, catalyst, x x catalyst in each run
        assertThat(t.found()).isEqualTo(2);
        assertThat(t.absent()).isEqualTo(2 * 6);
        assertThat(t.asserted()).isEqualTo(1);
        assertThat(t.noEffectFound()).isEqualTo(1);
        assertThat(t.absentFactors()).isEqualTo(2);
        assertThat(t.settled()).isEqualTo(7);
        assertThat(t.agree()).isEqualTo(4);
        assertThat(t.unscored()).isEqualTo(1);

        StringWriter text = new StringWriter();
        card.print(new PrintWriter(text), "tool 'grid'");
        assertThat(text.toString())
                .contains("known response of tool 'grid' (150 points, every combination); an effect counts from 2.85")
                .containsPattern("catalyst +b best +10\\.00 +1/2")
                .containsPattern("z x solvent +no interaction +0\\.00 +1/2")
                .containsPattern("true effects found +2/8 25\\.0%")
                .containsPattern("absent effects asserted +1/12 8\\.3%")
                .containsPattern("settled verdicts that agree with the truth +4/7 57\\.1%")
                .containsPattern("supported, not scored +1");

        Path csv = dir.resolve("hypotheses.csv");
        card.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(1 + 2 * 10);
        assertThat(lines.get(0)).isEqualTo("planner,seed,effect,truth,present,size,found,asserted,settled_agree,"
                + "settled_disagree");
        assertThat(lines).contains("hypothesis,1,catalyst,b best,true,10.00,true,false,1,0",
                "hypothesis,2,catalyst,b best,true,10.00,false,false,0,1",
                "hypothesis,2,x x catalyst,interact,true,5.333,false,false,0,1");
    }

    private static int ids;

    static Hypothesis h(Claim claim, Status status) {
        return new Hypothesis("H" + ++ids, 2, claim.describe(), "", "", status, List.of(), 0.9, "engine", claim, null);
    }

    static PlannerBenchmark.Run run(long seed, Hypothesis... hypotheses) {
        return new PlannerBenchmark.Run("hypothesis", seed, new double[] {1, 2}, 0.1, List.of(hypotheses));
    }
}
