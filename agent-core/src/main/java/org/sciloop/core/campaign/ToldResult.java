package org.sciloop.core.campaign;

import java.util.Map;
import java.util.Optional;
import org.sciloop.core.model.Settings;

/**
 * A result a person reports for an experiment of a campaign run by hand: measured ({@code outcomes}) or
 * failed ({@code failure}), on the settings that were really run (which may differ from those proposed). An
 * id the campaign never handed out is a historical experiment, brought into the record as such.
 *
 * @param person who ran and measured it; the trace line is written as {@code person:<name>}
 * @param note how it relates to the proposal ("as proposed", "run at other settings than proposed: ..."),
 *     kept in the observation
 */
public record ToldResult(String experimentId, Settings settings, Map<String, Double> outcomes,
                         Optional<String> failure, String person, String note) {
    public ToldResult {
        outcomes = Map.copyOf(outcomes);
    }

    public String actor() {
        return "person:" + person;
    }
}
