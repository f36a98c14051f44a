package org.sciloop.cli;

/** What {@code sciloop} returns to the shell. */
final class ExitCode {
    /** Done as asked; for verify, the trace is intact. */
    static final int OK = 0;
    /** The trace is damaged (verify), or a campaign could not be finished (paused: 'sciloop resume' goes on). */
    static final int FAILED = 1;
    /** The user's input is wrong: a command-line value, a scenario, a name, a path. Nothing was run. */
    static final int BAD_INPUT = 2;
    /**
     * A defect in sciloop or a plugin (the message and stack trace belong in a bug report), or a trace that
     * could not be written mid-campaign (the message says what was kept; no stack trace).
     */
    static final int INTERNAL_ERROR = 3;

    private ExitCode() {
    }
}
