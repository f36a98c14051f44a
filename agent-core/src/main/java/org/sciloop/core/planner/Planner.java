package org.sciloop.core.planner;

import org.sciloop.core.campaign.CampaignState;

/**
 * Decides what to run next.
 *
 * <p>Contract: a planner is a pure function of the campaign state and the context. All randomness comes
 * from {@link PlanningContext#random()}; no clock, no global state. That is what makes a campaign
 * reproducible from its seed, resumable from its trace and replayable. It proposes at most
 * {@link PlanningContext#batchSize()} experiments, each inside the space, and in a finite space never
 * one already measured; when it has nothing left to propose it says so with {@link Proposal#stop}.
 */
public interface Planner {

    Proposal propose(CampaignState state, PlanningContext context);

    /**
     * Called before a live campaign starts or resumes, never for a replay (which answers from the trace). A
     * planner that needs an outside service (a model provider) checks here that it can reach it, or throws
     * an {@link org.sciloop.core.InputException} naming what is missing, before anything is written.
     */
    default void connect() {
    }

    /**
     * Called once when a campaign ends with observations the planner has not planned from (the last batch):
     * a planner that tracks hypotheses revises them here, so the final verdicts rest on every observation.
     * The context has a batch size of 0 and no lookups. The default states nothing.
     */
    default java.util.List<org.sciloop.core.hypothesis.Hypothesis> conclude(CampaignState state,
                                                                           PlanningContext context) {
        return java.util.List.of();
    }
}
