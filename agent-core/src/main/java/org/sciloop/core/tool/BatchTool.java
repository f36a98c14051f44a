package org.sciloop.core.tool;

import java.util.List;
import java.util.function.Function;

/**
 * A read-only tool that answers a whole batch at once: a pool of local simulation processes, a Slurm job
 * array. The engine checks every call of the batch against the policy and puts every request on record
 * first, then hands the approved calls over together. (An actuator never gets a batch: each of its calls
 * waits for its own interlock check.)
 *
 * <p>Contract: returns exactly one result per call, in the order of {@code calls}; never throws for a
 * problem of a call (it becomes that call's {@link ToolResult.Failure}); bounds each call by the
 * descriptor's timeout itself. The engine gives up on the whole batch after that timeout times the number
 * of calls. A target reached inside a batch does not cancel its other calls.
 */
public interface BatchTool extends Tool {

    /** Answers every call; {@code contexts} gives each call its own context (its random source, its steps). */
    List<ToolResult> invokeBatch(List<ToolCall> calls, Function<ToolCall, ToolContext> contexts);

    /** One call is a batch of one. */
    @Override
    default ToolResult invoke(ToolCall call, ToolContext context) {
        return invokeBatch(List.of(call), c -> context).get(0);
    }
}
