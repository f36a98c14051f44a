package org.sciloop.memory.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sciloop.core.tool.RecordedAnswers;

/**
 * A deterministic tool's answers on record in the store, each reused only from a campaign whose trace still
 * verifies: the trace is the record, so before the first answer of a campaign is reused its trace is checked (once
 * per run); one that no longer verifies is passed over for the next campaign that holds the same answer. The
 * answers are read from the store once, at the start ({@link #load}), so a running campaign holds no connection
 * to it and campaigns that run side by side do not wait for each other.
 */
public final class VerifiedAnswers implements RecordedAnswers {
    private final String toolFingerprint;
    private final Map<String, List<RecordedAnswer>> byKey;
    private final Map<String, IndexedCampaign> origins = new HashMap<>();
    private final Map<String, Boolean> verified = new HashMap<>();
    private int reused;

    private VerifiedAnswers(String toolFingerprint, Map<String, List<RecordedAnswer>> byKey) {
        this.toolFingerprint = toolFingerprint;
        this.byKey = byKey;
    }

    /** The answers {@code store} holds for the tool with this fingerprint, and the campaigns they come from. */
    public static VerifiedAnswers load(CampaignStore store, String toolFingerprint) {
        VerifiedAnswers answers = new VerifiedAnswers(toolFingerprint, store.answers(toolFingerprint));
        answers.byKey.values().stream().flatMap(List::stream).map(RecordedAnswer::campaign).distinct()
                .forEach(id -> store.listed(id).ifPresent(l -> answers.origins.put(id, l.campaign())));
        return answers;
    }

    @Override
    public synchronized Optional<RecordedAnswer> recall(String fingerprint, Map<String, Object> arguments) {
        if (!fingerprint.equals(toolFingerprint)) {
            return Optional.empty();
        }
        for (RecordedAnswer answer : byKey.getOrDefault(RecordedAnswers.key(fingerprint, arguments), List.of())) {
            if (verified.computeIfAbsent(answer.campaign(), this::stillVerifies)) {
                reused++;
                return Optional.of(answer);
            }
        }
        return Optional.empty();
    }

    /** How many calls were answered from the record. */
    public synchronized int reused() {
        return reused;
    }

    private boolean stillVerifies(String campaign) {
        IndexedCampaign origin = origins.get(campaign);
        return origin != null && TraceCheck.of(origin).verifies();
    }
}
