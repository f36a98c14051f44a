package org.sciloop.memory.recall;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sciloop.memory.store.Passages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.CampaignEngine;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.campaign.CampaignReplay;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.config.Options;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Experiment;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.Planner;
import org.sciloop.core.planner.PlannerFactory;
import org.sciloop.core.planner.PlanningContext;
import org.sciloop.core.planner.Proposal;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.testing.FunctionTool;
import org.sciloop.core.testing.TestPostgres;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolFactory;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;
import org.sciloop.memory.bench.SyntheticTrace;
import org.sciloop.memory.store.CampaignStore;
import org.sciloop.memory.store.TraceIndexer;

/**
 * The {@code recall} lookup on the embedded store and on a real PostgreSQL with pgvector, with the real
 * all-MiniLM-L6-v2 model: earlier campaigns' hypotheses found by meaning, observations by condition, questions it
 * cannot take answered in words, and a planner's recall on its campaign's trace, replayed without the store.
 */
class RecallTest {
    enum Kind { EMBEDDED_H2, POSTGRESQL }

    private static final Instant DAY = Instant.parse("2026-11-01T09:00:00Z");

    @TempDir
    Path dir;

    @AfterAll
    static void stopPostgres() {
        TestPostgres.stop();
    }

    private String storeWithTwoCampaigns(Kind kind) throws Exception {
        String location = kind == Kind.EMBEDDED_H2 ? dir.resolve("store").toString() : TestPostgres.newDatabaseUrl();
        try (CampaignStore store = CampaignStore.open(location)) {
            store.index(campaign("c-ligands", "buchwald", List.of(
                    observation("exp-1", "XPhos", 110, 81.0), observation("exp-2", "SPhos", 90, 42.0)), List.of(
                    hypothesis("H1", "XPhos gives higher yields than SPhos with aryl bromides"),
                    hypothesis("H2", "the base matters more than the solvent for conversion"))));
            store.index(campaign("c-nano", "agnp", List.of(observation("exp-1", "citrate", 25, 12.0)), List.of(
                    hypothesis("H1", "a higher seed ratio gives smaller silver nanoparticles"),
                    hypothesis("H2", "faster flow narrows the particle size distribution"))));
            if (kind == Kind.POSTGRESQL) {
                assertThat(store.passages().storage()).as("the PostgreSQL of the tests has pgvector")
                        .startsWith("pgvector");
            }
        }
        return location;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void recall_finds_hypotheses_by_meaning_and_observations_by_condition(Kind kind) throws Exception {
        Tool recall = new RecallToolFactory().create(options("store: \"" + storeWithTwoCampaigns(kind) + "\""));

        ToolResult answer = recall.invoke(new ToolCall("recall", "lookup-0-1", Map.of(
                "question", "which phosphine ligand did better on bromides?", "limit", 2)), context());
        assertThat(answer).isInstanceOf(ToolResult.Success.class);
        List<?> passages = (List<?>) ((ToolResult.Success) answer).outputs().get("passages");
        assertThat(passages).hasSize(2);
        assertThat(map(passages.get(0))).containsEntry("campaign", "c-ligands").containsEntry("scenario",
                "buchwald").containsEntry("kind", "hypothesis").containsEntry("subject", "H1")
                .containsEntry("status", "proposed");
        assertThat((Double) (map(passages.get(0))).get("similarity"))
                .isGreaterThan((Double) (map(passages.get(1))).get("similarity"));

        ToolResult nano = recall.invoke(new ToolCall("recall", "lookup-0-2", Map.of(
                "question", "what controls how big the silver particles get?", "kinds", List.of("hypothesis"),
                "scenario", "agnp", "limit", 1)), context());
        assertThat((List<?>) ((ToolResult.Success) nano).outputs().get("passages")).singleElement()
                .satisfies(p -> assertThat(map(p)).containsEntry("campaign", "c-nano")
                        .containsEntry("subject", "H1"));

        ToolResult found = recall.invoke(new ToolCall("recall", "lookup-0-3", Map.of(
                "where", List.of("ligand = XPhos", "temperature > 100"))), context());
        assertThat((List<?>) ((ToolResult.Success) found).outputs().get("observations")).singleElement()
                .satisfies(o -> {
                    assertThat(map(o)).containsEntry("campaign", "c-ligands").containsEntry("experiment",
                            "exp-1");
                    assertThat(map(map(o).get("outcomes"))).containsEntry("yield", 81.0);
                });
        assertThat(((ToolResult.Success) found).outputs()).doesNotContainKey("passages");
    }

    @Test
    void each_text_is_embedded_once_when_first_asked_about_and_a_reindexed_campaign_costs_nothing_new() throws Exception {
        String location = storeWithTwoCampaigns(Kind.EMBEDDED_H2);
        try (CampaignStore store = CampaignStore.open(location)) {
            List<Integer> told = new ArrayList<>();
            Recall.passages(store, "ligands", List.of("hypothesis"), CampaignStore.Filter.all(), 1, told::add);
            // a question about hypotheses embedded the four of them (and said so first); the proposals' one rationale
            // ("synthetic", said three times) waits for a question about rationales
            assertThat(told).containsExactly(4);
            Recall.passages(store, "ligands", List.of("hypothesis"), CampaignStore.Filter.all(), 1, told::add);
            assertThat(told).as("nothing new to embed, nothing said").containsExactly(4);
            assertThat(store.passages().embedPending(MiniLmEmbedder.INSTANCE)).isEqualTo(1);
            assertThat(store.passages().embedPending(MiniLmEmbedder.INSTANCE)).isZero();
            store.index(campaign("c-copy", "buchwald", List.of(), List.of(
                    hypothesis("H9", "XPhos gives higher yields than SPhos with aryl bromides"))));
            assertThat(store.passages().embedPending(MiniLmEmbedder.INSTANCE)).as("the same text, already embedded").isZero();
        }
    }

    @Test
    void what_a_long_passage_says_past_the_first_hundred_words_is_found() throws Exception {
        // A tester: two statements that shared a 168-word opening and differed after it had the same embedding, as
        // the model reads 126 word pieces at once.
        String opening = "We ran the screen over four weeks in the flow reactor with the new pump, fresh catalyst"
                + " batches, the usual workup and the HPLC method validated last spring, and ".repeat(6);
        String location = dir.resolve("long").toString();
        try (CampaignStore store = CampaignStore.open(location)) {
            store.index(campaign("c-long", "flow", List.of(), List.of(
                    hypothesis("H1", opening + "a higher residence time raises the selectivity to the amide."),
                    hypothesis("H2", opening + "copper impurities in the base poison the palladium catalyst."))));
            for (String[] asked : new String[][] {{"does copper in the base poison palladium?", "H2"},
                    {"does a longer residence time improve amide selectivity?", "H1"}}) {
                List<Passages.Found> found = Recall.passages(store, asked[0], List.of("hypothesis"),
                        CampaignStore.Filter.all(), 2);
                assertThat(found.get(0).passage().subject()).as(asked[0]).isEqualTo(asked[1]);
                assertThat(found.get(0).similarity()).isGreaterThan(found.get(1).similarity());
            }
        }
    }

    @Test
    void questions_recall_cannot_take_come_back_in_words_the_planner_can_act_on() throws Exception {
        Tool recall = new RecallToolFactory().create(options("store: \"" + storeWithTwoCampaigns(Kind.EMBEDDED_H2)
                + "\""));
        assertThat(failure(recall, Map.of())).contains("give a 'question'").contains("'where'");
        assertThat(failure(recall, Map.of("question", "x", "kinds", List.of("gossip"))))
                .isEqualTo("'kinds': no passages of kind 'gossip'; the kinds are hypothesis, rationale, note");
        assertThat(failure(recall, Map.of("question", "x", "limit", 0))).contains("'limit' must be a whole number"
                + " from 1 to 50, got 0");
        assertThat(failure(recall, Map.of("where", List.of("ligand ~ XPhos")))).contains("is not a condition");
        assertThat(failure(recall, Map.of("question", "x", "sql", "DROP TABLE campaigns")))
                .contains("takes no argument sql");
        assertThat(failure(recall, Map.of("question", "  "))).contains("'question' must be some words");

        assertThat(failure(recall, Map.of("question", "x".repeat(1001)))).contains("'question': the question has 1001"
                + " characters");
        // Characters as typed (code points), not Java's: 400 signs are 800 chars of UTF-16; but a question of signs
        // alone is one the model cannot read (a tester got a "best" passage at similarity 0.007).
        assertThat(failure(recall, Map.of("question", "🔥".repeat(400)))).contains("the model knows none of the"
                + " question's words");
        assertThat(recall.invoke(new ToolCall("recall", "lookup-0-9", Map.of("question", "🔥 ".repeat(300)
                + "does XPhos beat SPhos?")), context())).isInstanceOf(ToolResult.Success.class);
        assertThat(failure(recall, Map.of("question", "中文".repeat(300)))).as("600 characters, 600 word"
                + " pieces: more than the model reads").contains("the question is 600 word pieces").contains("at most"
                + " 510");
        assertThat(failure(recall, Map.of("where", List.of("catalyst = Pd")))).isEqualTo("'where': no earlier"
                + " observation has a setting or an outcome called 'catalyst' (names are matched exactly, case"
                + " included)");

        Path file = Files.writeString(dir.resolve("a-file"), "not a store");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RecallToolFactory().create(options("store: \""
                + file + "\""))).isInstanceOf(org.sciloop.core.config.ScenarioException.class)
                .hasMessageContaining(file + " is a file; give the folder of a campaign store");
        Path typo = dir.resolve("no-store-here");
        ToolResult none = new RecallToolFactory().create(options("store: \"" + typo + "\"")).invoke(
                new ToolCall("recall", "lookup-0-1", Map.of("question", "anything")), context());
        assertThat(none).isInstanceOf(ToolResult.Failure.class);
        assertThat(((ToolResult.Failure) none).reason()).startsWith("no campaign store in " + typo);
        assertThat(typo).as("nothing made where recall only reads").doesNotExist();
    }

