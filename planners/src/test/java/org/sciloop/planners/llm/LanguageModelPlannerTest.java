package org.sciloop.planners.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sciloop.planners.llm.LlmCampaigns.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.InputException;
import org.sciloop.core.campaign.CampaignReplay;
import org.sciloop.core.campaign.CampaignResult;
import org.sciloop.core.campaign.StopReason;
import org.sciloop.core.hypothesis.Claim;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.PlannerUnavailableException;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.planners.llm.ScriptedModelServer.Call;

/**
 * The {@code llm} planner against a scripted provider over OpenAI's real wire protocol (through
 * langchain4j-open-ai), inside real campaigns: tool calls, hypotheses, lookups, recorded exchanges and
 * replay, and every way a model or its provider can misbehave.
 */
class LanguageModelPlannerTest {
    private static final String X3A = "{\"experiments\":[{\"settings\":{\"x\":3,\"c\":\"a\"},\"rationale\":\"centre\","
            + "\"tests\":[\"H1\"]},{\"settings\":{\"x\":5,\"c\":\"b\"},\"rationale\":\"b at 5\",\"tests\":[\"H1\"]}],"
            + "\"rationale\":\"test H1\"}";
    private static final String X2 = "{\"experiments\":[{\"settings\":{\"x\":2,\"c\":\"b\"},\"rationale\":\"left\"},"
            + "{\"settings\":{\"x\":4,\"c\":\"b\"},\"rationale\":\"right\"}],\"rationale\":\"around the best\"}";

    @TempDir
    Path dir;

    private final LlmCampaigns campaigns = new LlmCampaigns();
    private ScriptedModelServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private Scenario scenario(int budget, String budgetExtra) throws IOException {
        server = server == null ? new ScriptedModelServer(ScriptedModelServer.Protocol.OPENAI) : server;
        return campaigns.scenario("llm", "openai:scripted", server.baseUrl(), "", budget, budgetExtra);
    }

    @Test
    void the_model_states_hypotheses_looks_up_and_proposes_through_tool_calls_and_every_exchange_is_traced()
            throws IOException {
        Scenario scenario = scenario(4, "");
        String hypothesis = "{\"statement\":\"b beats a\",\"claim\":\"y(c=b) > y(c=a)\",\"prediction\":"
                + "\"x=5,b above x=3,a\",\"confidence\":0.6,\"formal\":{\"kind\":\"best-level\",\"factor\":\"c\","
                + "\"level\":\"%s\",\"extreme\":\"highest\"}}";
        server.toolCalls(100, 20, new Call("propose_hypothesis", hypothesis.formatted("z")),
                        new Call("propose_hypothesis", hypothesis.formatted("b")),
                        new Call("catalog", "{\"topic\":\"ligands\"}"))
                .toolCalls(150, 30, new Call("propose_experiments", X3A))
                .toolCalls(200, 40, new Call("update_hypothesis", "{\"id\":\"H1\",\"status\":\"supported\","
                        + "\"evidence\":[\"exp-1\",\"exp-2\"],\"confidence\":0.9}"), new Call("propose_experiments", X2));
        Path trace = dir.resolve("t.jsonl");

        CampaignResult result = campaigns.run(scenario, trace);

        assertThat(result.stopReason()).isEqualTo(StopReason.BUDGET_EXHAUSTED);
        assertThat(campaigns.bench.calls).extracting(s -> s.get("x")).containsExactly(3.0, 5.0, 2.0, 4.0);
        List<TraceEvent.ProposalMade> proposals = events(trace, TraceEvent.ProposalMade.class);
        assertThat(proposals.get(0).experiments()).allSatisfy(e -> assertThat(e.tests()).containsExactly("H1"));
        assertThat(proposals.get(0).rationale()).isEqualTo("test H1");
        assertThat(proposals.get(0).details()).containsEntry("model", "openai:scripted").containsEntry("lookups", 1);
        Claim formal = new Claim.BestLevel("y", "c", "b", Claim.Extreme.HIGHEST);
        assertThat(events(trace, TraceEvent.HypothesisProposed.class)).singleElement().satisfies(h -> {
            assertThat(h.hypothesis().author()).isEqualTo("openai:scripted");
            assertThat(h.hypothesis().formal()).isEqualTo(formal);
        });
        Hypothesis revised = events(trace, TraceEvent.HypothesisUpdated.class).get(0).hypothesis();
        assertThat(revised.formal()).as("a revision keeps the formal claim").isEqualTo(formal);
        assertThat(revised.assessment()).as("the model's say-so is not a test").isNull();
        assertThat(revised.status()).isEqualTo(Hypothesis.Status.SUPPORTED);
        assertThat(revised.evidence()).containsExactly("exp-1", "exp-2");
        assertThat(revised.version()).isEqualTo(2);
        assertThat(events(trace, TraceEvent.LookupMade.class)).singleElement().satisfies(l -> {
            assertThat(l.arguments()).isEqualTo(Map.of("topic", "ligands"));
            assertThat(l.outputs()).containsEntry("finding", "c = b helps, says ligands");
        });
        List<TraceEvent.ModelExchanged> exchanges = events(trace, TraceEvent.ModelExchanged.class);
        assertThat(exchanges).extracting(e -> e.exchange().inputTokens()).containsExactly(100L, 150L, 200L);
        assertThat(exchanges.get(0).exchange().cost()).isEqualTo((100 * 1000 + 20 * 2000) / 1e6);
        assertThat(result.state().modelUsage().tokens()).isEqualTo(540);

        // What went over the wire: the tools, the parameters' limits, and the lookup's answer sent back.
        JsonNode first = server.requests().get(0);
        assertThat(first.path("tools").findValuesAsText("name"))
                .containsExactly("propose_experiments", "propose_hypothesis", "update_hypothesis", "catalog");
        assertThat(first.path("messages").get(1).path("content").asText())
                .contains("- x: continuous from 0 to 10 degC", "- c: one of [a, b]", "Observations: none yet.");
        JsonNode second = server.requests().get(1);
        assertThat(second.path("messages").findValuesAsText("content"))
                .contains("error: formal: 'z' is not a level of c; levels: a, b",
                        "recorded as H1: c = b gives the highest y of all c levels",
                        "{\"finding\":\"c = b helps, says ligands\"}");
    }

