package org.sciloop.core.tool;

import java.util.Map;

/** The answer of a tool. A failure the planner can react to is a result, not an exception. */
public sealed interface ToolResult permits ToolResult.Success, ToolResult.Failure {

    /** Outputs by name: numbers for measured outcomes, any JSON-friendly value otherwise. */
    record Success(Map<String, Object> outputs) implements ToolResult {
        public Success {
            outputs = Map.copyOf(outputs);
        }
    }

    /**
     * Why the call did not succeed, and whether the same call might succeed later (a lost link, a time-out).
     * A retriable failure of an {@link Actuator} pauses the campaign instead of counting as a failed
     * experiment: the device may or may not have acted, and the call stays in flight for
     * {@link Actuator#reconcile} to settle on resume. For a read-only tool it is recorded with the failure.
     */
    record Failure(String reason, boolean retriable) implements ToolResult {
    }
}
