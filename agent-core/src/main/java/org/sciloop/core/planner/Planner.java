package org.sciloop.core.planner;

import java.util.List;
import org.sciloop.core.hypothesis.Hypothesis;

/**
 * Decides what to run next.
 *
 * <p>Contract: a planner is a pure function of the campaign state and the context. All randomness comes
 * from {@link PlanningContext#random()}, everything outside it (lookups, language models, waiting) goes
 * through {@link PlanningContext#gateway()}; no clock, no global state. That is what makes a campaign
 * reproducible from its seed, resumable from its trace and replayable. It proposes at most
 * {@link PlanningContext#batchSize()} experiments, each inside the space, and in a finite space never
 * one already measured; when it has nothing left to propose it says so with {@link Proposal#stop}.
 *
 * <p>Whoever builds a planner closes it (a {@code Campaign} closes its own).
 */
public interface Planner extends AutoCloseable {

    Proposal propose(CampaignState state, PlanningContext context);

    /**
     * Checks, before a live campaign writes anything, that the outside services the planner needs can be
     * reached (a model provider's credentials), or throws an {@link org.sciloop.core.InputException} naming
     * what is missing. Called once per live run by whoever starts it; never for a replay. The default
     * needs nothing.
     */
    default void connect() {
    }

    /**
     * Called once when a campaign ends with observations the planner has not planned from (the last batch):
     * a planner that tracks hypotheses revises them here, so the final verdicts rest on every observation.
     * The context has a batch size of 0 and no lookups. The default states nothing.
     */
    default List<Hypothesis> conclude(CampaignState state, PlanningContext context) {
        return List.of();
    }

    /** Lets go of what the planner holds (a model client, a thread pool); the default holds nothing. */
    @Override
    default void close() {
    }
}