    @Test
    void replay_answers_from_the_trace_with_no_provider_and_fails_loudly_when_the_conversation_diverges()
            throws IOException {
        Scenario scenario = scenario(4, "");
        server.toolCalls(100, 20, new Call("catalog", "{\"topic\":\"ligands\"}"))
                .status(429, "{\"error\":{\"message\":\"slow down\"}}")
                .toolCalls(150, 30, new Call("propose_hypothesis", "{\"statement\":\"b beats a\",\"claim\":\"c=b\","
                        + "\"prediction\":\"higher\"}"), new Call("propose_experiments", X3A))
                .toolCalls(200, 40, new Call("propose_experiments", X2));
        Path trace = dir.resolve("t.jsonl");
        campaigns.run(scenario, trace);
        int served = server.calls();
        campaigns.catalog.calls.clear();

        CampaignReplay.Result same = campaigns.replay(trace, s -> s);
        assertThat(same.identical()).as(String.valueOf(same.divergence())).isTrue();
        assertThat(same.proposals()).isEqualTo(2);
        assertThat(server.calls()).as("no request reached the provider").isEqualTo(served);

        CampaignReplay.Result changed = campaigns.replay(trace, s -> s.edited(doc ->
                ((com.fasterxml.jackson.databind.node.ObjectNode) doc).put("description", "another reaction")));
        assertThat(changed.divergence()).hasValueSatisfying(d -> {
            assertThat(d.round()).isZero();
            assertThat(d.recorded()).startsWith("model request 1 at messages[1]").contains("a bench reaction");
            assertThat(d.replayed()).startsWith("model request 1 at messages[1]").contains("another reaction");
        });
    }

    @Test
    void arguments_that_break_the_schema_and_made_up_tools_go_back_to_the_model_as_errors() throws IOException {
        Scenario scenario = scenario(2, "");
        server.toolCalls(10, 5, new Call("propose_experiments", X3A.replace("\"x\":3", "\"x\":50")))
                .toolCalls(10, 5, new Call("run_experiment", "{\"x\":3}"))
                .toolCalls(10, 5, new Call("propose_experiments", X3A.replace(",\"tests\":[\"H1\"]", "")));
        Path trace = dir.resolve("t.jsonl");

        CampaignResult result = campaigns.run(scenario, trace);

        assertThat(result.experiments()).isEqualTo(2);
        List<String> toolResults = server.requests().get(2).path("messages").findValuesAsText("content");
        assertThat(toolResults).anySatisfy(t -> assertThat(t).startsWith("error: the arguments of propose_experiments"
                + " break its schema: $.experiments[0].settings.x: must have a maximum value of 10"));
        assertThat(toolResults).anySatisfy(t -> assertThat(t).isEqualTo("error: there is no tool 'run_experiment';"
                + " the tools are: propose_experiments, propose_hypothesis, update_hypothesis, catalog"));
        assertThat(campaigns.bench.calls).extracting(s -> s.get("x")).containsExactly(3.0, 5.0);
        assertThat(events(trace, TraceEvent.ProposalMade.class).get(0).details()).containsEntry("invalidCalls", 2);
    }

