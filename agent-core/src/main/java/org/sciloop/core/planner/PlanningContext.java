package org.sciloop.core.planner;

import java.util.Random;

/**
 * What the engine lends a planner for one round.
 *
 * @param seed the campaign seed, for designs laid out once per campaign (a Latin hypercube, a Sobol shift)
 * @param round 0 for the first proposal, then 1, 2, ...
 * @param batchSize the most experiments this round may propose (the batch, or less near the end of budget)
 * @param random a source derived from the seed and the round, so a resumed campaign draws the same numbers
 * @param gateway lookups and model exchanges, checked and traced by the engine
 */
public record PlanningContext(long seed, int round, int batchSize, Random random, PlannerGateway gateway) {

    /** A context with no gateway (a planner that looks nothing up, run outside a campaign). */
    public PlanningContext(long seed, int round, int batchSize, Random random) {
        this(seed, round, batchSize, random, PlannerGateway.none());
    }

    /** The same round with another batch size (a planner handing part of its batch to another). */
    public PlanningContext withBatchSize(int batch) {
        return new PlanningContext(seed, round, batch, random, gateway);
    }
}
