package org.sciloop.core.campaign;

import java.util.List;

/**
 * Experiments wait for a person's approval ({@code approval:} in the scenario): the campaign is paused and
 * no process waits. {@code sciloop approve} or {@code deny} goes on, each decision independent of the others.
 */
public final class AwaitingApprovalException extends RuntimeException {
    private final List<String> waiting;

    public AwaitingApprovalException(List<String> waiting) {
        super(waiting.size() + " experiment" + (waiting.size() == 1 ? " waits" : "s wait") + " for approval ("
                + String.join(", ", waiting.size() > 10 ? waiting.subList(0, 10) : waiting)
                + (waiting.size() > 10 ? ", ..." : "") + ")");
        this.waiting = List.copyOf(waiting);
    }

    public List<String> waiting() {
        return waiting;
    }
}