    @Test
    void a_proposal_that_breaks_a_parameter_constraint_goes_back_to_the_model_naming_it_and_never_runs()
            throws IOException {
        server = new ScriptedModelServer(ScriptedModelServer.Protocol.OPENAI);
        Scenario scenario = campaigns.scenario("llm", "openai:scripted", server.baseUrl(),
                "constraints: {parameters: [x <= 4]}", 2, "");
        server.toolCalls(10, 5, new Call("propose_experiments", X3A.replace(",\"tests\":[\"H1\"]", "")))
                .toolCalls(10, 5, new Call("propose_experiments", X2));

        CampaignResult result = campaigns.run(scenario, dir.resolve("t.jsonl"));

        assertThat(result.experiments()).isEqualTo(2);
        assertThat(server.requests().get(0).path("messages").path(1).path("content").asText())
                .contains("Every experiment must keep these constraints:\n- x <= 4");
        assertThat(server.requests().get(1).path("messages").findValuesAsText("content")).anySatisfy(t ->
                assertThat(t).startsWith("error: experiment 2 breaks the constraint x <= 4: {x=5.0, c=b}; propose"
                        + " settings that keep every constraint"));
        assertThat(campaigns.bench.calls).extracting(s -> s.get("x")).containsExactly(2.0, 4.0);
    }

    @Test
    void a_model_that_keeps_getting_it_wrong_stops_the_campaign_with_the_last_error() throws IOException {
        Scenario scenario = scenario(4, "");
        server.toolCalls(10, 5, new Call("propose_experiments", "{\"experiments\":[]}"))
                .toolCalls(10, 5, new Call("propose_experiments", "not json"))
                .toolCalls(10, 5, new Call("update_hypothesis", "{\"id\":\"H7\",\"status\":\"supported\"}"));

        CampaignResult result = campaigns.run(scenario, dir.resolve("t.jsonl"));

        assertThat(result.stopReason()).isEqualTo(StopReason.PLANNER_STOPPED);
        assertThat(result.detail()).isEqualTo("the model made 3 invalid tool calls in one round (max-invalid-calls 2);"
                + " last error: no hypothesis 'H7'; known: none (state one with propose_hypothesis)");
        assertThat(campaigns.bench.calls).isEmpty();
    }

    @Test
    void a_runaway_tool_loop_ends_at_the_most_model_calls_allowed_for_a_proposal() throws IOException {
        Scenario scenario = scenario(4, "");
        for (int i = 0; i < 6; i++) {
            server.toolCalls(10, 5, new Call("catalog", "{\"topic\":\"t" + i + "\"}"));
        }

        CampaignResult result = campaigns.run(scenario, dir.resolve("t.jsonl"));

        assertThat(result.stopReason()).isEqualTo(StopReason.PLANNER_STOPPED);
        assertThat(result.detail()).isEqualTo("no valid propose_experiments within 4 model calls (max-tool-rounds)");
        assertThat(server.calls()).isEqualTo(4);
    }

    @Test
    void rate_limits_and_time_outs_are_retried_with_backoff_and_each_attempt_is_on_record() throws IOException {
        Scenario scenario = scenario(2, "");
        server.status(429, "{\"error\":{\"message\":\"rate limited\"}}").hang()
                .toolCalls(10, 5, new Call("propose_experiments", X3A.replace(",\"tests\":[\"H1\"]", "")));
        Path trace = dir.resolve("t.jsonl");

        CampaignResult result = campaigns.run(scenario, trace);

        assertThat(result.experiments()).isEqualTo(2);
        List<TraceEvent.ModelExchanged> exchanges = events(trace, TraceEvent.ModelExchanged.class);
        assertThat(exchanges).hasSize(3);
        assertThat(exchanges.get(0).exchange().failure()).contains("rate limited");
        assertThat(exchanges.get(1).exchange().failure()).containsIgnoringCase("timeout");
        assertThat(exchanges.get(2).exchange().failed()).isFalse();
    }

