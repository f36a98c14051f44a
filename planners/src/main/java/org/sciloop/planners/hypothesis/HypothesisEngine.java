package org.sciloop.planners.hypothesis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sciloop.core.hypothesis.Assessment;
import org.sciloop.core.hypothesis.Claim;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Objective;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.planners.hypothesis.Factors.Factor;

/**
 * Generates hypotheses from the observations and tests them, every round, from the campaign state alone.
 *
 * <p>A round: fit the response-surface model chosen by BIC ({@link ModelSelection}); read claims off its
 * terms (a numeric main effect → "rises/falls with", a square with its extreme inside the range → an
 * optimum region, a categorical main effect → its best level, an interaction term → "depends on", a
 * factor with no term → "no effect"); add those not yet stated; test every formal claim about the
 * objective, old and new, by its explicit test ({@link ClaimTests}); adjust the p-values of all claims and
 * their contraries together by Benjamini–Hochberg; and state a new version of each hypothesis whose
 * verdict moved. A hypothesis is supported when its claim's q-value is at most the false discovery rate,
 * refuted when its contrary's is, and otherwise stays under test (inconclusive once the campaign ends).
 * A new hypothesis is first only proposed: the data it was read from do not count as its test.
 */
public final class HypothesisEngine {
    /** A verdict that moves confidence by less than this is not worth a new version. */
    private static final double CONFIDENCE_STEP = 0.05;

    private final double fdr;
    private final double negligibleShare;
    private final String author;

    /**
     * @param fdr the false discovery rate for support and refutation (0.05 is usual)
     * @param negligibleShare an effect smaller than this share of the outcome's observed range counts as none
     * @param author who the engine's hypotheses are by
     */
    public HypothesisEngine(double fdr, double negligibleShare, String author) {
        this.fdr = fdr;
        this.negligibleShare = negligibleShare;
        this.author = author;
    }

    /** A hypothesis as the round leaves it, with the verdict behind it when the data could test it. */
    record Tracked(Hypothesis hypothesis, Optional<Verdict> verdict) {
    }

    /** What a round found: the new versions to state, every tracked hypothesis, and the model selected. */
    record Round(List<Hypothesis> revised, List<Tracked> tracked, Optional<Fit> model, Factors factors) {
    }

    Round assess(CampaignState state, boolean concluding) {
        Factors factors = Factors.of(state.space());
        Observations data = Observations.of(state, factors);
        Optional<Fit> selected = new ModelSelection(factors).select(data.points(), data.y());
        if (selected.isEmpty() || factors.all().isEmpty()) {
            return new Round(concluding ? closed(state, List.of(), data) : List.of(), List.of(), Optional.empty(),
                    factors);
        }
        Fit model = selected.get();
        ClaimTests tests = new ClaimTests(factors, data, negligibleShare * data.range());
        Objective objective = state.objective();

        List<Hypothesis> previous = new ArrayList<>();
        List<Claim> claims = new ArrayList<>();
        for (Hypothesis h : state.hypotheses()) {
            if (h.formal() != null && h.formal().outcome().equals(objective.name())) {
                previous.add(h);
                claims.add(h.formal() instanceof Claim.OptimumRegion o && h.status() != Hypothesis.Status.REFUTED
                        ? sharpened(o, model, factors, tests) : h.formal());
            }
        }
        for (Claim c : derive(model, factors, objective, tests)) {
            boolean stated = claims.contains(c) || c instanceof Claim.OptimumRegion && previous.stream().anyMatch(h ->
                    h != null && h.formal().subject().equals(c.subject()) && h.status() != Hypothesis.Status.REFUTED);
            if (!stated) {
                previous.add(null);
                claims.add(c);
            }
        }

        List<Optional<Verdict>> verdicts = claims.stream().map(c -> tests.test(c, model.model())).toList();
        double[] p = new double[2 * claims.size()];
        for (int i = 0; i < claims.size(); i++) {
            p[2 * i] = verdicts.get(i).map(Verdict::pSupport).orElse(1.0);
            p[2 * i + 1] = verdicts.get(i).map(Verdict::pRefute).orElse(1.0);
        }
        double[] q = FalseDiscovery.adjust(p);

        List<Hypothesis> revised = new ArrayList<>();
        List<Tracked> tracked = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        state.hypotheses().forEach(h -> ids.add(h.id()));
        int next = 1;
        for (int i = 0; i < claims.size(); i++) {
            Hypothesis before = previous.get(i);
            Claim claim = claims.get(i);
            Optional<Verdict> verdict = verdicts.get(i);
            if (verdict.isEmpty()) {
                if (before != null) {
                    tracked.add(new Tracked(before, verdict));
                }
                continue;
            }
            Verdict v = verdict.get();
            Hypothesis.Status status;
            if (q[2 * i] <= fdr && before != null) {
                status = Hypothesis.Status.SUPPORTED;
            } else if (q[2 * i + 1] <= fdr && before != null) {
                status = Hypothesis.Status.REFUTED;
            } else if (before == null) {
                status = Hypothesis.Status.PROPOSED;
            } else {
                status = concluding ? Hypothesis.Status.INCONCLUSIVE : Hypothesis.Status.TESTING;
            }
            double confidence = 1 - q[2 * i];
            Assessment assessment = new Assessment(v.test(), v.with().model().formula(), data.size(), v.estimate(),
                    v.low(), v.high(), v.pSupport(), q[2 * i]);
            String id;
            if (before == null) {
                while (ids.contains("H" + next)) {
                    next++;
                }
                id = "H" + next;
                ids.add(id);
            } else {
                id = before.id();
            }
            // A statement keeps its words while its claim stands (one from an earlier campaign says where it came from).
            String statement = before != null && claim.equals(before.formal()) ? before.statement() : claim.describe();
            Hypothesis now = new Hypothesis(id, before == null ? 1 : before.version() + 1, statement,
                    claim.describe(), prediction(claim, tests), status, data.ids(), confidence,
                    before == null ? author : before.author(), claim, assessment);
            boolean moved = before == null || before.status() != status || !claim.equals(before.formal())
                    || Math.abs(before.confidence() - confidence) >= CONFIDENCE_STEP
                    || concluding && before.evidence().size() != data.size();
            if (moved) {
                revised.add(now);
            }
            tracked.add(new Tracked(moved ? now : before, verdict));
        }
        return new Round(concluding ? closed(state, revised, data) : revised, tracked, selected, factors);
    }

