package org.sciloop.core.trace;

import java.time.Instant;

/**
 * One line of the trace: an event with its place in the chain.
 *
 * @param seq 1 for the first line, then one more per line
 * @param actor who did it: {@code engine}, {@code planner:<name>}, {@code tool:<name>}, {@code user}
 * @param prev the hash of the previous line (64 zeros on the first)
 * @param hash SHA-256 of this line's content up to its hash field
 */
public record TraceRecord(long seq, Instant time, String campaign, String actor, TraceEvent event,
                          String prev, String hash) {

    /** Hands this line's event to {@code visitor}. */
    public void accept(TraceVisitor visitor) {
        event.accept(this, visitor);
    }
}
