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
 * @param passages its prose (hypotheses, rationales, people's notes), for recall by meaning
 */
public record IndexedCampaign(String id, Path trace, String scenario, String source, JsonNode document, long seed,
                              String tool, String planner, List<String> objectives, List<String> parameters,
                              Instant started, Optional<Instant> ended, String state, List<String> people,
                              long lines, String head, List<StoredObservation> observations,
                              List<Hypothesis> hypotheses, List<StoredAnswer> answers, List<Passage> passages) {

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

    /**
     * A piece of the campaign's prose that recall finds by meaning.
     *
     * @param kind {@code hypothesis} (its statement, as last written), {@code rationale} (why a planner proposed a
     *     round or an experiment) or {@code note} (what a person wrote: a result's note, an approval's reason)
     * @param subject what it is about: a hypothesis id, {@code round-N}, an experiment id
     */
    public record Passage(long line, String kind, String subject, String text) {
        public static final List<String> KINDS = List.of("hypothesis", "rationale", "note");
    }

    /**
     * The same campaign with these people, observations, hypotheses and answers, and its passages (a listing reads
     * it without).
     */
    public IndexedCampaign with(List<String> people, List<StoredObservation> observations,
                                List<Hypothesis> hypotheses, List<StoredAnswer> answers) {
        return new IndexedCampaign(id, trace, scenario, source, document, seed, tool, planner, objectives, parameters,
                started, ended, state, people, lines, head, observations, hypotheses, answers, passages);
    }

    public int experiments() {
        return observations.size();
    }
}
