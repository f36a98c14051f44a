package org.sciloop.planners.llm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.Planner;
import org.sciloop.core.planner.PlanningContext;
import org.sciloop.core.planner.Proposal;
import org.sciloop.planners.bo.BayesianOptimizationPlanner;

/**
 * A language model and Bayesian optimisation together ({@code llm+bo}): each round the model states and
 * revises hypotheses and marks out the region worth searching (levels to keep or exclude, ranges, each
 * with a reason); the optimiser, fitted to every observation, picks the experiments inside that region.
 * The proposal records both: the model's guidance and the optimiser's rationale for each experiment.
 */
final class GuidedOptimizationPlanner implements Planner {
    private final AgentSession session;
    private final BayesianOptimizationPlanner optimiser;

    GuidedOptimizationPlanner(AgentSession session, BayesianOptimizationPlanner optimiser) {
        this.session = session;
        this.optimiser = optimiser;
    }

    @Override
    public void connect() {
        session.connect();
    }

    @Override
    public Proposal propose(CampaignState state, PlanningContext context) {
        AgentSession.Turn turn = session.run(state, context);
        Map<String, Object> details = new LinkedHashMap<>(turn.details());
        if (turn.stop().isPresent()) {
            return new Proposal(List.of(), turn.hypotheses(), turn.rationale(), details, turn.stop());
        }
        Guidance guidance = turn.guidance().orElse(Guidance.NONE);
        details.put("guidance", guidance.asMaps());
        Optional<Predicate<Settings>> region = guidance.constraints().isEmpty() ? Optional.empty()
                : Optional.of(guidance::allows);
        Proposal picked = optimiser.proposeWithin(state, context, region);
        details.put("optimiser", picked.details());
        List<String> why = new ArrayList<>();
        guidance.constraints().forEach(c -> why.add(c.parameter() + ": " + c.reason()));
        String rationale = "model guidance: " + (guidance.rationale().isBlank() ? "none" : guidance.rationale())
                + (why.isEmpty() ? "" : " (" + String.join("; ", why) + ")") + ". Optimiser: " + picked.rationale();
        return new Proposal(picked.experiments(), turn.hypotheses(), rationale, details, picked.stop());
    }
}
