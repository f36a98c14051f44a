package org.sciloop.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a planner asks to be run: the settings, why, and which hypotheses (by id) the result will test.
 * The engine gives it an id when it accepts the proposal.
 *
 * @param details the planner's numbers behind the choice (a model's predicted mean and standard
 *     deviation, an acquisition value), JSON-friendly values only; recorded in the trace
 */
public record Experiment(Settings settings, String rationale, List<String> tests, Map<String, Object> details) {

    public Experiment {
        rationale = rationale == null ? "" : rationale;
        tests = List.copyOf(tests);
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static Experiment of(Settings settings, String rationale) {
        return new Experiment(settings, rationale, List.of(), Map.of());
    }

    public static Experiment of(Settings settings, String rationale, Map<String, Object> details) {
        return new Experiment(settings, rationale, List.of(), details);
    }
}
