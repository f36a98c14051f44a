package org.sciloop.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sciloop.core.campaign.TestCampaigns.CLOCK;
import static org.sciloop.core.campaign.TestCampaigns.campaign;
import static org.sciloop.core.campaign.TestCampaigns.scenario;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.hypothesis.Assessment;
import org.sciloop.core.hypothesis.Claim;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Experiment;
import org.sciloop.core.model.ModelExchange;
import org.sciloop.core.planner.Proposal;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;

/** The published JSON schema of a trace line describes what the writer really writes, event by event. */
class TraceSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchema schema;
    private static JsonNode schemaDocument;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = TraceEvent.class.getResourceAsStream("trace-format-3.schema.json")) {
            schemaDocument = JSON.readTree(in);
        }
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaDocument, config);
    }

    @Test
    void every_event_type_has_a_schema() {
        Set<String> types = new TreeSet<>();
        Arrays.stream(TraceEvent.class.getAnnotation(JsonSubTypes.class).value()).forEach(t -> types.add(t.name()));
        Set<String> inOneOf = new TreeSet<>();
        schemaDocument.get("oneOf").forEach(ref -> inOneOf.add(ref.get("$ref").asText().replace("#/$defs/", "")));
        assertThat(inOneOf).isEqualTo(types);
        types.forEach(t -> assertThat(schemaDocument.at("/$defs/" + t + "/properties/type/const").asText())
                .isEqualTo(t));
    }

    @Test
    void every_line_of_real_traces_matches_the_schema() throws IOException {
        // A campaign with denials (x beyond its limit), tool failures, a crash and a resume...
        Path trace = dir.resolve("t.jsonl");
        TestCampaigns.ScriptedTool tool = new TestCampaigns.ScriptedTool();
        tool.answer = s -> s.number("x") > 6 ? new ToolResult.Failure("lamp off", true)
                : new ToolResult.Success(Map.of("y", s.number("x")));
        TestCampaigns.ScriptedPlanner planner = new TestCampaigns.ScriptedPlanner((state, ctx) -> Proposal.batch(
                List.of(Experiment.of(new org.sciloop.core.model.Settings(Map.of("x", ctx.round() == 1 ? 9.0
                        : ctx.random().nextDouble() * 8, "c", "a")), "why not")), "one"));
        TestCampaigns.run(campaign(scenario(12, 2, "", ""), 3, tool, planner), trace);
        List<String> lines = Files.readAllLines(trace);
        Path cut = dir.resolve("cut.jsonl");
        Files.write(cut, lines.subList(0, lines.size() / 2));
        CampaignHistory history = CampaignHistory.of(TraceReader.readIntact(cut));
        try (TraceWriter writer = TraceWriter.continueAfter(cut, history.last(), history.started().formatVersion(), CLOCK, Durability.NONE,
                TraceSigner.ephemeral())) {
            new CampaignEngine(campaign(scenario(12, 2, "", ""), 3, tool, planner), writer, CLOCK)
                    .resume(history);
        }
        // ... and the events no planner of this module writes yet.
        Path other = dir.resolve("other.jsonl");
        try (TraceWriter w = TraceWriter.create(other, "c-2", CLOCK, Durability.NONE, TraceSigner.ephemeral())) {
            w.append("engine", withKey(history.started(), w.signingKey()));
            Hypothesis h = new Hypothesis("H1", 1, "yield rises with x", "dy/dx > 0", "y(8) > y(2)",
                    Hypothesis.Status.PROPOSED, List.of(), 0.5, "planner:scripted");
            w.append("planner:scripted", new TraceEvent.HypothesisProposed(h));
            w.append("planner:scripted", new TraceEvent.HypothesisUpdated(new Hypothesis("H1", 2, h.statement(),
                    h.claim(), h.prediction(), Hypothesis.Status.SUPPORTED, List.of("exp-1"), 0.9, h.author(),
                    new Claim.MainEffect("y", "x", Claim.Trend.INCREASES),
                    new Assessment("t = 4.2, df = 9", "x", 12, 3.1, 1.2, 5.0, 0.001, 0.004))));
            w.append("planner:scripted", new TraceEvent.HypothesisProposed(new Hypothesis("H2", 1, "an optimum",
                    "optimum", "", Hypothesis.Status.PROPOSED, List.of(), 0.5, "planner:hypothesis",
                    new Claim.OptimumRegion("y", "x", 2, 4, Claim.Extreme.HIGHEST),
                    new Assessment("F", "x + x^2", 12, 0.4, null, null, 0.2, 0.3))));
            ObjectNode request = JSON.createObjectNode();
            request.putArray("messages").addObject().put("type", "USER").put("text", "hello");
            request.putArray("tools");
            w.append("planner:llm", new TraceEvent.ModelExchanged(0, new ModelExchange("openai:m", request,
                    JSON.createObjectNode().put("type", "AI").put("text", "hi"), null, 12, 3, 0.0001, 900)));
            w.append("planner:llm", new TraceEvent.ModelExchanged(0, new ModelExchange("openai:m", request, null,
                    "RateLimitException: slow down", 0, 0, 0, 120)));
            w.append("planner:llm", new TraceEvent.LookupMade(0, "catalog", Map.of("q", "x"), Map.of("rows", 3),
                    null, 40));
            w.append("engine", new TraceEvent.CampaignPaused("engine error: test"));
        }

        Set<String> seen = new TreeSet<>();
        for (Path file : List.of(trace, cut, other)) {
            for (String line : Files.readAllLines(file)) {
                JsonNode node = JSON.readTree(line);
                seen.add(node.get("type").asText());
                assertThat(errors(node)).as(line).isEmpty();
            }
        }
        assertThat(seen).as("every event type was checked").hasSize(15);
    }

    @Test
    void the_schema_refuses_lines_that_break_it() throws IOException {
        Path trace = dir.resolve("t.jsonl");
        TestCampaigns.run(campaign(scenario(2, 1, "", ""), 1, new TestCampaigns.ScriptedTool(),
                TestCampaigns.ScriptedPlanner.randomInsideLimits()), trace);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(trace)) {
            lines.add(JSON.readTree(line));
        }
        ObjectNode missing = lines.get(0).deepCopy();
        missing.remove("signingKey");
        ObjectNode badHash = lines.get(1).deepCopy();
        badHash.put("prev", "xyz");
        ObjectNode unknownField = lines.get(2).deepCopy();
        unknownField.put("surprise", 1);
        ObjectNode unknownType = lines.get(2).deepCopy();
        unknownType.put("type", "ActionTeleported");
        for (JsonNode bad : List.of(missing, badHash, unknownField, unknownType)) {
            assertThat(errors(bad)).as(bad.toString()).isNotEmpty();
        }
    }

    private static TraceEvent.CampaignStarted withKey(TraceEvent.CampaignStarted s, String key) {
        return new TraceEvent.CampaignStarted(s.formatVersion(), s.scenario(), s.source(), s.document(), s.seed(),
                s.planner(), s.tool(), s.budget(), s.batch(), key);
    }

    private static Set<ValidationMessage> errors(JsonNode line) {
        return schema.validate(line);
    }
}
