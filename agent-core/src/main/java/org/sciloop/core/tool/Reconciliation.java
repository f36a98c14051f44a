package org.sciloop.core.tool;

/**
 * What a tool knows about a call that was requested before a crash but has no recorded outcome. The
 * engine re-issues a call only when the tool says it never started.
 */
public sealed interface Reconciliation {

    /** The call ran; this is its result. */
    record Completed(ToolResult result) implements Reconciliation {
    }

    /** The call never reached the device (or has no effect), so issuing it again is safe. */
    record NeverStarted() implements Reconciliation {
    }

    /** Nobody can tell; a person must check the device before the experiment counts either way. */
    record Unknown(String why) implements Reconciliation {
    }
}
