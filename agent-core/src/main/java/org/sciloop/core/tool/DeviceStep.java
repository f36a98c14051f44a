package org.sciloop.core.tool;

/**
 * One thing a tool did to a device during a call, reported to the engine for the trace: a setpoint
 * written ({@code before} → {@code after}), a method called (its arguments as {@code after}), a result
 * read. {@code before} is null when there was nothing before (a method call) or it could not be read.
 */
public record DeviceStep(String operation, String target, Object before, Object after) {
    public DeviceStep {
        if (operation == null || target == null) {
            throw new IllegalArgumentException("a device step names its operation and target");
        }
    }
}
