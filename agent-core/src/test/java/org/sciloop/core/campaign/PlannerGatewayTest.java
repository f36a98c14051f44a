package org.sciloop.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.config.Options;
import org.sciloop.core.config.ScenarioException;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.model.ModelExchange;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.PlannerFactory;
import org.sciloop.core.planner.Proposal;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolFactory;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;

/** A planner's lookups and model exchanges go through the engine: checked, traced, budgeted, replayable. */
class PlannerGatewayTest {
    private static final String SCENARIO = """
            name: gateway
            objective: {name: y, goal: maximize}
            space:
              x: {type: continuous, low: 0, high: 10}
              c: {type: categorical, levels: [a, b]}
            experiment: {tool: scripted}
            planner: {name: scripted}
            budget: {experiments: %d, batch: 1%s}
            lookups:
              catalog: {tool: %s}
            """;

    @TempDir
    Path dir;

    /** A read-only lookup that answers the square of its argument, or an instrument that must never be one. */
    static final class Catalog implements Tool, ToolFactory {
        final String name;
        final Effect effect;
        final List<Map<String, Object>> asked = new ArrayList<>();

        Catalog(String name, Effect effect) {
            this.name = name;
            this.effect = effect;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String summary() {
            return "test lookup";
        }

        @Override
        public Tool create(Options options) {
            return this;
        }

        @Override
        public ToolDescriptor descriptor() {
            return new ToolDescriptor(name, "squares", JsonNodeFactory.instance.objectNode(),
                    JsonNodeFactory.instance.objectNode(), effect, java.time.Duration.ofSeconds(5));
        }

        @Override
        public ToolResult invoke(ToolCall call, ToolContext context) {
            asked.add(call.arguments());
            double v = ((Number) call.arguments().get("v")).doubleValue();
            return new ToolResult.Success(Map.of("square", v * v));
        }
    }

    private final TestCampaigns.ScriptedTool tool = new TestCampaigns.ScriptedTool();
    private final Catalog catalog = new Catalog("catalog", Effect.READ_ONLY);

    private Campaign campaign(int budget, String budgetExtra, String lookupTool, TestCampaigns.ScriptedPlanner planner) {
        Scenario s = Scenario.parse(SCENARIO.formatted(budget, budgetExtra, lookupTool),
                new ScenarioLocation.BuiltIn("gateway"));
        return Campaign.assemble(s, 7, new Registry<>("tool", List.of(tool, catalog,
                        new Catalog("valve", Effect.ACTUATES)), ToolFactory::name),
                new Registry<>("planner", List.of(planner), PlannerFactory::name));
    }

    /** Looks up the round number squared and reports one model exchange of 100 + 20 tokens, then proposes x. */
    private static TestCampaigns.ScriptedPlanner consulting() {
        return new TestCampaigns.ScriptedPlanner((state, ctx) -> {
            ToolResult answer = ctx.gateway().lookup("catalog", Map.of("v", ctx.round()));
            ToolResult unknown = ctx.gateway().lookup("oracle", Map.of());
            var request = JsonNodeFactory.instance.objectNode().put("round", ctx.round());
            ctx.gateway().askModel(request, () -> new ModelExchange("test:model", request,
                    JsonNodeFactory.instance.objectNode(), null, 100, 20, 0.5, 10));
            double square = ((Number) ((ToolResult.Success) answer).outputs().get("square")).doubleValue();
            return Proposal.batch(List.of(org.sciloop.core.model.Experiment.of(new Settings(Map.of(
                    "x", Math.min(10, square), "c", "a")), ((ToolResult.Failure) unknown).reason())), "looked up");
        });
    }

    @Test
    void lookups_and_model_exchanges_are_traced_before_the_proposal_they_led_to() {
        Path trace = dir.resolve("t.jsonl");
        CampaignResult result = TestCampaigns.run(campaign(3, "", "catalog", consulting()), trace);

        assertThat(result.stopReason()).isEqualTo(StopReason.BUDGET_EXHAUSTED);
        assertThat(catalog.asked).containsExactly(Map.of("v", 0), Map.of("v", 1), Map.of("v", 2));
        List<TraceRecord> records = TraceReader.readIntact(trace);
        List<String> types = records.stream().map(r -> r.event().getClass().getSimpleName())
                .filter(t -> List.of("LookupMade", "ModelExchanged", "ProposalMade").contains(t)).toList();
        assertThat(types.subList(0, 4)).containsExactly("LookupMade", "LookupMade", "ModelExchanged", "ProposalMade");
        TraceEvent.LookupMade unknown = records.stream().map(TraceRecord::event)
                .filter(TraceEvent.LookupMade.class::isInstance).map(TraceEvent.LookupMade.class::cast)
                .filter(l -> l.tool().equals("oracle")).findFirst().orElseThrow();
        assertThat(unknown.failure()).isEqualTo("no lookup 'oracle'; the scenario declares: catalog");
        assertThat(result.state().modelUsage().tokens()).isEqualTo(360);
        assertThat(records.stream().filter(r -> r.event() instanceof TraceEvent.ProposalMade)
                .map(TraceRecord::actor).distinct()).containsExactly("planner:scripted");
    }

