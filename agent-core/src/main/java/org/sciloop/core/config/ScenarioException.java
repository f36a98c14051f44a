package org.sciloop.core.config;

import org.sciloop.core.InputException;

/** A scenario that cannot be used, with the file, the line and what is wrong in the message. */
public class ScenarioException extends InputException {
    public ScenarioException(String message) {
        super(message);
    }
}
