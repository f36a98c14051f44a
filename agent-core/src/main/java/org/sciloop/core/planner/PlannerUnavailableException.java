package org.sciloop.core.planner;

/**
 * A service the planner needs cannot be used right now: a model provider that keeps timing out or
 * rate-limiting after every retry. Nothing is wrong with the campaign; the engine pauses it (resumable)
 * and front ends print the message alone.
 */
public class PlannerUnavailableException extends RuntimeException {
    public PlannerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
