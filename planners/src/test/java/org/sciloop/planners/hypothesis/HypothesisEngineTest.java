package org.sciloop.planners.hypothesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.sciloop.core.hypothesis.Claim;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.scenario.Budget;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;

class HypothesisEngineTest {
    private static final ParameterSpace SPACE = new ParameterSpace(List.of(
            new Parameter.Continuous("x", 0, 10, ""),
            new Parameter.Continuous("w", 0, 1, ""),
            new Parameter.Categorical("c", List.of("a", "b", "c")),
            new Parameter.Categorical("s", List.of("p", "q"))));
    private static final Objective YIELD = new Objective("y", Objective.Goal.MAXIMIZE, OptionalDouble.empty());
    private final HypothesisEngine engine = new HypothesisEngine(0.05, 0.05, "test");

    @Test
    void benjamini_hochberg_adjusts_like_the_textbook() {
        assertThat(FalseDiscovery.adjust(new double[] {0.01, 0.04, 0.03, 0.5}))
                .containsExactly(new double[] {0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.5}, within(1e-12));
    }

    @Test
    void true_effects_are_stated_then_supported_and_an_absent_factor_gets_no_effect_claim() {
        // y rises with x, level b of c is best, w has an optimum at 0.6, s does nothing.
        ToDoubleFunction<Settings> truth = s -> 20 + 1.5 * s.number("x") - 40 * Math.pow(s.number("w") - 0.6, 2)
                + Map.of("a", 0.0, "b", 8.0, "c", -3.0).get((String) s.get("c"));
        CampaignState state = state(truth, 60, 1.0, 7);
        HypothesisEngine.Round first = engine.assess(state, false);
        assertThat(first.model()).isPresent();
        assertThat(first.revised()).extracting(Hypothesis::formal).contains(
                new Claim.MainEffect("y", "x", Claim.Trend.INCREASES),
                new Claim.BestLevel("y", "c", "b", Claim.Extreme.HIGHEST),
                new Claim.NoEffect("y", "s"));
        assertThat(first.revised()).allSatisfy(h -> {
            assertThat(h.status()).isEqualTo(Hypothesis.Status.PROPOSED);
            assertThat(h.assessment()).isNotNull();
            assertThat(h.evidence()).hasSize(60);
        });
        Claim.OptimumRegion optimum = first.revised().stream().map(Hypothesis::formal)
                .filter(c -> c instanceof Claim.OptimumRegion).map(c -> (Claim.OptimumRegion) c).findFirst().orElseThrow();
        assertThat(optimum.factor()).isEqualTo("w");
        assertThat(optimum.low()).isLessThan(0.6);
        assertThat(optimum.high()).isGreaterThan(0.6);

        // The next round tests what the first stated, on more data.
        CampaignState later = state(truth, 90, 1.0, 7, first.revised());
        HypothesisEngine.Round second = engine.assess(later, true);
        Map<String, Hypothesis> byClaim = new LinkedHashMap<>();
        second.tracked().forEach(t -> byClaim.put(t.hypothesis().formal().subject(), t.hypothesis()));
        assertThat(byClaim.get("main-effect:x").status()).isEqualTo(Hypothesis.Status.SUPPORTED);
        assertThat(byClaim.get("best-level:c:HIGHEST").status()).isEqualTo(Hypothesis.Status.SUPPORTED);
        assertThat(byClaim.get("optimum:w:HIGHEST").status()).isEqualTo(Hypothesis.Status.SUPPORTED);
        assertThat(byClaim.get("main-effect:x").assessment().low()).isPositive();
        assertThat(byClaim.get("main-effect:x").assessment().estimate()).isCloseTo(15, within(1.5));
        assertThat(byClaim.get("main-effect:x").version()).isEqualTo(2);
    }

    @Test
    void a_claim_the_data_contradict_is_refuted() {
        ToDoubleFunction<Settings> truth = s -> 20 - 2 * s.number("x");
        CampaignState state = state(truth, 40, 1.0, 3, List.of(new Hypothesis("H1", 1, "y rises with x", "", "",
                Hypothesis.Status.PROPOSED, List.of(), 0.5, "a chemist",
                new Claim.MainEffect("y", "x", Claim.Trend.INCREASES), null)));
        Hypothesis h = engine.assess(state, false).tracked().stream().filter(t -> t.hypothesis().id().equals("H1"))
                .findFirst().orElseThrow().hypothesis();
        assertThat(h.status()).isEqualTo(Hypothesis.Status.REFUTED);
        assertThat(h.author()).as("the engine tests it, the chemist stated it").isEqualTo("a chemist");
        assertThat(h.confidence()).isLessThan(0.05);
    }

