package org.sciloop.core.tool;

import java.util.List;
import java.util.Optional;
import org.sciloop.core.safety.SafetyPolicy;

/**
 * A tool that acts on the world (an instrument): it tells the engine what must hold before it acts, and
 * what it would send, so that the engine, not the tool or the planner, decides whether a call goes out.
 * None of these has a default: an actuator's author must decide each. Its descriptor says
 * {@link Effect#ACTUATES}; the engine refuses to assemble a campaign where the two disagree. Actuators are
 * called one at a time, each after its interlock, and never in a batch.
 */
public interface Actuator extends Tool {

    /**
     * The device this actuator drives, named the same by every process that may drive it (an instrument's
     * endpoint): the engine lets one campaign at a time act on it ({@link DeviceReservation}).
     */
    String device();

    /**
     * Limits the device itself imposes on the call's arguments (an instrument profile's setpoint ranges).
     * The engine adds them to the scenario's safety policy and checks them before every call.
     */
    List<SafetyPolicy.Limit> limits();

    /**
     * Checks, just before a call, that the device is in a state that allows it (no Start while a run is
     * going). Returns why not, or empty when the call may go out. The engine records a refusal as a denial
     * and never calls {@link #invoke}. A device that cannot be reached is not a refusal: throw
     * {@link ToolUnavailableException}, and the engine pauses the campaign.
     */
    Optional<String> interlock(ToolCall call);

    /** What {@link #invoke} would send to the device for {@code call}, without sending anything. */
    List<DeviceStep> dryRun(ToolCall call);

    /**
     * Settles a call that was requested before a crash and has no recorded outcome: completed (with its
     * result), never started (so the engine may issue it again), or unknown (a person must check the
     * device). It must never start the call itself. {@code campaignId} is the campaign's, as
     * {@link ToolContext#campaignId()} was when the call was made.
     */
    Reconciliation reconcile(ToolCall call, String campaignId);
}
