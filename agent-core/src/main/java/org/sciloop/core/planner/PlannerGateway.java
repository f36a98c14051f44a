package org.sciloop.core.planner;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.sciloop.core.model.ModelExchange;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;

/**
 * Everything a planner does beyond thinking goes through here, to the engine: look things up with the
 * scenario's read-only {@code lookups} tools, ask a language model, wait before trying again. The engine
 * owns it: each lookup is bounded by the tool's timeout and written to the trace with its answer, each
 * model exchange is written and counted against the campaign's model budget. A planner never calls a tool
 * itself, and no gateway call can reach the experiment tool.
 *
 * <p>In a replay the engine lends a gateway that answers from the record (lookups with their recorded
 * answers, model requests with the recorded exchanges, pauses at once) and notes the first request the
 * record does not hold. The planner cannot tell the two apart, and cannot hide a divergence from the
 * replay: that is what makes a replay a test of the planner.
 */
public interface PlannerGateway {

    /** The lookup tools the scenario declares, by the name the planner calls them. */
    Map<String, ToolDescriptor> lookups();

    /**
     * Calls the lookup tool {@code tool} with {@code arguments}; never throws for a tool's failure, an
     * unknown name or an overrun: those come back as {@link ToolResult.Failure}.
     */
    ToolResult lookup(String tool, Map<String, Object> arguments);

    /**
     * Asks a language model. {@code call} talks to the provider and returns the exchange, a failed one
     * included (it must not throw); {@code request} is what it sends, in the form the exchange records.
     * Live, the engine runs {@code call}, puts the exchange on record and counts its tokens and cost; in a
     * replay it answers with the exchange recorded for this request, without running {@code call}.
     */
    ModelExchange askModel(JsonNode request, Supplier<ModelExchange> call);

    /** Why no further model call may be made (the campaign's token or cost budget is spent), if so. */
    Optional<String> modelBudgetSpent();

    /**
     * Waits {@code pause} before an outside service is tried again (a model's retry back-off); in a replay
     * the time has already passed and it returns at once. Throws {@link PlannerUnavailableException} if
     * the wait is interrupted, with the interrupt flag restored.
     */
    void pause(Duration pause);

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
            public ModelExchange askModel(JsonNode request, Supplier<ModelExchange> call) {
                return call.get();
            }

            @Override
            public Optional<String> modelBudgetSpent() {
                return Optional.empty();
            }

            @Override
            public void pause(Duration pause) {
                sleep(pause);
            }
        };
    }

    /** The live wait of {@link #pause}. */
    static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlannerUnavailableException("interrupted while waiting to try again", e);
        }
    }
}
