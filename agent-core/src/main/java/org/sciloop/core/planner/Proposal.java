package org.sciloop.core.planner;

import java.util.List;
import java.util.Optional;
import org.sciloop.core.campaign.Experiment;
import org.sciloop.core.hypothesis.Hypothesis;

/**
 * A planner's answer for one round: a batch of experiments, hypotheses it states or revises, and why; or
 * a reason to stop.
 */
public record Proposal(List<Experiment> experiments, List<Hypothesis> hypotheses, String rationale,
                       Optional<String> stop) {

    public Proposal {
        experiments = List.copyOf(experiments);
        hypotheses = List.copyOf(hypotheses);
        rationale = rationale == null ? "" : rationale;
    }

    public static Proposal batch(List<Experiment> experiments, String rationale) {
        return new Proposal(experiments, List.of(), rationale, Optional.empty());
    }

    public static Proposal stop(String reason) {
        return new Proposal(List.of(), List.of(), reason, Optional.of(reason));
    }
}
