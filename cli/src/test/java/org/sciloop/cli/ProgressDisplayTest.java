package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.sciloop.core.model.Objective;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.scenario.Budget;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.DeviceStep;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceRecord;

/** What an operator watching a campaign sees of a device's outage: one line when it begins, one when it ends. */
class ProgressDisplayTest {
    @Test
    void a_lost_and_restored_link_is_one_line_each_and_other_steps_are_silent() {
        StringWriter text = new StringWriter();
        CampaignState state = CampaignState.of(new Objective("yield", Objective.Goal.MAXIMIZE, OptionalDouble.empty()),
                new ParameterSpace(List.of(new Parameter.Continuous("t", 0, 1, ""))), new Budget(4, 1, OptionalInt.empty()), List.of());
        try (ProgressDisplay display = new ProgressDisplay("t", 4, 0, state, new PrintWriter(text))) {
            step(display, "write", "ns=2;s=Temp", 110.0);
            step(display, DeviceStep.LINK_LOST, "opc.tcp://reactor:4840/sciloop", "reading ns=2;s=State: the connection closed");
            step(display, DeviceStep.LINK_RESTORED, "opc.tcp://reactor:4840/sciloop", "after 12.3 s");
        }
        assertThat(text.toString().lines()).containsExactly(
                "opc.tcp://reactor:4840/sciloop: link lost (reading ns=2;s=State: the connection closed); retrying"
                        + " until the experiment's deadline, then the campaign pauses",
                "opc.tcp://reactor:4840/sciloop: link restored after 12.3 s");
    }

    private static void step(ProgressDisplay display, String operation, String target, Object after) {
        TraceEvent.DeviceStepped event = new TraceEvent.DeviceStepped("exp-1", operation, target, null, after);
        display.on(event, new TraceRecord(1, Instant.EPOCH, "c", "tool", event, "0", "0"));
    }
}
