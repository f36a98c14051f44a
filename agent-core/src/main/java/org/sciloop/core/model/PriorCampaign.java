package org.sciloop.core.model;

import java.util.List;

/**
 * An earlier campaign whose observations a campaign learns from (its scenario's {@code memory: {learn-from}}):
 * a related task, not experiments of this one. Put on record at the start, so a resume and a replay see the same
 * history without the store it came from.
 *
 * @param campaign its id
 * @param scenario the scenario it ran
 * @param traceHead the hash of its trace's last line when it was read: which record vouches for these observations
 * @param observations its observations that fit this campaign's space, each where it was run
 */
public record PriorCampaign(String campaign, String scenario, String traceHead, List<Observation> observations) {
    public PriorCampaign {
        observations = List.copyOf(observations);
    }
}
