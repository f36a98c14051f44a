package org.sciloop.core.planner;

import org.sciloop.core.ServiceUnavailableException;

/** A service the planner needs (a model provider) keeps timing out or rate-limiting after every retry. */
public class PlannerUnavailableException extends ServiceUnavailableException {
    public PlannerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
