package org.sciloop.core.model;

import java.util.List;
import org.sciloop.core.hypothesis.Hypothesis;

/**
 * An earlier campaign whose observations a campaign learns from (its scenario's {@code memory: {learn-from}}):
 * a related task, not experiments of this one. Put on record at the start, so a resume and a replay see the same
 * history without the store it came from.
 *
 * @param campaign its id
 * @param scenario the scenario it ran
 * @param traceHead the hash of its trace's last line when it was read: which record vouches for these observations
 * @param observations its observations that fit this campaign's space, each where it was run
 * @param hypotheses its hypotheses (as last stated) whose formal claim is about this campaign's objective and
 *     parameters: claims this campaign may test again, for they were not read off its data
 */
public record PriorCampaign(String campaign, String scenario, String traceHead, List<Observation> observations,
                            List<Hypothesis> hypotheses) {
    public PriorCampaign {
        observations = List.copyOf(observations);
        hypotheses = hypotheses == null ? List.of() : List.copyOf(hypotheses);
    }

    /** An earlier campaign that brings observations only. */
    public PriorCampaign(String campaign, String scenario, String traceHead, List<Observation> observations) {
        this(campaign, scenario, traceHead, observations, List.of());
    }
}
