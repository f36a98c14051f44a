package org.sciloop.core.tool;

/**
 * One thing a tool did to a device during a call, reported to the engine for the trace: a setpoint
 * written ({@code before} → {@code after}), a method called (its arguments as {@code after}), a result
 * read, the link to it lost or restored. {@code before} is null when there was nothing before (a method call,
 * a link event) or it could not be read.
 */
public record DeviceStep(String operation, String target, Object before, Object after) {
    /** The link to the device went down ({@code target} its endpoint, {@code after} the reason). */
    public static final String LINK_LOST = "link lost";
    /** The link is back ({@code after}: how long it was down). */
    public static final String LINK_RESTORED = "link restored";

    public DeviceStep {
        if (operation == null || target == null) {
            throw new IllegalArgumentException("a device step names its operation and target");
        }
    }
}
