package org.sciloop.core.tool;

import java.util.Map;
import java.util.Optional;
import org.sciloop.core.model.Settings;

/** The answer of a tool. A failure the planner can react to is a result, not an exception. */
public sealed interface ToolResult permits ToolResult.Success, ToolResult.Failure {

    /**
     * Outputs by name: numbers for measured outcomes, any JSON-friendly value otherwise. {@code ranAt}: the
     * settings the outputs were really measured at, when the tool could not run those asked for (an emulator
     * that answers from its nearest measured row, a device that settled elsewhere); the observation is then
     * made at these, so every planner learns from what was run.
     */
    record Success(Map<String, Object> outputs, Optional<Settings> ranAt) implements ToolResult {
        public Success {
            outputs = Map.copyOf(outputs);
        }

        public Success(Map<String, Object> outputs) {
            this(outputs, Optional.empty());
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
