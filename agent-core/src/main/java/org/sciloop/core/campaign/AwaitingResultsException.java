package org.sciloop.core.campaign;

import java.util.List;

/**
 * The campaign handed a batch to people and waits for their results: it is paused (a {@code CampaignPaused}
 * line and a seal), and no process waits. Telling the results resumes it ({@code sciloop tell}).
 */
public final class AwaitingResultsException extends RuntimeException {
    private final List<String> pending;

    public AwaitingResultsException(List<String> pending) {
        super("waiting for the results of " + pending.size() + " experiment" + (pending.size() == 1 ? "" : "s")
                + " run by hand (" + String.join(", ", pending) + ")");
        this.pending = List.copyOf(pending);
    }

    /** The experiments handed out and not yet told, in the order they were handed out. */
    public List<String> pending() {
        return pending;
    }
}