    @Test
    void pure_noise_gets_no_effect_supported_over_many_campaigns() {
        int supported = 0;
        for (long seed = 1; seed <= 10; seed++) {
            HypothesisEngine.Round first = engine.assess(state(s -> 50, 40, 2.0, seed), false);
            HypothesisEngine.Round second = engine.assess(state(s -> 50, 60, 2.0, seed, first.revised()), true);
            supported += (int) second.tracked().stream().filter(t -> t.hypothesis().status() == Hypothesis.Status.SUPPORTED
                    && !(t.hypothesis().formal() instanceof Claim.NoEffect)).count();
        }
        assertThat(supported).as("effects supported in 10 campaigns of pure noise").isLessThanOrEqualTo(1);
    }

    /**
     * The same data in other units give the same claims and verdicts (a tester's rate constants, about 1e-9, got
     * only inconclusive "no effect" claims: the residual variance had a fixed floor of 1e-12).
     */
    @Test
    void the_units_of_the_response_change_no_claim() {
        ToDoubleFunction<Settings> truth = s -> 20 + 1.5 * s.number("x") + Map.of("a", 0.0, "b", 8.0, "c", -3.0)
                .get((String) s.get("c"));
        List<String> inOwnUnits = claims(engine.assess(state(truth, 60, 1.0, 3), false));
        assertThat(inOwnUnits).contains("main-effect:x PROPOSED", "best-level:c:HIGHEST PROPOSED");
        for (double unit : new double[] {1e-9, 1e9}) {
            assertThat(claims(engine.assess(state(s -> unit * truth.applyAsDouble(s), 60, unit, 3), false)))
                    .as("in units of %s", unit).isEqualTo(inOwnUnits);
        }
    }

    private static List<String> claims(HypothesisEngine.Round round) {
        return round.revised().stream().map(h -> h.formal().subject() + " " + h.status()).toList();
    }

    /** At the end, an open claim the last data cannot test (too few of them for any model) is closed, not left open. */
    @Test
    void the_end_leaves_no_claim_open() {
        ToDoubleFunction<Settings> truth = s -> 20 + 1.5 * s.number("x");
        List<Hypothesis> stated = engine.assess(state(truth, 60, 1.0, 7), false).revised();
        assertThat(stated).isNotEmpty();
        List<Hypothesis> closed = engine.assess(state(truth, 5, 1.0, 7, stated), true).revised();
        assertThat(closed).hasSameSizeAs(stated).allSatisfy(h -> {
            assertThat(h.status()).isEqualTo(Hypothesis.Status.INCONCLUSIVE);
            assertThat(h.version()).isEqualTo(2);
        });
        assertThat(engine.assess(state(truth, 5, 1.0, 7, stated), false).revised()).isEmpty();
    }

    @Test
    void too_few_observations_state_nothing() {
        assertThat(engine.assess(state(s -> s.number("x"), 5, 1.0, 1), false).revised()).isEmpty();
    }

    private static CampaignState state(ToDoubleFunction<Settings> truth, int n, double noise, long seed) {
        return state(truth, n, noise, seed, List.of());
    }

    private static CampaignState state(ToDoubleFunction<Settings> truth, int n, double noise, long seed,
                                       List<Hypothesis> stated) {
        Random random = new Random(seed);
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] u = {random.nextDouble(), random.nextDouble(), random.nextDouble(), random.nextDouble()};
            Settings s = SPACE.fromUnit(u);
            observations.add(new Observation("exp-" + (i + 1), s, Map.of("y", truth.applyAsDouble(s)
                    + noise * random.nextGaussian()), Observation.Status.OK, "", "test"));
        }
        return CampaignState.of(YIELD, SPACE, new Budget(100, 5, java.util.OptionalInt.empty()), observations, stated);
    }
}
