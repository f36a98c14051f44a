package org.sciloop.core.tool;

import java.util.Optional;
import java.util.OptionalDouble;
import org.sciloop.core.campaign.Objective;
import org.sciloop.core.space.ParameterSpace;

/**
 * Something a campaign can call: a simulator, a dataset, an instrument.
 *
 * <p>Contract: {@link #invoke} never throws for a problem of the call or the device; it returns a
 * {@link ToolResult.Failure}. It may block up to the descriptor's timeout, after which the engine
 * abandons it and records a failure. Tools never write trace events: the engine records every call.
 */
public interface Tool {

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
     * The best value this tool can ever return for {@code objective}, when it is known: the best row of an
     * emulated table, a test function's optimum. Evaluators measure regret against it.
     */
    default OptionalDouble bestPossible(Objective objective) {
        return OptionalDouble.empty();
    }

    /**
     * Settles a call that was requested before a crash and has no recorded outcome. Read-only calls are
     * safe to repeat; an actuator must be asked, and by default nobody knows.
     */
    default Reconciliation reconcile(ToolCall call) {
        return descriptor().effect() == Effect.READ_ONLY
                ? new Reconciliation.NeverStarted()
                : new Reconciliation.Unknown("tool '" + descriptor().name() + "' cannot report on past calls");
    }
}
