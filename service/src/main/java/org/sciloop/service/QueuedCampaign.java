package org.sciloop.service;

import java.nio.file.Path;
import java.util.List;

/**
 * A campaign as the service keeps it: who submitted it, where it stands in the queue, the arguments of the
 * {@code sciloop run} that starts it, and the instrument it needs to itself. What happened in it is its
 * trace's, in {@code runDir}.
 *
 * @param position its place in the queue while queued (lower runs first)
 * @param device the instrument it drives, or null for a simulation
 * @param detail why it stands where it does (a pause's reason, a failure's message), or empty
 */
public record QueuedCampaign(String id, String scenario, String submittedBy, String submitted, State state,
                             long position, Path runDir, List<String> runArguments, String device, String detail) {
    public QueuedCampaign {
        runArguments = List.copyOf(runArguments);
        detail = detail == null ? "" : detail;
    }

    public QueuedCampaign with(State newState, String newDetail) {
        return new QueuedCampaign(id, scenario, submittedBy, submitted, newState, position, runDir, runArguments,
                device, newDetail);
    }

    public QueuedCampaign at(long newPosition) {
        return new QueuedCampaign(id, scenario, submittedBy, submitted, state, newPosition, runDir, runArguments,
                device, detail);
    }

    public Path trace() {
        return runDir.resolve("trace.jsonl");
    }

    /** Where a campaign stands for the service. */
    public enum State {
        /** Waiting for its turn (or for its instrument). */
        QUEUED,
        /** A sciloop process works on it. */
        RUNNING,
        /** Paused until people act: results to tell, experiments to approve. */
        WAITING,
        /** Paused (asked to, or a service it needs was away); resume goes on. */
        PAUSED,
        FINISHED,
        /** Taken out of the queue before it started. */
        CANCELLED,
        /** Its process ended without a campaign to show for it (the message says why). */
        FAILED;

        public boolean ended() {
            return this == FINISHED || this == CANCELLED || this == FAILED;
        }
    }
}
