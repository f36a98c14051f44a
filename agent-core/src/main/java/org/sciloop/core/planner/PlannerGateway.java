package org.sciloop.core.planner;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;

/**
 * What a planner may do beyond thinking, through the engine: look things up with the scenario's read-only
 * {@code lookups} tools, and report the language-model exchanges it made. The engine owns it: each lookup
 * is bounded by the tool's timeout and written to the trace with its answer, each exchange is written
 * and counted against the campaign's model budget. A planner never calls a tool itself, and no gateway
 * call can reach the experiment tool.
 *
 * <p>In a replay the same gateway answers from the record: lookups get their recorded answers (no tool
 * is called), {@link #replaying()} hands over the round's recorded exchanges, and asking for anything the
 * record does not hold throws {@link ReplayDivergence}.
 */
public interface PlannerGateway {

    /** The lookup tools the scenario declares, by the name the planner calls them. */
    Map<String, ToolDescriptor> lookups();

    /**
     * Calls the lookup tool {@code tool} with {@code arguments}; never throws for a tool's failure, an
     * unknown name or an overrun: those come back as {@link ToolResult.Failure}.
     */
    ToolResult lookup(String tool, Map<String, Object> arguments);

    /** Puts one model exchange on record (a failed one too) and counts its tokens and cost. */
    void exchanged(ModelExchange exchange);

    /** Why no further model call may be made (the campaign's token or cost budget is spent), if so. */
    Optional<String> modelBudgetSpent();

    /** In a replay, the exchanges this round recorded, in order; empty when the campaign is live. */
    Optional<List<ModelExchange>> replaying();

    /** A gateway with no lookups that keeps nothing: for planners run outside a campaign (benchmarks). */
    static PlannerGateway none() {
        return new PlannerGateway() {
            @Override
            public Map<String, ToolDescriptor> lookups() {
                return Map.of();
            }

            @Override
            public ToolResult lookup(String tool, Map<String, Object> arguments) {
                return new ToolResult.Failure("no lookup tools outside a campaign", false);
            }

            @Override
            public void exchanged(ModelExchange exchange) {
            }

            @Override
            public Optional<String> modelBudgetSpent() {
                return Optional.empty();
            }

            @Override
            public Optional<List<ModelExchange>> replaying() {
                return Optional.empty();
            }
        };
    }
}
