package org.sciloop.memory.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.sciloop.core.tool.RecordedAnswers;

/**
 * The store's answers, each taken only from a campaign whose trace still verifies: the trace is the record, so
 * before its first answer is reused a campaign's trace is checked (once per run). One that no longer verifies is
 * marked so in the store and never answers again; the next campaign that holds the same answer is asked instead.
 */
public final class VerifiedAnswers implements RecordedAnswers {
    private static final int ATTEMPTS = 10;
    private final CampaignStore store;
    private final Map<String, Boolean> verified = new HashMap<>();
    private int reused;

    public VerifiedAnswers(CampaignStore store) {
        this.store = store;
    }

    @Override
    public synchronized Optional<RecordedAnswer> recall(String toolFingerprint, Map<String, Object> arguments) {
        // Each campaign found not to verify is marked and skipped by the next lookup; a few rounds settle it.
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<RecordedAnswer> answer = store.recall(toolFingerprint, arguments);
            if (answer.isEmpty() || verified.computeIfAbsent(answer.get().campaign(), this::stillVerifies)) {
                answer.ifPresent(a -> reused++);
                return answer;
            }
        }
        return Optional.empty();
    }

    /** How many calls were answered from the record. */
    public synchronized int reused() {
        return reused;
    }

    private boolean stillVerifies(String campaign) {
        Optional<CampaignStore.Listed> listed = store.listed(campaign);
        if (listed.isEmpty()) {
            return false;
        }
        TraceCheck check = TraceCheck.of(listed.get().campaign());
        if (!check.verifies()) {
            store.traceState(campaign, check.state());  // no longer offered: recall skips it from now on
        }
        return check.verifies();
    }
}
