package org.sciloop.core.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sciloop.core.planner.ModelExchange;
import org.sciloop.core.planner.PlannerGateway;
import org.sciloop.core.planner.ReplayDivergence;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.core.trace.TraceEvent;

/**
 * The gateway of one replayed round: answers lookups from the round's record (no tool is called), hands
 * over the recorded model exchanges, and throws {@link ReplayDivergence} at the first lookup the original
 * run did not make.
 */
final class ReplayGateway implements PlannerGateway {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final Campaign campaign;
    private final CampaignState state;
    private final Deque<TraceEvent.LookupMade> lookups;
    private final List<ModelExchange> exchanges;

    ReplayGateway(Campaign campaign, CampaignState state, List<TraceEvent.LookupMade> lookups,
                  List<ModelExchange> exchanges) {
        this.campaign = campaign;
        this.state = state;
        this.lookups = new ArrayDeque<>(lookups);
        this.exchanges = List.copyOf(exchanges);
    }

    @Override
    public Map<String, ToolDescriptor> lookups() {
        return campaign.lookupDescriptors();
    }

    @Override
    public ToolResult lookup(String tool, Map<String, Object> arguments) {
        String asked = "lookup " + tool + " " + canonical(arguments);
        TraceEvent.LookupMade recorded = lookups.poll();
        if (recorded == null) {
            throw new ReplayDivergence("no further lookup in this round", asked);
        }
        String was = "lookup " + recorded.tool() + " " + canonical(recorded.arguments());
        if (!was.equals(asked)) {
            throw new ReplayDivergence(was, asked);
        }
        return recorded.failure() == null ? new ToolResult.Success(recorded.outputs())
                : new ToolResult.Failure(recorded.failure(), false);
    }

    @Override
    public void exchanged(ModelExchange exchange) {
        state.record(exchange);
    }

    @Override
    public Optional<String> modelBudgetSpent() {
        return state.budget().modelBudgetSpent(state.modelUsage());
    }

    @Override
    public Optional<List<ModelExchange>> replaying() {
        return Optional.of(exchanges);
    }

    /** JSON with keys in order, so arguments read back from a trace compare equal to the planner's. */
    private static String canonical(Map<String, Object> arguments) {
        try {
            return JSON.writeValueAsString(arguments);
        } catch (java.io.IOException e) {
            return String.valueOf(arguments);
        }
    }
}
