package org.sciloop.planners.llm;

import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.Planner;
import org.sciloop.core.planner.PlanningContext;
import org.sciloop.core.planner.Proposal;

/**
 * A language model as the planner: each round it is briefed on the campaign (objective, parameters,
 * observations, hypotheses), may look things up and state or revise hypotheses, and ends the round by
 * proposing experiments through a tool call. It keeps nothing between rounds but what the campaign
 * state holds, so a resumed or replayed campaign briefs it the same way.
 */
final class LanguageModelPlanner implements Planner {
    private final AgentSession session;

    LanguageModelPlanner(AgentSession session) {
        this.session = session;
    }

    @Override
    public void connect() {
        session.connect();
    }

    @Override
    public Proposal propose(CampaignState state, PlanningContext context) {
        AgentSession.Turn turn = session.run(state, context);
        return new Proposal(turn.experiments(), turn.hypotheses(), turn.rationale(), turn.details(), turn.stop());
    }
}
