package org.sciloop.service;

/**
 * A request the service refuses, answered as an RFC 9457 problem detail: the HTTP status, a title for the
 * status, and a detail a person can act on.
 */
public final class Problem extends RuntimeException {
    private final int status;

    public Problem(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }
}
