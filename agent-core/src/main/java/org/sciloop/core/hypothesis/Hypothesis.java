package org.sciloop.core.hypothesis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A testable statement about the system under study, versioned as evidence arrives. Every version is a
 * new value; the trace keeps them all.
 *
 * @param claim the claim in words, e.g. "yield increases with Temp_C"
 * @param prediction what the claim predicts for the next experiments
 * @param evidence ids of the observations that moved it to this version
 * @param confidence belief in [0, 1]
 * @param author who stated it: a planner, a model id, or a person
 * @param formal the claim in a form a hypothesis engine can test, or null for a claim only in words
 * @param assessment the test behind the current status, or null when none has been run
 */
public record Hypothesis(String id, int version, String statement, String claim, String prediction,
                         Status status, List<String> evidence, double confidence, String author,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Claim formal,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Assessment assessment) {

    public enum Status {
        PROPOSED, TESTING, SUPPORTED, REFUTED, INCONCLUSIVE;

        /** Settled for now: the evidence decided it (new evidence may still revise it). */
        public boolean settled() {
            return this == SUPPORTED || this == REFUTED;
        }
    }

    public Hypothesis {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a hypothesis needs an id");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
        }
        evidence = List.copyOf(evidence);
    }

    /** A hypothesis stated in words only (a person's, or a model's without a formal claim). */
    public Hypothesis(String id, int version, String statement, String claim, String prediction, Status status,
                      List<String> evidence, double confidence, String author) {
        this(id, version, statement, claim, prediction, status, evidence, confidence, author, null, null);
    }
}