    @Test
    void a_provider_that_stays_down_pauses_the_campaign_with_a_clear_reason() throws IOException {
        Scenario scenario = scenario(2, "");
        server.status(503, "{\"error\":{\"message\":\"overloaded\"}}").status(503, "{\"error\":{\"message\":"
                + "\"overloaded\"}}").status(503, "{\"error\":{\"message\":\"overloaded\"}}");
        Path trace = dir.resolve("t.jsonl");

        assertThatThrownBy(() -> campaigns.run(scenario, trace))
                .isInstanceOf(PlannerUnavailableException.class)
                .hasMessageStartingWith("model openai:scripted still failing after 3 attempts:")
                .hasMessageContaining("overloaded");
        assertThat(events(trace, TraceEvent.CampaignPaused.class)).singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("still failing after 3 attempts"));
        assertThat(events(trace, TraceEvent.ModelExchanged.class)).hasSize(3);
    }

    /** retries: 0 asks once (a tester's was refused as "must be a positive whole number"). */
    @Test
    void no_retries_asks_once() throws IOException {
        Scenario scenario = scenario(2, "").edited(doc -> doc.withObjectProperty("planner")
                .withObjectProperty("options").put("retries", 0));
        server.status(503, "{\"error\":{\"message\":\"overloaded\"}}");
        Path trace = dir.resolve("t.jsonl");

        assertThatThrownBy(() -> campaigns.run(scenario, trace)).isInstanceOf(PlannerUnavailableException.class)
                .hasMessageStartingWith("model openai:scripted still failing after 1 attempt:");
        assertThat(events(trace, TraceEvent.ModelExchanged.class)).hasSize(1);
    }

    @Test
    void the_token_budget_stops_the_campaign_for_its_own_reason() throws IOException {
        Scenario scenario = scenario(10, ", model-tokens: 300");
        server.toolCalls(200, 50, new Call("propose_experiments", X3A.replace(",\"tests\":[\"H1\"]", "")))
                .toolCalls(200, 50, new Call("propose_experiments", X2));

        CampaignResult result = campaigns.run(scenario, dir.resolve("t.jsonl"));

        assertThat(result.stopReason()).isEqualTo(StopReason.MODEL_BUDGET_SPENT);
        assertThat(result.detail()).isEqualTo("500 model tokens used of the 300 budgeted");
        assertThat(result.experiments()).isEqualTo(4);
        assertThat(server.calls()).isEqualTo(2);
    }

    @Test
    void a_proposal_past_the_safety_limit_is_refused_by_the_engine_and_never_run() throws IOException {
        Scenario scenario = scenario(3, "");
        server.toolCalls(10, 5, new Call("propose_experiments", X3A.replace("\"x\":5", "\"x\":9")
                        .replace(",\"tests\":[\"H1\"]", "")))
                .toolCalls(10, 5, new Call("propose_experiments", X2));
        Path trace = dir.resolve("t.jsonl");

        campaigns.run(scenario, trace);

        assertThat(events(trace, TraceEvent.ActionDenied.class)).singleElement().satisfies(d -> {
            assertThat(d.settings()).isEqualTo(new Settings(Map.of("x", 9.0, "c", "b")));
            assertThat(d.reason()).contains("x");
        });
        assertThat(campaigns.bench.calls).extracting(s -> s.get("x")).doesNotContain(9.0);
    }

    @Test
    void without_a_provider_the_error_names_the_variable_to_set() {
        for (String[] c : new String[][]{{"openai:gpt-4o", "OPENAI_API_KEY is not set"},
                {"ollama:llama3.1", "OLLAMA_BASE_URL is not set"},
                {"anthropic:claude-sonnet-4-5", "ANTHROPIC_API_KEY is not set"}}) {
            Scenario scenario = Scenario.parse(LlmCampaigns.SCENARIO.formatted("llm", c[0], "", "", 2, "")
                    .replace("    base-url: \"\"\n", ""), new org.sciloop.core.config.ScenarioLocation.BuiltIn("bench"));
            var campaign = campaigns.campaign(scenario, name -> null);
            assertThatThrownBy(() -> campaign.planner().connect()).isInstanceOf(InputException.class)
                    .hasMessageContaining(c[1]);
        }
    }
}
