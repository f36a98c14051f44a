package org.sciloop.core.planner;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Experiment;

/**
 * A planner's answer for one round: a batch of experiments, hypotheses it states or revises, and why; or
 * a reason to stop.
 *
 * @param details the planner's state of mind for the round (a model's fitted hyperparameters), JSON-friendly
 *     values only; recorded in the trace
 */
public record Proposal(List<Experiment> experiments, List<Hypothesis> hypotheses, String rationale,
                       Map<String, Object> details, Optional<String> stop) {

    public Proposal {
        experiments = List.copyOf(experiments);
        hypotheses = List.copyOf(hypotheses);
        rationale = rationale == null ? "" : rationale;
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static Proposal batch(List<Experiment> experiments, String rationale) {
        return new Proposal(experiments, List.of(), rationale, Map.of(), Optional.empty());
    }

    public static Proposal batch(List<Experiment> experiments, String rationale, Map<String, Object> details) {
        return new Proposal(experiments, List.of(), rationale, details, Optional.empty());
    }

    public static Proposal stop(String reason) {
        return new Proposal(List.of(), List.of(), reason, Map.of(), Optional.of(reason));
    }
}
