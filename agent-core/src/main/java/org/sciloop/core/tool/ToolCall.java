package org.sciloop.core.tool;

import java.util.Map;

/**
 * One request to a tool. {@code requestId} is unique within a campaign and stable across a resume, so a
 * device that echoes it lets the engine tell "done" from "never started" after a crash.
 */
public record ToolCall(String tool, String requestId, Map<String, Object> arguments) {
    public ToolCall {
        arguments = Map.copyOf(arguments);
    }
}
