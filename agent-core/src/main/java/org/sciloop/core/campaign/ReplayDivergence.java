package org.sciloop.core.campaign;

/**
 * Thrown into a replayed planner at the first request the record does not hold, to stop it there. It is
 * an {@link Error}, not an exception, so that a planner's {@code catch (RuntimeException e)} lets it pass;
 * and the replay gateway has noted the divergence before throwing, so a planner that catches even this
 * cannot hide it. Not public: no plugin can name it.
 */
final class ReplayDivergence extends Error {
    ReplayDivergence(String message) {
        super(message, null, false, false);
    }
}