    /**
     * At the end, {@code revised} and every formal claim about the objective still open that this round could not
     * test (no model the data could fit, or a claim the model cannot test), closed as inconclusive (a tester's
     * campaign ended with four proposed, one at confidence 0.95). A claim first read off the final data stays
     * proposed: nothing has tested it, and a next campaign may.
     */
    private static List<Hypothesis> closed(CampaignState state, List<Hypothesis> revised, Observations data) {
        List<Hypothesis> all = new ArrayList<>(revised);
        Set<String> done = new HashSet<>();
        revised.forEach(h -> done.add(h.id()));
        for (Hypothesis h : state.hypotheses()) {
            boolean ours = h.formal() != null && h.formal().outcome().equals(state.objective().name());
            if (ours && !done.contains(h.id()) && (h.status() == Hypothesis.Status.PROPOSED
                    || h.status() == Hypothesis.Status.TESTING)) {
                all.add(new Hypothesis(h.id(), h.version() + 1, h.statement(), h.claim(), h.prediction(),
                        Hypothesis.Status.INCONCLUSIVE, data.ids(), h.confidence(), h.author(), h.formal(),
                        h.assessment()));
            }
        }
        return all;
    }

    /**
     * The hypotheses of the earlier campaigns this one learns from ({@code memory: {learn-from}}), each claim once,
     * as this campaign's to test: proposed, with no evidence yet, saying where they come from. Unlike a claim read
     * off this campaign's data, this campaign's data may test them from its first model on.
     */
    static List<Hypothesis> fromHistory(CampaignState state) {
        Map<Claim, Hypothesis> first = new LinkedHashMap<>();
        Map<Claim, List<String>> where = new LinkedHashMap<>();
        for (var prior : state.history()) {
            for (Hypothesis h : prior.hypotheses()) {
                if (h.formal() != null) {
                    first.putIfAbsent(h.formal(), h);
                    where.computeIfAbsent(h.formal(), c -> new ArrayList<>()).add(prior.campaign() + " of "
                            + prior.scenario() + ", there " + h.status().name().toLowerCase(Locale.ROOT));
                }
            }
        }
        List<Hypothesis> stated = new ArrayList<>();
        first.forEach((claim, h) -> stated.add(new Hypothesis("H" + (stated.size() + 1), 1, h.statement()
                + " (stated in campaign" + (where.get(claim).size() > 1 ? "s " : " ")
                + String.join("; ", where.get(claim)) + ")", claim.describe(), h.prediction(),
                Hypothesis.Status.PROPOSED, List.of(), 0.5, h.author(), claim, null)));
        return stated;
    }

