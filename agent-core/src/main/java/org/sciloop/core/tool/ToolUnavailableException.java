package org.sciloop.core.tool;

import org.sciloop.core.ServiceUnavailableException;

/**
 * An actuator's device cannot be reached (the link is down), so the engine cannot tell what it did or may
 * do: the campaign pauses. A call already requested stays in flight, for {@link Actuator#reconcile} to
 * settle on resume; one not yet requested is simply run then.
 */
public class ToolUnavailableException extends ServiceUnavailableException {
    public ToolUnavailableException(String message) {
        super(message, null);
    }
}
