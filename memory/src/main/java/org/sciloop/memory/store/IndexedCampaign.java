package org.sciloop.memory.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Observation;

/**
 * What the store keeps of one campaign: read from its trace (which stays the system of record), so the store
 * can always be rebuilt from the traces.
 *
 * @param id the campaign's id as its trace gives it on every line
 * @param trace the trace file it was read from (absolute)
 * @param document the scenario as it ran (the trace's header)
 * @param parameters the names of the settings its experiments had, in order of first appearance
 * @param state {@code finished}, {@code paused} or {@code open} (a run that stopped without saying why, or runs)
 * @param people who told results or decided approvals ({@code person:} actors), in order of first appearance
 * @param lines how many lines of the trace were read, all intact
 * @param head the hash of the last of them: a trace whose head differs has changed since
 * @param answers what its deterministic tool answered itself (none for any other tool): answers a later campaign
 *     may reuse for the same call
 */
public record IndexedCampaign(String id, Path trace, String scenario, String source, JsonNode document, long seed,
                              String tool, String planner, List<String> objectives, List<String> parameters,
                              Instant started, Optional<Instant> ended, String state, List<String> people,
                              long lines, String head, List<StoredObservation> observations,
                              List<Hypothesis> hypotheses, List<StoredAnswer> answers) {

    /** One observation and where it is on record. */
    public record StoredObservation(String campaign, long line, Instant recorded, String recordedBy,
                                    Observation observation) {
    }

    /**
     * A deterministic tool's answer to one call: the tool's fingerprint and the call's key
     * ({@link org.sciloop.core.tool.RecordedAnswers}), the line of the observation it made and that line's hash, the
     * tool's outputs, and where it really ran (null when as asked).
     */
    public record StoredAnswer(String toolFingerprint, String key, long line, String lineHash,
                               Map<String, Object> outputs, Map<String, Object> ranAt) {
    }

    /** The same campaign with these people, observations, hypotheses and answers (a listing reads it without). */
    public IndexedCampaign with(List<String> people, List<StoredObservation> observations,
                                List<Hypothesis> hypotheses, List<StoredAnswer> answers) {
        return new IndexedCampaign(id, trace, scenario, source, document, seed, tool, planner, objectives, parameters,
                started, ended, state, people, lines, head, observations, hypotheses, answers);
    }

    public int experiments() {
        return observations.size();
    }
}
