package org.sciloop.core.model;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * What came back from running an experiment. A failed run is an observation too: it used budget and the
 * planner must not ask for it again.
 *
 * @param experimentId the id the engine gave the experiment
 * @param outcomes numeric outcomes by name (empty when the run failed)
 * @param detail why the run failed, or empty
 * @param tool the tool that ran it (provenance)
 */
public record Observation(String experimentId, Settings settings, Map<String, Double> outcomes,
                          Status status, String detail, String tool) {

    public enum Status { OK, FAILED }

    public Observation {
        if (experimentId == null || settings == null || outcomes == null || status == null) {
            // Read from a trace line that lacks one: the reader reports that line as damaged.
            throw new IllegalArgumentException("an observation needs its experimentId, settings, outcomes and status");
        }
        outcomes = Map.copyOf(outcomes);
        detail = detail == null ? "" : detail;
    }

    public OptionalDouble outcome(String name) {
        Double v = outcomes.get(name);
        return status == Status.OK && v != null ? OptionalDouble.of(v) : OptionalDouble.empty();
    }
}
