package org.sciloop.core.tool;

import java.util.Optional;
import org.sciloop.core.space.ParameterSpace;

/**
 * Something a campaign can call: a simulator, a dataset, an instrument.
 *
 * <p>Contract: {@link #invoke} never throws for a problem of the call or the device; it returns a
 * {@link ToolResult.Failure}. It may block up to the descriptor's timeout, after which the engine
 * abandons it and records a failure. Tools never write trace events: the engine records every call,
 * and the device steps a tool reports through {@link ToolContext#steps()}.
 *
 * <p>What only some tools can do is a capability the engine tests for: an {@link Actuator} acts on the
 * world (limits, interlock, dry run, reconciliation after a crash), a {@link BatchTool} answers a batch at
 * once, a {@link GroundTruth} knows its true response (for evaluators). A tool whose descriptor says
 * {@link Effect#ACTUATES} must be an {@code Actuator}, and only such a tool may be one.
 */
public interface Tool extends AutoCloseable {

    ToolDescriptor descriptor();

    ToolResult invoke(ToolCall call, ToolContext context);

    /**
     * The space of experiments this tool can answer, when the tool itself defines it (a table of
     * measurements). Scenarios on such a tool need not repeat it.
     */
    default Optional<ParameterSpace> impliedSpace() {
        return Optional.empty();
    }

    /**
     * Checks, before a live campaign writes anything, that what the tool drives can be reached and fits its
     * configuration (an instrument has every node its profile names, of the type and access it is used
     * for). Throws a {@link org.sciloop.core.config.ScenarioException} at the line to fix, or a
     * {@link ToolUnavailableException} when the device is out of reach. Called once per live run or resume,
     * never for a replay; the default needs nothing.
     */
    default void connect() {
    }

    /** Releases connections, processes and servers the tool holds; whoever built the tool closes it. */
    @Override
    default void close() {
    }
}