    /** The claims the selected model's terms make. */
    private List<Claim> derive(Fit fit, Factors factors, Objective objective, ClaimTests tests) {
        Model model = fit.model();
        String outcome = objective.name();
        List<Claim> out = new ArrayList<>();
        for (Factor f : factors.all()) {
            if (model.terms().stream().noneMatch(t -> t.involves(f))) {
                out.add(new Claim.NoEffect(outcome, f.name()));
            } else if (f.numeric() && model.has(new Term.Main(f))) {
                double linear = fit.coefficient(model.offset(new Term.Main(f)));
                Optional<Claim.OptimumRegion> optimum = model.has(new Term.Square(f))
                        ? interiorOptimum(fit, f, outcome, tests) : Optional.empty();
                out.add(optimum.isPresent() ? optimum.get() : new Claim.MainEffect(outcome, f.name(),
                        linear > 0 ? Claim.Trend.INCREASES : Claim.Trend.DECREASES));
            } else if (!f.numeric() && model.has(new Term.Main(f))) {
                boolean highest = objective.goal() == Objective.Goal.MAXIMIZE;
                int best = 0;
                double bestMean = Double.NaN;
                for (int level = 0; level < f.levels(); level++) {
                    double mean = fit.estimate(ClaimTests.levelEffect(model, f, level)).value();
                    if (Double.isNaN(bestMean) || (highest ? mean > bestMean : mean < bestMean)) {
                        best = level;
                        bestMean = mean;
                    }
                }
                out.add(new Claim.BestLevel(outcome, f.name(), f.level(best),
                        highest ? Claim.Extreme.HIGHEST : Claim.Extreme.LOWEST));
            }
        }
        for (Term t : model.terms()) {
            if (t instanceof Term.Product p) {
                out.add(new Claim.Interaction(outcome, p.a().name(), p.b().name()));
            }
        }
        return out;
    }

    /** An optimum region when the fitted curve in {@code f} has its extreme strictly inside the range. */
    private static Optional<Claim.OptimumRegion> interiorOptimum(Fit fit, Factor f, String outcome, ClaimTests tests) {
        double curvature = fit.coefficient(fit.model().offset(new Term.Square(f)));
        Claim.Extreme extreme = curvature < 0 ? Claim.Extreme.HIGHEST : Claim.Extreme.LOWEST;
        double vertex = ClaimTests.vertex(fit, f, extreme);
        if (!(Math.abs(vertex) < 1)) {
            return Optional.empty();
        }
        double[] region = tests.region(fit, f, extreme, ClaimTests.REGION_CONFIDENCE);
        return Optional.of(new Claim.OptimumRegion(outcome, f.name(), region[0], region[1], extreme));
    }

    /**
     * An optimum claim restated when the data have moved past it: its region no longer holds the current
     * one, or the current one is less than half as wide (the evidence has sharpened it).
     */
    private static Claim sharpened(Claim.OptimumRegion claim, Fit fit, Factors factors, ClaimTests tests) {
        Optional<Factor> f = factors.named(claim.factor());
        if (f.isEmpty() || !fit.model().has(new Term.Square(f.get()))) {
            return claim;
        }
        return interiorOptimum(fit, f.get(), claim.outcome(), tests).filter(now -> now.extreme() == claim.extreme())
                .<Claim>map(now -> {
                    boolean inside = now.low() >= claim.low() && now.high() <= claim.high();
                    boolean sharper = now.high() - now.low() <= (claim.high() - claim.low()) / 2;
                    return !inside || sharper ? now : claim;
                }).orElse(claim);
    }

    private static String prediction(Claim claim, ClaimTests tests) {
        if (claim instanceof Claim.MainEffect m) {
            return String.format(Locale.ROOT, "runs at the highest %s give %s %s than at the lowest, other factors"
                    + " alike", m.factor(), m.trend() == Claim.Trend.INCREASES ? "higher" : "lower", m.outcome());
        } else if (claim instanceof Claim.BestLevel b) {
            return String.format(Locale.ROOT, "with other factors alike, %s = %s gives a %s %s than any other level",
                    b.factor(), b.level(), b.extreme() == Claim.Extreme.HIGHEST ? "higher" : "lower", b.outcome());
        } else if (claim instanceof Claim.Interaction i) {
            return String.format(Locale.ROOT, "the change in %s with %s differs between values of %s", i.outcome(),
                    i.factor(), i.other());
        } else if (claim instanceof Claim.OptimumRegion o) {
            return String.format(Locale.ROOT, "moving %s out of [%.3g, %.3g] makes %s %s", o.factor(), o.low(),
                    o.high(), o.outcome(), o.extreme() == Claim.Extreme.HIGHEST ? "lower" : "higher");
        }
        Claim.NoEffect n = (Claim.NoEffect) claim;
        return String.format(Locale.ROOT, "changing %s moves %s by less than the negligible %.3g", n.factor(),
                n.outcome(), tests.negligible());
    }
}
