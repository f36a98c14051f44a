package org.sciloop.core;

/**
 * A problem caused by what a person gave sciloop (a scenario, a name, a trace, a command-line value),
 * as opposed to a defect in sciloop. Its message is written for that person: it says what is wrong and,
 * where it can, where and how to fix it. Front ends print the message alone, never a stack trace.
 */
public class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
