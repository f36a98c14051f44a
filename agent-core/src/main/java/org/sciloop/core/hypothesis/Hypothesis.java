package org.sciloop.core.hypothesis;

import java.util.List;

/**
 * A testable statement about the system under study, versioned as evidence arrives. Every version is a
 * new value; the trace keeps them all.
 *
 * @param claim the formal claim, e.g. "yield increases with Temp_C"
 * @param prediction what the claim predicts for the next experiments
 * @param evidence ids of the observations that moved it
 * @param confidence belief in [0, 1]
 * @param author who stated it: a planner, a model id, or a person
 */
public record Hypothesis(String id, int version, String statement, String claim, String prediction,
                         Status status, List<String> evidence, double confidence, String author) {

    public enum Status { PROPOSED, TESTING, SUPPORTED, REFUTED, INCONCLUSIVE }

    public Hypothesis {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a hypothesis needs an id");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
        }
        evidence = List.copyOf(evidence);
    }
}
