package org.sciloop.core.tool;

/**
 * A tool that only answers a planner's questions (declared under a scenario's {@code lookups}): it measures nothing,
 * so a scenario that makes it the experiment tool is refused when it loads.
 */
public interface LookupOnly extends Tool {
}