    @Test
    void a_planners_recall_goes_through_the_engine_onto_the_trace_and_replays_without_the_store() throws Exception {
        String location = storeWithTwoCampaigns(Kind.EMBEDDED_H2);
        Scenario scenario = Scenario.parse("""
                name: recalling
                objective: {name: y, goal: maximize}
                space:
                  x: {type: continuous, low: 0, high: 10}
                experiment: {tool: square}
                planner: {name: recalling}
                budget: {experiments: 2, batch: 1}
                lookups:
                  memory: {tool: recall, with: {store: "%s"}}
                """.formatted(location), new ScenarioLocation.BuiltIn("recalling"));
        Path trace = dir.resolve("trace.jsonl");
        Clock clock = Clock.fixed(DAY, ZoneOffset.UTC);
        try (Campaign campaign = campaign(scenario);
             TraceWriter writer = TraceWriter.create(trace, "c-recalling", clock, Durability.NONE,
                     TraceSigner.ephemeral())) {
            new CampaignEngine(campaign, writer, clock).start("builtin:recalling");
        }
        List<TraceEvent.LookupMade> lookups = TraceReader.readIntact(trace).stream().map(TraceRecord::event)
                .filter(TraceEvent.LookupMade.class::isInstance).map(TraceEvent.LookupMade.class::cast).toList();
        assertThat(lookups).hasSize(2).allSatisfy(l -> {
            assertThat(l.tool()).isEqualTo("memory");
            assertThat(l.failure()).isNull();
            assertThat((List<?>) l.outputs().get("passages")).first()
                    .satisfies(p -> assertThat(map(p)).containsEntry("subject", "H1")
                            .containsEntry("campaign", "c-ligands"));
        });

        // The store gone, the replay answers the planner's recall from the trace.
        deleteTree(Path.of(location));
        try (Campaign campaign = campaign(scenario)) {
            CampaignReplay.Result replay = CampaignReplay.replay(campaign,
                    CampaignHistory.of(TraceReader.readIntact(trace)));
            assertThat(replay.identical()).isTrue();
            assertThat(replay.proposals()).isEqualTo(2);
        }
    }

