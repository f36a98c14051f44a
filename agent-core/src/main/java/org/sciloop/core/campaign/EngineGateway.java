package org.sciloop.core.campaign;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sciloop.core.planner.ModelExchange;
import org.sciloop.core.planner.PlannerGateway;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceWriter;

/**
 * The live gateway of one planning round: lookups go to the scenario's read-only tools through the
 * executor (bounded by their timeouts) and onto the trace with their answers; model exchanges go onto
 * the trace and into the campaign's model usage as they happen, so a crash mid-round loses none of them.
 */
final class EngineGateway implements PlannerGateway {
    private final Campaign campaign;
    private final TraceWriter trace;
    private final Clock clock;
    private final ActionExecutor executor;
    private final CampaignState state;
    private final int round;
    private final String actor;
    private int lookupsMade;

    EngineGateway(Campaign campaign, TraceWriter trace, Clock clock, ActionExecutor executor, CampaignState state,
                  int round, String actor) {
        this.campaign = campaign;
        this.trace = trace;
        this.clock = clock;
        this.executor = executor;
        this.state = state;
        this.round = round;
        this.actor = actor;
    }

    @Override
    public Map<String, ToolDescriptor> lookups() {
        return campaign.lookupDescriptors();
    }

    @Override
    public ToolResult lookup(String name, Map<String, Object> arguments) {
        Tool tool = campaign.lookups().get(name);
        Instant start = clock.instant();
        ToolResult result = tool == null
                ? new ToolResult.Failure("no lookup '" + name + "'; the scenario declares: "
                        + (campaign.lookups().isEmpty() ? "none" : String.join(", ", campaign.lookups().keySet())), false)
                : executor.consult(tool, new ToolCall(name, "lookup-" + round + "-" + (++lookupsMade), arguments));
        long micros = Duration.between(start, clock.instant()).toNanos() / 1000;
        trace.append(actor, result instanceof ToolResult.Success s
                ? new TraceEvent.LookupMade(round, name, arguments, s.outputs(), null, micros)
                : new TraceEvent.LookupMade(round, name, arguments, null, ((ToolResult.Failure) result).reason(),
                        micros));
        return result;
    }

    @Override
    public void exchanged(ModelExchange exchange) {
        trace.append(actor, new TraceEvent.ModelExchanged(round, exchange));
        state.record(exchange);
    }

    @Override
    public Optional<String> modelBudgetSpent() {
        return state.budget().modelBudgetSpent(state.modelUsage());
    }

    @Override
    public Optional<List<ModelExchange>> replaying() {
        return Optional.empty();
    }
}
