package org.sciloop.core;

/**
 * Something a campaign needs is held by another campaign right now: a device it would drive
 * ({@link org.sciloop.core.tool.DeviceReservation}), a trace another process is writing. Nothing was
 * sent or written. Not a mistake in the input; front ends print the message alone.
 */
public class InUseException extends RuntimeException {
    public InUseException(String message) {
        super(message);
    }
}
