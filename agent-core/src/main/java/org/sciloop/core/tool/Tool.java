package org.sciloop.core.tool;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.sciloop.core.campaign.Objective;
import org.sciloop.core.safety.SafetyPolicy;
import org.sciloop.core.space.ParameterSpace;

/**
 * Something a campaign can call: a simulator, a dataset, an instrument.
 *
 * <p>Contract: {@link #invoke} never throws for a problem of the call or the device; it returns a
 * {@link ToolResult.Failure}. It may block up to the descriptor's timeout, after which the engine
 * abandons it and records a failure. Tools never write trace events: the engine records every call,
 * and the device steps a tool reports through {@link ToolContext#steps()}.
 *
 * <p>An actuating tool also tells the engine what must hold before it acts ({@link #limits()},
 * {@link #interlock}) and what it would send ({@link #dryRun}), so that the engine, not the tool or the
 * planner, decides whether a call goes out.
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
     * The best value this tool can ever return for {@code objective}, when it is known: the best row of an
     * emulated table, a test function's optimum. Evaluators measure regret against it.
     */
    default OptionalDouble bestPossible(Objective objective) {
        return OptionalDouble.empty();
    }

    /**
     * The noise-free value of {@code output} over the whole space, when the tool knows it (a complete table
     * of measurements, a simulator with a known formula). Evaluators score a campaign's hypotheses against it.
     */
    default Optional<KnownResponse> knownResponse(String output) {
        return Optional.empty();
    }

    /**
     * Settles a call that was requested before a crash and has no recorded outcome. Read-only calls are
     * safe to repeat; an actuator must be asked, and by default nobody knows. {@code campaignId} is the
     * campaign's, as {@link ToolContext#campaignId()} was when the call was made.
     */
    default Reconciliation reconcile(ToolCall call, String campaignId) {
        return descriptor().effect() == Effect.READ_ONLY
                ? new Reconciliation.NeverStarted()
                : new Reconciliation.Unknown("tool '" + descriptor().name() + "' cannot report on past calls");
    }

    /**
     * Limits the device itself imposes on the call's arguments (an instrument profile's setpoint ranges).
     * The engine adds them to the scenario's safety policy and checks them before every call.
     */
    default List<SafetyPolicy.Limit> limits() {
        return List.of();
    }

    /**
     * Checks, just before an actuating call, that the device is in a state that allows it (no Start while a
     * run is going). Returns why not, or empty when the call may go out. The engine records a refusal as a
     * denial and never calls {@link #invoke}.
     */
    default Optional<String> interlock(ToolCall call) {
        return Optional.empty();
    }

    /** What {@link #invoke} would send to the device for {@code call}, without sending anything. */
    default List<DeviceStep> dryRun(ToolCall call) {
        return List.of(new DeviceStep("call", descriptor().name(), null, call.arguments()));
    }

    /** Releases connections and servers the tool holds; the engine's caller closes the tool after a run. */
    @Override
    default void close() {
    }
}