    @Test
    void a_spent_model_budget_stops_the_campaign_for_its_own_reason() {
        CampaignResult result = TestCampaigns.run(campaign(10, ", model-tokens: 250", "catalog", consulting()),
                dir.resolve("t.jsonl"));

        assertThat(result.stopReason()).isEqualTo(StopReason.MODEL_BUDGET_SPENT);
        assertThat(result.detail()).isEqualTo("360 model tokens used of the 250 budgeted");
        assertThat(result.state().experimentsRun()).isEqualTo(3);
    }

    @Test
    void replay_answers_lookups_from_the_record_without_calling_the_tool() {
        Path trace = dir.resolve("t.jsonl");
        TestCampaigns.run(campaign(3, "", "catalog", consulting()), trace);
        catalog.asked.clear();

        CampaignReplay.Result same = CampaignReplay.replay(campaign(3, "", "catalog", consulting()),
                CampaignHistory.of(TraceReader.readIntact(trace)));
        assertThat(same.identical()).isTrue();
        assertThat(same.proposals()).isEqualTo(3);
        assertThat(catalog.asked).isEmpty();

        TestCampaigns.ScriptedPlanner curious = new TestCampaigns.ScriptedPlanner((state, ctx) -> {
            ctx.gateway().lookup("catalog", Map.of("v", 42));
            return Proposal.stop("never reached");
        });
        CampaignReplay.Result diverged = CampaignReplay.replay(campaign(3, "", "catalog", curious),
                CampaignHistory.of(TraceReader.readIntact(trace)));
        assertThat(diverged.divergence()).hasValueSatisfying(d -> {
            assertThat(d.recorded()).isEqualTo("lookup catalog {\"v\":0}");
            assertThat(d.replayed()).isEqualTo("lookup catalog {\"v\":42}");
        });
        assertThat(catalog.asked).isEmpty();
    }

    @Test
    void a_planner_that_catches_everything_still_has_its_replay_divergence_reported() {
        Path trace = dir.resolve("t.jsonl");
        TestCampaigns.run(campaign(3, "", "catalog", consulting()), trace);
        List<Throwable> swallowed = new ArrayList<>();
        // Asks its model something else than the recorded run did, and hides every failure: a planner that
        // falls back to a default when "the model fails".
        TestCampaigns.ScriptedPlanner evasive = new TestCampaigns.ScriptedPlanner((state, ctx) -> {
            try {
                ctx.gateway().lookup("catalog", Map.of("v", ctx.round()));
                ctx.gateway().lookup("oracle", Map.of());
                var request = JsonNodeFactory.instance.objectNode().put("round", ctx.round() + 100);
                ctx.gateway().askModel(request, () -> new ModelExchange("test:model", request,
                        JsonNodeFactory.instance.objectNode(), null, 1, 1, 0, 1));
            } catch (RuntimeException e) {
                swallowed.add(e);
            } catch (Throwable e) {
                swallowed.add(e);  // even Error
            }
            return Proposal.batch(List.of(org.sciloop.core.model.Experiment.of(new Settings(Map.of("x", 1.0,
                    "c", "a")), "fallback")), "fell back");
        });

        CampaignReplay.Result replay = CampaignReplay.replay(campaign(3, "", "catalog", evasive),
                CampaignHistory.of(TraceReader.readIntact(trace)));

        assertThat(swallowed).as("the planner did hide it").isNotEmpty();
        assertThat(replay.divergence()).hasValueSatisfying(d -> {
            assertThat(d.round()).isZero();
            assertThat(d.recorded()).startsWith("model request 1 at round");
            assertThat(d.replayed()).startsWith("model request 1 at round");
        });
    }

    @Test
    void an_actuating_tool_cannot_be_a_lookup() {
        assertThatThrownBy(() -> campaign(3, "", "valve", consulting()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("lookups.catalog.tool: 'valve' acts on the world; a lookup must be read-only");
    }
}
