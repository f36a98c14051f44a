package org.sciloop.core.trace;

import org.sciloop.core.InputException;

/**
 * A trace that does not hold up (a line altered, removed or cut off, an empty file) was given where an intact
 * one is needed (resume, replay): the input is wrong, and what is wrong is the record itself, as
 * {@code sciloop verify} would say (exit 1, as verify's verdict).
 */
public final class DamagedTraceException extends InputException {
    public DamagedTraceException(String message) {
        super(message);
    }
}