    @Test
    void recall_is_refused_as_the_experiment_tool_when_the_scenario_loads() {
        Scenario scenario = Scenario.parse("""
                name: measuring-memory
                objective: {name: passages, goal: maximize}
                space: {question: {type: categorical, levels: [a, b]}}
                experiment: {tool: recall}
                planner: {name: recalling}
                """, new ScenarioLocation.BuiltIn("measuring-memory"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> campaign(scenario))
                .isInstanceOf(org.sciloop.core.config.ScenarioException.class)
                .hasMessageContaining("'recall' answers a planner's questions and measures nothing; declare it under"
                        + " lookups");
    }

    // --- helpers ---

    /** Asks recall what XPhos did before proposing: the answer's top passage decides x. */
    private static final class Recalling implements Planner, PlannerFactory {
        @Override
        public String name() {
            return "recalling";
        }

        @Override
        public String summary() {
            return "test planner";
        }

        @Override
        public Planner create(Options options) {
            return this;
        }

        @Override
        public Proposal propose(CampaignState state, PlanningContext context) {
            ToolResult answer = context.gateway().lookup("memory", Map.of("question",
                    "did a ligand do better with bromides?", "limit", 1));
            Map<?, ?> top = (Map<?, ?>) ((List<?>) ((ToolResult.Success) answer).outputs().get("passages")).get(0);
            return Proposal.batch(List.of(Experiment.of(new Settings(Map.of("x", 1.0 + state.experimentsRun())),
                    "recalled " + top.get("campaign") + "/" + top.get("subject"))), "after recall");
        }
    }

    private static Campaign campaign(Scenario scenario) {
        return Campaign.assemble(scenario, 1, new Registry<>("tool", List.of(new FunctionTool("square",
                (s, random) -> Map.of("y", s.number("x") * s.number("x"))), new RecallToolFactory()),
                ToolFactory::name), new Registry<>("planner", List.of(new Recalling()), PlannerFactory::name));
    }

    private String failure(Tool recall, Map<String, Object> arguments) {
        ToolResult result = recall.invoke(new ToolCall("recall", "lookup-0-1", arguments), context());
        assertThat(result).isInstanceOf(ToolResult.Failure.class);
        assertThat(((ToolResult.Failure) result).retriable()).isFalse();
        return ((ToolResult.Failure) result).reason();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static ToolContext context() {
        return new ToolContext("c-test", Clock.systemUTC(), new java.util.Random(1));
    }

    private Options options(String yaml) {
        return Scenario.parse("""
                name: holder
                objective: {name: y, goal: maximize}
                space: {x: {type: continuous, low: 0, high: 1}}
                experiment: {tool: recall, with: {%s}}
                planner: {name: random}
                """.formatted(yaml), new ScenarioLocation.BuiltIn("holder")).toolOptions();
    }

    private org.sciloop.memory.store.IndexedCampaign campaign(String id, String scenario,
                                                               List<Observation> observations,
                                                               List<Hypothesis> hypotheses) throws Exception {
        Path file = dir.resolve(id).resolve("trace.jsonl");
        Files.createDirectories(file.getParent());
        SyntheticTrace.write(file, id, scenario, DAY, observations, hypotheses, true);
        return TraceIndexer.read(file);
    }

    private static Observation observation(String id, String ligand, double temperature, double yield) {
        return new Observation(id, Settings.of(Map.of("ligand", ligand, "temperature", temperature)),
                Map.of("yield", yield), Observation.Status.OK, "", "table-emulator");
    }

    private static Hypothesis hypothesis(String id, String statement) {
        return new Hypothesis(id, 1, statement, null, null, Hypothesis.Status.PROPOSED, List.of(), 0.5, "planner:llm");
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
