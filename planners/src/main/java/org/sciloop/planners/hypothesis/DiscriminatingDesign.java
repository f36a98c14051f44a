package org.sciloop.planners.hypothesis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sciloop.core.model.Experiment;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.PlanningContext;
import org.sciloop.core.space.ParameterSpace;

/**
 * Picks the experiments that best tell a hypothesis from its alternative. Each open hypothesis has two
 * rival models, one in which its claim holds and one in which it does not ({@link Verdict}); the next
 * experiment for it goes where their predictions, uncertainty included, differ most by the Box–Hill
 * divergence: ½[(s₁² − s₀²)² / (s₀² s₁²) + (μ₁ − μ₀)² (1/s₀² + 1/s₁²)], with sᵢ² the variance of a new
 * measurement under model i. Open hypotheses take the slots in turn, carried over from round to round, so
 * every one gets tested; when none is open, the settled ones are tested again.
 */
final class DiscriminatingDesign {
    /** Candidates scored per slot in a continuous or very large space. */
    static final int SAMPLE = 2_000;

    private DiscriminatingDesign() {
    }

    static List<Experiment> pick(CampaignState state, PlanningContext context, HypothesisEngine.Round round,
                                 int slots, Set<Settings> taken) {
        List<HypothesisEngine.Tracked> testable = round.tracked().stream().filter(t -> t.verdict().isPresent()).toList();
        List<HypothesisEngine.Tracked> open = testable.stream()
                .filter(t -> !t.hypothesis().status().settled()).toList();
        List<HypothesisEngine.Tracked> targets = open.isEmpty() ? testable : open;
        if (targets.isEmpty() || slots <= 0) {
            return List.of();
        }
        List<Settings> candidates = candidates(state, context);
        List<double[]> coded = candidates.stream().map(round.factors()::code).toList();
        List<Experiment> out = new ArrayList<>();
        for (int k = 0; k < slots; k++) {
            HypothesisEngine.Tracked target = targets.get(Math.floorMod(context.round() * slots + k, targets.size()));
            Verdict v = target.verdict().get();
            double noise = v.with().residualVariance();
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            double[] bestDetail = null;
            for (int i = 0; i < candidates.size(); i++) {
                if (taken.contains(candidates.get(i))) {
                    continue;
                }
                double[] x = coded.get(i);
                double m1 = v.with().mean(x);
                double m0 = v.without().mean(x);
                double s1 = noise + v.with().meanVariance(x);
                double s0 = noise + v.without().meanVariance(x);
                double score = 0.5 * ((s1 - s0) * (s1 - s0) / (s0 * s1) + (m1 - m0) * (m1 - m0) * (1 / s0 + 1 / s1));
                if (score > bestScore) {
                    best = i;
                    bestScore = score;
                    bestDetail = new double[] {m1, m0};
                }
            }
            if (best < 0) {
                break;
            }
            Settings settings = candidates.get(best);
            taken.add(settings);
            var h = target.hypothesis();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("tests", h.id());
            details.put("divergence", bestScore);
            details.put("model-with", v.with().model().formula());
            details.put("predicted-with", bestDetail[0]);
            details.put("model-without", v.without().model().formula());
            details.put("predicted-without", bestDetail[1]);
            out.add(new Experiment(settings, String.format(Locale.ROOT,
                    "tests %s (%s): the rival models predict %.4g and %.4g here (divergence %.3g)", h.id(),
                    h.statement(), bestDetail[0], bestDetail[1], bestScore), List.of(h.id()), details));
        }
        return out;
    }

    /** The unmeasured candidates of a finite space (a sample, when there are many); else a random sample. */
    private static List<Settings> candidates(CampaignState state, PlanningContext context) {
        ParameterSpace space = state.space();
        if (space.isFinite() && space.size() <= ParameterSpace.MAX_ENUMERATED) {
            List<Settings> all = state.unmeasuredCandidates();
            if (all.size() <= SAMPLE) {
                return all;
            }
            List<Settings> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, context.random());
            return shuffled.subList(0, SAMPLE);
        }
        List<Settings> out = new ArrayList<>();
        // With constraints, draws that break them are drawn again, up to a limit.
        boolean constrained = !space.constraints().isEmpty();
        for (int i = 0; i < SAMPLE || constrained && out.size() < SAMPLE && i < SAMPLE * 100; i++) {
            double[] u = new double[space.dimensions()];
            for (int d = 0; d < u.length; d++) {
                u[d] = context.random().nextDouble();
            }
            space.constrainedFromUnit(u).filter(s -> !state.isMeasured(s)).ifPresent(out::add);
        }
        return out;
    }
}
