package org.sciloop.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sciloop.core.tool.Actuator;
import org.sciloop.core.tool.DeviceStep;
import org.sciloop.core.tool.Reconciliation;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolResult;

/**
 * What every actuator must do on top of the tool contract, checked against the device itself: a dry run
 * sends nothing; reconciling a call that started never starts it again (it reports the outcome or says
 * nobody knows); reconciling a call that was never sent never claims it ran; the interlock lets a call
 * through to an idle device; the limits it declares name its inputs. Published in agent-core's test-jar.
 */
public abstract class ActuatorContractTest extends ToolContractTest {

    /**
     * What the device has been made to do so far, read from the device (setpoints, the last run request,
     * how many runs started): equal before and after anything that must not touch it.
     */
    protected abstract Object deviceActivity();

    private Actuator actuator() {
        return (Actuator) tool;
    }

    @Test
    void is_an_actuator() {
        assertThat(tool).isInstanceOf(Actuator.class);
    }

    @Test
    void a_dry_run_sends_nothing_and_says_what_it_would_send() {
        Object before = deviceActivity();
        List<DeviceStep> wouldSend = actuator().dryRun(call("dry-1", validArguments()));
        assertThat(wouldSend).isNotEmpty();
        assertThat(deviceActivity()).isEqualTo(before);
    }

    @Test
    void reconciling_a_call_that_ran_never_runs_it_again() {
        ToolCall call = call("ran-1", validArguments());
        ToolResult result = tool.invoke(call, context(call, new ArrayList<>()));
        assertThat(result).as(String.valueOf(result)).isInstanceOf(ToolResult.Success.class);
        Object after = deviceActivity();

        Reconciliation settled = actuator().reconcile(call, "contract");
        assertThat(settled).isNotInstanceOf(Reconciliation.NeverStarted.class);
        if (settled instanceof Reconciliation.Completed completed) {
            assertThat(completed.result()).isEqualTo(result);
        }
        assertThat(deviceActivity()).isEqualTo(after);
    }

    @Test
    void reconciling_a_call_never_sent_never_claims_it_ran() {
        Object before = deviceActivity();
        Reconciliation settled = actuator().reconcile(call("never-sent-1", validArguments()), "contract");
        assertThat(settled).isNotInstanceOf(Reconciliation.Completed.class);
        assertThat(deviceActivity()).isEqualTo(before);
    }

    @Test
    void its_interlock_lets_a_call_through_to_an_idle_device() {
        assertThat(actuator().interlock(call("idle-1", validArguments()))).isEmpty();
    }

    @Test
    void its_limits_name_its_inputs() {
        var inputs = tool.descriptor().inputSchema().path("properties");
        assertThat(actuator().limits()).allSatisfy(limit ->
                assertThat(inputs.has(limit.parameter())).as(limit.parameter()).isTrue());
    }
}
