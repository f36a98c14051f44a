package org.sciloop.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Answers a deterministic tool gave in earlier campaigns, on record in their traces (memoisation). The engine
 * asks before it calls such a tool; an answer found stands for the call, and the trace says where it came from.
 * The campaign store keeps them; {@link #NONE} is a campaign without one.
 */
public interface RecordedAnswers {

    /** The answer on record for a call of the tool with this fingerprint and these arguments, if there is one. */
    Optional<RecordedAnswer> recall(String toolFingerprint, Map<String, Object> arguments);

    /** No answers on record: every call goes to the tool. */
    RecordedAnswers NONE = (fingerprint, arguments) -> Optional.empty();

    /**
     * An answer on record, and where: the campaign, the line of the observation it made and that line's hash
     * (which the campaign's trace must still have for the link to hold).
     *
     * @param ranAt the settings the tool said it really ran, when they differed from the call; else null
     */
    record RecordedAnswer(String campaign, long line, String lineHash, Map<String, Object> outputs,
                          Map<String, Object> ranAt) {
    }

    /**
     * What, besides a call's arguments, decides a deterministic tool's answers: the scenario's {@code experiment}
     * section (the tool and every option given to it) and the SHA-256 of each data file the scenario read. Any
     * change to either gives another fingerprint, so answers are reused only for the very same configuration.
     */
    static String fingerprint(JsonNode experiment, Map<String, String> dataFiles) {
        return Canonical.sha256(Canonical.text(experiment) + "\n" + Canonical.text(new TreeMap<>(dataFiles)));
    }

    /** The key of a call: the tool's fingerprint and its arguments, numbers compared as numbers (105 = 105.0). */
    static String key(String toolFingerprint, Map<String, Object> arguments) {
        Map<String, Object> sorted = new TreeMap<>();
        arguments.forEach((name, value) -> sorted.put(name, value instanceof Number n ? n.doubleValue() : value));
        return Canonical.sha256(toolFingerprint + "\n" + Canonical.text(sorted));
    }
}
