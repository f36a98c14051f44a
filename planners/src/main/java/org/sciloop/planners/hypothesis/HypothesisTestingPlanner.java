package org.sciloop.planners.hypothesis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Experiment;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.Planner;
import org.sciloop.core.planner.PlanningContext;
import org.sciloop.core.planner.Proposal;

/**
 * Runs the {@link HypothesisEngine} every round and spends a share of each batch on the experiments that
 * best test its open hypotheses ({@link DiscriminatingDesign}); the rest of the batch is the base
 * planner's (Bayesian optimisation for {@code bo} with {@code test-fraction}, a space-filling design for
 * {@code hypothesis}). Until {@code initial} experiments have run, the start design proposes alone, in whole
 * batches; the first of them states the hypotheses of the earlier campaigns the scenario learns from, which are
 * then tested like any other.
 */
public final class HypothesisTestingPlanner implements Planner {
    private final HypothesisEngine engine;
    private final Planner base;
    private final Planner start;
    private final OptionalInt initial;
    private final double testFraction;

    /**
     * @param initial experiments the start design runs before the engine's first model; empty for just enough
     *     to fit every main effect with a few degrees of freedom to spare
     */
    public HypothesisTestingPlanner(HypothesisEngine engine, Planner base, Planner start, OptionalInt initial,
                                    double testFraction) {
        this.engine = engine;
        this.base = base;
        this.start = start;
        this.initial = initial;
        this.testFraction = testFraction;
    }

    @Override
    public Proposal propose(CampaignState state, PlanningContext context) {
        int batch = context.batchSize();
        int initial = initial(state);
        if (state.experimentsRun() < initial) {
            // Whole batches: the start design runs at least the initial experiments.
            Proposal design = start.propose(state, context);
            List<Hypothesis> earlier = state.hypotheses().isEmpty() ? HypothesisEngine.fromHistory(state) : List.of();
            return earlier.isEmpty() ? design : new Proposal(design.experiments(), earlier, design.rationale()
                    + "; " + earlier.size() + " hypotheses of earlier campaigns to test", design.details(),
                    design.stop());
        }
        HypothesisEngine.Round round = engine.assess(state, false);
        int slots = round.model().isEmpty() ? 0 : (int) Math.round(batch * testFraction);
        Proposal fromBase = slots < batch ? base.propose(state, context.withBatchSize(batch - slots))
                : Proposal.batch(List.of(), "");
        List<Experiment> experiments = new ArrayList<>(fromBase.experiments());
        Set<Settings> taken = new HashSet<>();
        experiments.forEach(e -> taken.add(e.settings()));
        experiments.addAll(DiscriminatingDesign.pick(state, context, round, slots, taken));
        if (experiments.size() < batch && fromBase.stop().isEmpty()) {
            // Nothing to test yet (no model, no open claim): the base planner fills the batch.
            Proposal more = base.propose(state, context.withBatchSize(batch - experiments.size()));
            more.experiments().stream().filter(e -> taken.add(e.settings())).forEach(experiments::add);
        }
        Map<String, Object> details = new LinkedHashMap<>(fromBase.details());
        round.model().ifPresent(m -> {
            details.put("hypothesis-model", m.model().formula());
            details.put("hypothesis-model-bic", m.bic());
        });
        details.put("hypotheses-open", round.tracked().stream().filter(t -> !t.hypothesis().status().settled())
                .map(t -> t.hypothesis().id()).toList());
        List<Hypothesis> hypotheses = round.revised();
        if (experiments.isEmpty()) {
            return new Proposal(List.of(), hypotheses, fromBase.rationale(), details,
                    Optional.of(fromBase.stop().orElse("nothing left to propose")));
        }
        String rationale = (fromBase.rationale().isEmpty() ? "" : fromBase.rationale() + "; ")
                + experiments.stream().filter(e -> !e.tests().isEmpty()).count() + " of " + experiments.size()
                + " experiments test hypotheses";
        return new Proposal(experiments, hypotheses, rationale, details, Optional.empty());
    }

    @Override
    public List<Hypothesis> conclude(CampaignState state, PlanningContext context) {
        return state.experimentsRun() < initial(state) ? List.of() : engine.assess(state, true).revised();
    }

    private int initial(CampaignState state) {
        return initial.orElseGet(() -> Model.mainEffects(Factors.of(state.space()).all()).width()
                + ModelSelection.MIN_RESIDUAL_DF + 1);
    }

    @Override
    public void connect() {
        base.connect();
    }
}
