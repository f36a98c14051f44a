package org.sciloop.core.planner;

/**
 * During a replay, the planner asked for something the record does not hold: a model request that
 * differs from the recorded one, a lookup not made in the original run, or more calls than were made.
 * The replay stops there and reports both sides.
 */
public class ReplayDivergence extends RuntimeException {
    private final String recorded;
    private final String replayed;

    public ReplayDivergence(String recorded, String replayed) {
        super("the replay diverged from the record: recorded " + recorded + "; replayed " + replayed);
        this.recorded = recorded;
        this.replayed = replayed;
    }

    public String recorded() {
        return recorded;
    }

    public String replayed() {
        return replayed;
    }
}
