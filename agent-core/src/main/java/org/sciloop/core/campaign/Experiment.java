package org.sciloop.core.campaign;

import java.util.List;
import org.sciloop.core.space.Settings;

/**
 * What a planner asks to be run: the settings, why, and which hypotheses (by id) the result will test.
 * The engine gives it an id when it accepts the proposal.
 */
public record Experiment(Settings settings, String rationale, List<String> tests) {

    public Experiment {
        rationale = rationale == null ? "" : rationale;
        tests = List.copyOf(tests);
    }

    public static Experiment of(Settings settings, String rationale) {
        return new Experiment(settings, rationale, List.of());
    }
}
