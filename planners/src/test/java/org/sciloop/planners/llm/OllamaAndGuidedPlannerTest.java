package org.sciloop.planners.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sciloop.planners.llm.LlmCampaigns.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.campaign.CampaignResult;
import org.sciloop.core.campaign.StopReason;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.planners.llm.ScriptedModelServer.Call;

/** The same planner over Ollama's wire protocol, and the hybrid {@code llm+bo}. */
class OllamaAndGuidedPlannerTest {
    private static final String GUIDE = "{\"constraints\":[{\"parameter\":\"c\",\"keep\":[\"b\"],\"reason\":\"b helps,"
            + " says the catalog\"},{\"parameter\":\"x\",\"low\":2,\"high\":5,\"reason\":\"the optimum is near 3\"}],"
            + "\"rationale\":\"b between 2 and 5\"}";

    @TempDir
    Path dir;

    private final LlmCampaigns campaigns = new LlmCampaigns();

    @Test
    void the_llm_planner_speaks_ollamas_protocol_with_tool_calls_and_token_counts() throws IOException {
        try (ScriptedModelServer server = new ScriptedModelServer(ScriptedModelServer.Protocol.OLLAMA)) {
            Scenario scenario = campaigns.scenario("llm", "ollama:scripted", server.baseUrl(), "", 2, "");
            server.text("Let me think about it.")
                    .toolCalls(70, 9, new Call("propose_experiments", "{\"experiments\":[{\"settings\":{\"x\":3,"
                            + "\"c\":\"b\"},\"rationale\":\"centre\"},{\"settings\":{\"x\":6,\"c\":\"a\"},"
                            + "\"rationale\":\"edge\"}],\"rationale\":\"spread\"}"));
            Path trace = dir.resolve("t.jsonl");

            CampaignResult result = campaigns.run(scenario, trace);

            assertThat(result.experiments()).isEqualTo(2);
            assertThat(campaigns.bench.calls).extracting(s -> s.get("x")).containsExactly(3.0, 6.0);
            assertThat(server.requests().get(0).path("model").asText()).isEqualTo("scripted");
            assertThat(server.requests().get(0).path("tools").findValuesAsText("name")).contains("propose_experiments");
            assertThat(server.requests().get(1).path("messages").findValuesAsText("content"))
                    .contains("Please answer with tool calls only; end the round with propose_experiments.");
            List<TraceEvent.ModelExchanged> exchanges = events(trace, TraceEvent.ModelExchanged.class);
            assertThat(exchanges.get(1).exchange().inputTokens()).isEqualTo(70);
            assertThat(exchanges.get(1).exchange().outputTokens()).isEqualTo(9);
            assertThat(campaigns.replay(trace, s -> s).identical()).isTrue();
        }
    }

    @Test
    void in_llm_plus_bo_the_model_marks_out_the_region_and_the_optimiser_picks_inside_it() throws IOException {
        try (ScriptedModelServer server = new ScriptedModelServer(ScriptedModelServer.Protocol.OPENAI)) {
            Scenario scenario = campaigns.scenario("llm+bo", "openai:scripted", server.baseUrl(),
                    "    bo: {initial: 2}", 6, "");
            for (int round = 0; round < 3; round++) {
                server.toolCalls(50, 10, new Call("set_guidance", GUIDE));
            }
            Path trace = dir.resolve("t.jsonl");

            CampaignResult result = campaigns.run(scenario, trace);

            assertThat(result.stopReason()).isEqualTo(StopReason.BUDGET_EXHAUSTED);
            assertThat(campaigns.bench.calls).hasSize(6).allSatisfy(s -> {
                assertThat(s.get("c")).isEqualTo("b");
                assertThat(s.number("x")).isBetween(2.0, 5.0);
            });
            List<TraceEvent.ProposalMade> proposals = events(trace, TraceEvent.ProposalMade.class);
            assertThat(proposals.get(0).rationale()).startsWith("model guidance: b between 2 and 5 (c: b helps")
                    .contains("Optimiser: initial random design inside the guided region");
            assertThat(proposals.get(2).rationale()).contains("Optimiser: Gaussian process");
            assertThat(proposals.get(2).details().get("guidance")).asList().hasSize(2);
            assertThat(proposals.get(2).details().get("optimiser")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("lengthscales");
            assertThat(proposals.get(2).experiments().get(0).details()).containsKeys("mean", "sd", "logEI");
            assertThat(campaigns.replay(trace, s -> s).identical()).isTrue();
            assertThat(server.requests().get(0).path("tools").findValuesAsText("name"))
                    .containsExactly("set_guidance", "propose_hypothesis", "update_hypothesis", "catalog");
        }
    }
}
