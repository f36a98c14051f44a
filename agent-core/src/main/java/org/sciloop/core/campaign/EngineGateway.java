package org.sciloop.core.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.sciloop.core.model.ModelExchange;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.PlannerGateway;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceWriter;

/**
 * The live gateway of one planning round: lookups go to the scenario's read-only tools through the
 * executor (bounded by their timeouts) and onto the trace with their answers; model calls are made and
 * their exchanges go onto the trace (and so into the campaign's model usage) as they happen.
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
    public ModelExchange askModel(JsonNode request, Supplier<ModelExchange> call) {
        ModelExchange exchange = call.get();
        // On record as it happens (and counted by the state's fold): a crash mid-round loses none of them.
        trace.append(actor, new TraceEvent.ModelExchanged(round, exchange));
        return exchange;
    }

    @Override
    public Optional<String> modelBudgetSpent() {
        return state.budget().modelBudgetSpent(state.modelUsage());
    }

    @Override
    public void pause(Duration pause) {
        PlannerGateway.sleep(pause);
    }
}
