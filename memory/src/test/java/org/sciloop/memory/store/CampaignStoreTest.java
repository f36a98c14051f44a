package org.sciloop.memory.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sciloop.core.InputException;
import org.sciloop.core.ServiceUnavailableException;
import org.sciloop.core.hypothesis.Claim;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.PriorCampaign;
import org.sciloop.core.model.Settings;
import org.sciloop.core.scenario.LearnFrom;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.testing.TestPostgres;
import org.sciloop.core.tool.RecordedAnswers;
import org.sciloop.memory.bench.SyntheticTrace;
import org.sciloop.memory.store.CampaignStore.Filter;

/**
 * The campaign store, every case on the embedded H2 store and on a real PostgreSQL 15 in a container
 * ({@link TestPostgres}), with traces written as the engine writes them.
 */
class CampaignStoreTest {
    enum Kind { EMBEDDED_H2, POSTGRESQL }

    private static final Instant DAY_1 = Instant.parse("2026-11-01T09:00:00Z");
    private static final Instant DAY_2 = Instant.parse("2026-11-02T09:00:00Z");

    @TempDir
    Path dir;

    private final List<CampaignStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(CampaignStore::close);
    }

    @AfterAll
    static void stopPostgres() {
        TestPostgres.stop();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void a_campaign_goes_in_whole_and_comes_back_the_same(Kind kind) {
        CampaignStore store = open(kind);
        List<Observation> observations = List.of(
                observation("exp-1", "XPhos", 90, 61.5, "table-emulator"),
                observation("exp-2", "SPhos", 110, 70.25, "person:ana"),
                new Observation("exp-3", Settings.of(Map.of("ligand", "dppf", "temperature", 100.0)), Map.of(),
                        Observation.Status.FAILED, "no measurement", "table-emulator"));
        Hypothesis h = hypothesis("H1", new Claim.MainEffect("yield", "temperature", Claim.Trend.INCREASES),
                Hypothesis.Status.SUPPORTED);
        IndexedCampaign campaign = trace("run-a", "c-aaaa-1", "arylation", DAY_1, observations, List.of(h), true);

        assertThat(store.index(campaign)).isTrue();
        assertThat(store.index(campaign)).as("indexed again: replaced, not doubled").isFalse();

        assertThat(store.campaigns(Filter.all())).singleElement().satisfies(l -> {
            assertThat(l.experiments()).isEqualTo(3);
            assertThat(l.traceState()).isEqualTo(CampaignStore.VERIFIES);
            assertThat(l.campaign().state()).isEqualTo("finished");
            assertThat(l.campaign().parameters()).containsExactlyInAnyOrder("ligand", "temperature");
        });
        IndexedCampaign back = store.campaign("c-aa").orElseThrow();
        assertThat(back.id()).isEqualTo("c-aaaa-1");
        assertThat(back.scenario()).isEqualTo("arylation");
        assertThat(back.objectives()).containsExactly("yield");
        assertThat(back.observations()).extracting(IndexedCampaign.StoredObservation::observation)
                .containsExactlyElementsOf(observations);
        assertThat(back.observations().get(1).recordedBy()).isEqualTo("person:ana");
        assertThat(back.hypotheses()).containsExactly(h);
        assertThat(back.people()).containsExactly("ana");
        assertThat(back.lines()).isEqualTo(campaign.lines());
        assertThat(back.head()).isEqualTo(campaign.head());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void campaigns_are_selected_by_scenario_tool_person_and_date(Kind kind) {
        CampaignStore store = open(kind);
        store.index(trace("a", "c-1", "arylation", DAY_1, List.of(observation("e1", "XPhos", 90, 50, "person:ana")),
                List.of(), true));
        store.index(trace("b", "c-2", "buchwald", DAY_2, List.of(observation("e1", "XPhos", 90, 50, "t")), List.of(),
                false));

        assertThat(ids(store, Filter.all())).containsExactly("c-1", "c-2");
        assertThat(ids(store, Filter.all().scenario("buchwald"))).containsExactly("c-2");
        assertThat(ids(store, new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("ana"),
                Optional.empty(), Optional.empty(), List.of()))).containsExactly("c-1");
        assertThat(ids(store, new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Instant.parse("2026-11-02T00:00:00Z")), Optional.empty(), List.of())))
                .containsExactly("c-2");
        assertThat(ids(store, new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(Instant.parse("2026-11-02T00:00:00Z")), List.of())))
                .containsExactly("c-1");
        assertThat(ids(store, new Filter(Optional.empty(), Optional.of("no-such-tool"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of()))).isEmpty();
        // By space: a third campaign varies the base and a parameter whose name LIKE would read as a pattern.
        IndexedCampaign other = trace("c", "c-3", "buchwald", DAY_2, List.of(observation("e1", "XPhos", 90, 50, "t")),
                List.of(), true);
        store.index(new IndexedCampaign(other.id(), other.trace(), other.scenario(), other.source(), other.document(),
                other.seed(), other.tool(), other.planner(), other.objectives(), List.of("ligand", "base_eq"),
                other.started(), other.ended(), other.state(), other.people(), other.lines(), other.head(),
                other.observations(), other.hypotheses(), other.answers(), other.passages()));
        assertThat(ids(store, byParameters("ligand"))).containsExactly("c-1", "c-2", "c-3");
        assertThat(ids(store, byParameters("ligand", "temperature"))).containsExactly("c-1", "c-2");
        assertThat(ids(store, byParameters("base_eq"))).containsExactly("c-3");
        assertThat(ids(store, byParameters("baseXeq"))).as("_ is a letter here, not LIKE's any-one").isEmpty();
        assertThat(ids(store, byParameters("temp"))).as("a whole name, not a part of one").isEmpty();
        assertThat(store.campaigns(Filter.all()).get(1).campaign().state()).isEqualTo("open");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void a_search_finds_every_observation_of_a_level_above_a_value_across_campaigns(Kind kind) {
        CampaignStore store = open(kind);
        store.index(trace("a", "c-1", "arylation", DAY_1, List.of(
                observation("e1", "XPhos", 90, 40, "t"), observation("e2", "XPhos", 110, 60, "t"),
                observation("e3", "SPhos", 120, 65, "t")), List.of(), true));
        store.index(trace("b", "c-2", "arylation", DAY_2, List.of(
                observation("e1", "XPhos", 120, 80, "t"), observation("e2", "XPhos", 100, 55, "t")), List.of(), true));

        List<Condition> ligandHot = List.of(Condition.parse("ligand = XPhos"), Condition.parse("temperature > 100"));
        assertThat(store.search(ligandHot, Filter.all(), 100)).extracting(f -> f.stored().campaign() + "/"
                + f.stored().observation().experimentId()).containsExactly("c-1/e2", "c-2/e1");
        assertThat(store.search(List.of(Condition.parse("ligand != XPhos")), Filter.all(), 100))
                .extracting(f -> f.stored().observation().experimentId()).containsExactly("e3");
        assertThat(store.search(List.of(Condition.parse("yield >= 60"), Condition.parse("temperature <= 110")),
                Filter.all(), 100)).extracting(f -> f.stored().campaign() + "/" + f.stored().observation()
                .experimentId()).containsExactly("c-1/e2");
        assertThat(store.search(List.of(), Filter.all(), 3)).hasSize(3);
        assertThat(store.knows("temperature")).isTrue();
        assertThat(store.knows("Temperature")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void campaigns_that_disagree_are_flagged(Kind kind) {
        CampaignStore store = open(kind);
        Claim rises = new Claim.MainEffect("yield", "temperature", Claim.Trend.INCREASES);
        store.index(trace("a", "c-1", "s", DAY_1, List.of(), List.of(hypothesis("H1", rises,
                Hypothesis.Status.SUPPORTED)), true));
        store.index(trace("b", "c-2", "s", DAY_2, List.of(), List.of(hypothesis("H1", rises,
                Hypothesis.Status.REFUTED), hypothesis("H2", new Claim.NoEffect("yield", "solvent"),
                Hypothesis.Status.SUPPORTED)), true));
        store.index(trace("c", "c-3", "s", DAY_2.plusSeconds(60), List.of(), List.of(hypothesis("H1",
                new Claim.NoEffect("yield", "temperature"), Hypothesis.Status.SUPPORTED)), true));

        List<Contradictions.Contradiction> found = Contradictions.among(store.hypotheses(Filter.all()));
        assertThat(found).extracting(c -> c.earlier().campaign() + " " + c.later().campaign() + ": " + c.why())
                .containsExactly(
                        "c-1 c-2: 'yield increases with temperature' is supported in one campaign and refuted in"
                                + " the other",
                        "c-1 c-3: both are supported, but 'yield increases with temperature' and"
                                + " 'temperature has no effect on yield' cannot both hold");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void a_deterministic_tools_answer_is_found_by_its_call_and_only_from_a_trace_that_still_verifies(Kind kind)
            throws IOException {
        CampaignStore store = open(kind);
        List<Observation> observations = List.of(observation("exp-1", "XPhos", 90, 61.5, "table-emulator"),
                observation("exp-2", "SPhos", 110, 70.25, "person:ana"),
                new Observation("exp-3", Settings.of(Map.of("ligand", "dppf", "temperature", 100.0)), Map.of(),
                        Observation.Status.FAILED, "no measurement", "table-emulator"));
        IndexedCampaign first = trace("run-a", "c-first", "arylation", DAY_1, observations, List.of(), true);
        IndexedCampaign second = trace("run-b", "c-second", "arylation", DAY_2, observations.subList(0, 1), List.of(),
                true);
        store.index(first);
        store.index(second);
        String fingerprint = RecordedAnswers.fingerprint(first.document().get("experiment"), Map.of());
        assertThat(first.answers()).as("only the tool's own successful answers: not a person's, not a failure")
                .singleElement().satisfies(a -> assertThat(a.outputs()).isEqualTo(Map.of("yield", 61.5)));
        assertThat(store.campaign("c-first").orElseThrow().answers()).isEqualTo(first.answers());

        VerifiedAnswers answers = VerifiedAnswers.load(store, fingerprint);
        var answer = answers.recall(fingerprint, Map.of("temperature", 90, "ligand", "XPhos")).orElseThrow();
        assertThat(answer.campaign()).as("the earliest campaign that has it").isEqualTo("c-first");
        assertThat(answer.line()).isEqualTo(first.observations().get(0).line());
        assertThat(answer.outputs()).isEqualTo(Map.of("yield", 61.5));
        assertThat(answers.recall(fingerprint, Map.of("temperature", 110.0, "ligand", "SPhos"))).isEmpty();
        assertThat(answers.recall(fingerprint, Map.of("temperature", 90.5, "ligand", "XPhos"))).isEmpty();
        assertThat(answers.recall("0".repeat(64), Map.of("temperature", 90.0, "ligand", "XPhos")))
                .as("another configuration of the tool").isEmpty();
        assertThat(store.answers("0".repeat(64))).isEmpty();
        assertThat(answers.reused()).isEqualTo(1);

        // The first campaign's trace is changed after it was indexed: its answer is no longer offered.
        Files.writeString(first.trace(), Files.readString(first.trace()).replace("\"yield\":61.5", "\"yield\":99.0"));
        VerifiedAnswers checked = VerifiedAnswers.load(store, fingerprint);
        assertThat(checked.recall(fingerprint, Map.of("temperature", 90.0, "ligand", "XPhos")).orElseThrow()
                .campaign()).isEqualTo("c-second");
        Files.delete(second.trace());
        assertThat(VerifiedAnswers.load(store, fingerprint).recall(fingerprint, Map.of("temperature", 90.0,
                "ligand", "XPhos"))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void earlier_campaigns_to_learn_from_are_chosen_checked_and_fitted_to_the_space(Kind kind) throws IOException {
        CampaignStore store = open(kind);
        IndexedCampaign older = trace("run-a", "c-older", "arylation", DAY_1, List.of(
                observation("exp-1", "XPhos", 90, 61.5, "table-emulator"),
                observation("exp-2", "dppf", 95, 20, "table-emulator"),
                observation("exp-3", "SPhos", 140, 80, "table-emulator"),
                new Observation("exp-4", Settings.of(Map.of("ligand", "SPhos", "temperature", 100.0)), Map.of(),
                        Observation.Status.FAILED, "no measurement", "table-emulator")), List.of(
                hypothesis("H1", new Claim.MainEffect("yield", "temperature", Claim.Trend.INCREASES),
                        Hypothesis.Status.SUPPORTED),
                hypothesis("H2", new Claim.BestLevel("yield", "ligand", "dppf", Claim.Extreme.HIGHEST),
                        Hypothesis.Status.REFUTED),
                hypothesis("H3", new Claim.OptimumRegion("yield", "temperature", 130, 150, Claim.Extreme.HIGHEST),
                        Hypothesis.Status.TESTING),
                hypothesis("H4", new Claim.NoEffect("purity", "ligand"), Hypothesis.Status.SUPPORTED),
                hypothesis("H5", new Claim.BestLevel("yield", "ligand", "SPhos", Claim.Extreme.HIGHEST),
                        Hypothesis.Status.SUPPORTED)), true);
        IndexedCampaign newer = trace("run-b", "c-newer", "arylation", DAY_2, List.of(
                observation("exp-1", "SPhos", 110, 70.25, "table-emulator")), List.of(), true);
        IndexedCampaign other = trace("run-c", "c-other", "kinetics", DAY_2, List.of(new Observation("exp-1",
                Settings.of(Map.of("residence", 3.0)), Map.of("yield", 10.0), Observation.Status.OK, "", "t")), List.of(),
                true);
        List.of(older, newer, other).forEach(store::index);
        ParameterSpace space = new ParameterSpace(List.of(new Parameter.Categorical("ligand", List.of("XPhos", "SPhos")),
                new Parameter.Continuous("temperature", 80, 120, "C")));
        List<Objective> objectives = List.of(new Objective("yield", Objective.Goal.MAXIMIZE, OptionalDouble.empty()));

        History.Recalled byScenario = History.recall(store, new LearnFrom(List.of("arylation"), List.of(), false, 500),
                space, objectives);
        assertThat(byScenario.campaigns()).extracting(PriorCampaign::campaign).as("the most recent first")
                .containsExactly("c-newer", "c-older");
        assertThat(byScenario.campaigns().get(1).observations()).as("only those with the objective that fit the space")
                .extracting(Observation::experimentId).containsExactly("exp-1");
        assertThat(byScenario.campaigns().get(1).traceHead()).isEqualTo(older.head());
        assertThat(byScenario.campaigns().get(1).hypotheses()).as("claims testable here: not a level this space"
                + " lacks, a region outside its range or another outcome").extracting(Hypothesis::id)
                .containsExactly("H1", "H5");

        History.Recalled compatible = History.recall(store, new LearnFrom(List.of(), List.of(), true, 500), space,
                objectives);
        assertThat(compatible.campaigns()).extracting(PriorCampaign::campaign).containsExactly("c-newer", "c-older");
        assertThat(compatible.passedOver()).singleElement().asString().startsWith("c-other (kinetics): no observation");
        assertThat(History.recall(store, new LearnFrom(List.of(), List.of("c-old"), false, 1), space, objectives)
                .observations()).as("named by an id prefix, and no more than asked for").isEqualTo(1);
        assertThatThrownBy(() -> History.recall(store, new LearnFrom(List.of(), List.of("nosuch"), false, 500), space,
                objectives)).isInstanceOf(InputException.class).hasMessageContaining("no campaign 'nosuch'");

        Files.writeString(newer.trace(), Files.readString(newer.trace()).replace("\"yield\":70.25", "\"yield\":99.0"));
        History.Recalled afterTampering = History.recall(store, new LearnFrom(List.of("arylation"), List.of(), false,
                500), space, objectives);
        assertThat(afterTampering.campaigns()).extracting(PriorCampaign::campaign).containsExactly("c-older");
        assertThat(afterTampering.passedOver()).singleElement().asString().contains("c-newer: its trace no longer"
                + " verifies");
        assertThatThrownBy(() -> History.recall(store, new LearnFrom(List.of(), List.of("c-newer"), false, 500), space,
                objectives)).as("a campaign named that no longer verifies is refused, not passed over")
                .isInstanceOf(InputException.class).hasMessageContaining("campaign c-newer was named, but its trace no"
                        + " longer verifies");
    }

    @Test
    void a_damaged_trace_is_refused_and_a_changed_one_is_told_apart() throws IOException {
        IndexedCampaign indexed = trace("a", "c-1", "s", DAY_1, List.of(observation("e1", "XPhos", 90, 40, "t")),
                List.of(), false);
        assertThat(TraceCheck.of(indexed).verifies()).isTrue();

        Path file = indexed.trace();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, text.replace("\"yield\":40.0", "\"yield\":99.0"), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TraceIndexer.read(file)).isInstanceOf(InputException.class)
                .hasMessageContaining("does not verify").hasMessageContaining("the store takes only what an intact trace vouches for");
        assertThat(TraceCheck.of(indexed).state()).startsWith("no longer verifies");

        Files.delete(file);
        assertThat(TraceCheck.of(indexed).state()).isEqualTo("missing: no trace at " + file);

        // The same campaign written again with one experiment more: it verifies, has grown, and starts the same.
        IndexedCampaign longer = trace("a", "c-1", "s", DAY_1, List.of(observation("e1", "XPhos", 90, 40, "t"),
                observation("e2", "XPhos", 95, 45, "t")), List.of(), false);
        assertThat(TraceCheck.of(indexed).state()).as("same first lines, other signing key: line %d differs",
                indexed.lines()).startsWith("rewritten");
        assertThat(TraceCheck.of(longer).verifies()).isTrue();
        assertThat(TraceCheck.of(longer).grown(longer)).isFalse();
    }

    @Test
    void a_store_location_that_is_no_store_is_refused_in_words() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> CampaignStore.open(file.toString())).isInstanceOf(InputException.class)
                .hasMessageContaining("a file, not a folder");
        assertThatThrownBy(() -> CampaignStore.open("ftp://somewhere/db")).isInstanceOf(InputException.class)
                .hasMessageContaining("postgres://user:password@host:port/database");
        assertThatThrownBy(() -> CampaignStore.open("postgres://ana:secret@127.0.0.1")).isInstanceOf(
                InputException.class).hasMessageContaining("postgres://user:password@host:port/database")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> CampaignStore.open("postgres://ana:secret@127.0.0.1:1/memory"))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("PostgreSQL at 127.0.0.1:1/memory").hasMessageNotContaining("secret");
    }

    /**
     * A store this process may only read (here an H2 file opened read-only, as a read-only mount opens it): every
     * query answers, what would write is refused in words, and recall ranks what was embedded while it could write.
     */
    @Test
    void a_store_that_can_only_be_read_answers_queries_and_refuses_to_write() {
        Embedder words = new Embedder() {   // enough for ranking: a text's length and its vowels
            @Override
            public String model() {
                return "test-words";
            }

            @Override
            public float[] embed(String text) {
                return new float[] {text.length(), text.replaceAll("[^aeiou]", "").length(), 1};
            }
        };
        Hypothesis h = hypothesis("H1", new Claim.MainEffect("yield", "temperature", Claim.Trend.INCREASES),
                Hypothesis.Status.SUPPORTED);
        IndexedCampaign campaign = trace("a", "c-1", "s", DAY_1, List.of(observation("e1", "XPhos", 90, 40, "t")),
                List.of(h), true);
        String url = "jdbc:h2:file:" + dir.resolve("store").resolve("memory") + ";ACCESS_MODE_DATA=r";
        try (CampaignStore writable = CampaignStore.open(dir.resolve("store").toString())) {
            writable.index(campaign);
        }
        try (CampaignStore readOnly = CampaignStore.open(url)) {
            assertThat(readOnly.readOnly()).isTrue();
            assertThat(readOnly.campaigns(Filter.all())).extracting(l -> l.campaign().id()).containsExactly("c-1");
            assertThat(readOnly.search(List.of(Condition.parse("temperature > 80")), Filter.all(), 10)).hasSize(1);
            readOnly.traceState("c-1", "missing: no trace at somewhere");  // found, said, not kept
            assertThat(readOnly.campaigns(Filter.all()).get(0).traceState()).isEqualTo(CampaignStore.VERIFIES);
            assertThatThrownBy(() -> readOnly.index(campaign)).isInstanceOf(InputException.class)
                    .hasMessageContaining("cannot index campaign c-1").hasMessageContaining("can only read it");
            assertThatThrownBy(() -> readOnly.forget("c-1")).isInstanceOf(InputException.class);
            assertThatThrownBy(() -> readOnly.passages().recall(words, "does heat raise the yield",
                    IndexedCampaign.Passage.KINDS, Filter.all(), 5, n -> { })).isInstanceOf(InputException.class)
                    .hasMessageContaining("no embedding yet");
        }
        try (CampaignStore writable = CampaignStore.open(dir.resolve("store").toString())) {
            assertThat(writable.readOnly()).isFalse();
            assertThat(writable.passages().embedPending(words)).isPositive();
        }
        try (CampaignStore readOnly = CampaignStore.open(url)) {
            assertThat(readOnly.passages().recall(words, "does heat raise the yield", IndexedCampaign.Passage.KINDS,
                    Filter.all(), 5, n -> { })).isNotEmpty();
        }
    }

    @Test
    void re_indexing_a_campaign_again_and_again_does_not_grow_the_file_by_its_size_each_time() throws IOException {
        List<Observation> many = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            many.add(observation("e" + i, i % 2 == 0 ? "XPhos" : "SPhos", 20 + i % 100, i % 97, "t"));
        }
        IndexedCampaign big = trace("big", "c-big", "s", DAY_1, many, List.of(), true);
        Path file = dir.resolve("store").resolve(EmbeddedFolder.FILE);
        List<Long> sizes = new ArrayList<>();
        for (int time = 0; time < 3; time++) {
            try (CampaignStore store = CampaignStore.open(dir.resolve("store").toString())) {
                store.index(big, true);
            }
            sizes.add(Files.size(file));
        }
        // H2 keeps what a write replaced: without compaction as the store closes, 6,000 observations took the file
        // to 8.3, 44.7 and 86.0 MB; with it, 8.3, 2.7 and 2.7 MB.
        assertThat(sizes.get(2)).as("bytes after each index: " + sizes).isLessThan(8L << 20);
        try (CampaignStore store = CampaignStore.open(dir.resolve("store").toString())) {
            assertThat(store.campaign("c-big").orElseThrow().observations()).hasSize(6000);
        }
    }

    @Test
    void a_damaged_store_file_is_said_and_made_again_from_the_traces_it_had_indexed() throws IOException {
        Path folder = dir.resolve("store");
        indexTwo(folder);
        byte[] bytes = damage(folder.resolve("memory.mv.db"));
        // H2 would take it for an empty store and cut the file down: it must not be opened to write.
        assertThatThrownBy(() -> CampaignStore.open(folder.toString()))
                .isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("memory.mv.db is damaged")
                .hasMessageContaining("left as it is")
                .hasMessageContaining("'sciloop memory rebuild --store " + folder.toAbsolutePath() + "' makes it again"
                        + " from the traces listed in");
        // Again in the same process (a run opens its store at its start and at its end): refused again.
        assertThatThrownBy(() -> CampaignStore.open(folder.toString()))
                .isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("is damaged");
        assertThat(Files.readAllBytes(folder.resolve("memory.mv.db"))).isEqualTo(bytes);

        Files.delete(dir.resolve("b").resolve("trace.jsonl"));  // a run folder deleted meanwhile
        Rebuilt rebuilt;
        try (CampaignStore store = CampaignStore.openToRebuild(folder.toString())) {
            rebuilt = store.rebuild();
        }
        assertThat(rebuilt.reindexed()).isEqualTo(1);
        assertThat(rebuilt.lost()).singleElement().asString().startsWith("c-2: its trace missing: no trace at")
                .contains("damaged file cannot say more of it");
        assertThat(rebuilt.setAside()).hasValueSatisfying(p -> assertThat(p.getFileName().toString())
                .startsWith("memory.mv.db.damaged-"));
        assertThat(Files.readAllBytes(rebuilt.setAside().orElseThrow())).as("the damaged file, kept as it was")
                .isEqualTo(bytes);
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            assertThat(ids(store, Filter.all())).containsExactly("c-1");
            assertThat(store.campaign("c-1").orElseThrow().observations()).hasSize(1);
        }
        assertThat(TraceRegister.in(folder).campaigns()).containsOnlyKeys("c-1");

        Path empty = Files.createDirectories(dir.resolve("empty-file"));
        Files.write(empty.resolve("memory.mv.db"), new byte[0]);
        assertThatThrownBy(() -> CampaignStore.open(empty.toString())).isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("is damaged (it holds no campaign store)")
                .hasMessageContaining("add the runs again into a new store");  // no list of traces there
        assertThat(Files.size(empty.resolve("memory.mv.db"))).isZero();
    }

    /**
     * The file a tester's service left after one kill -9: its first campaign was killed as it made the store, which
     * H2 can then read only by writing to it, and which every later campaign had called damaged. It held nothing
     * and listed no trace: made anew, the file kept beside it.
     */
    @Test
    void a_store_whose_process_was_killed_as_it_made_it_is_made_anew() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("begun"));
        try (var in = CampaignStoreTest.class.getResourceAsStream("unfinished-store.mv.db")) {
            Files.copy(in, folder.resolve("memory.mv.db"));
        }
        Files.writeString(folder.resolve("open.lock"), "pid 21345, sciloop run kinetics-local --out x --as sam,"
                + " since 2026-12-07T23:10:24Z\n");
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            assertThat(ids(store, Filter.all())).isEmpty();
            store.index(trace("c", "c-1", "s", DAY_2, List.of(observation("e1", "dppf", 70, 20, "t")), List.of(),
                    true));
        }
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            assertThat(ids(store, Filter.all())).containsExactly("c-1");
        }
        assertThat(folder.resolve("memory.mv.db.unfinished")).isNotEmptyFile();
    }

    @Test
    void the_traces_a_store_indexed_are_listed_beside_it_so_a_store_whose_file_is_gone_is_made_again()
            throws IOException {
        Path folder = dir.resolve("store");
        indexTwo(folder);
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            store.forget("c-2");
            store.index(trace("c", "c-3", "s", DAY_2, List.of(observation("e1", "dppf", 70, 20, "t")), List.of(),
                    true));
        }
        TraceRegister register = TraceRegister.in(folder);
        assertThat(register.campaigns()).containsOnlyKeys("c-1", "c-3");
        // Lines spoiled on disk (bytes that are not UTF-8, a path no file system takes) list nothing; neither does
        // one a process killed as it wrote it left cut short. The rest stands.
        Files.write(register.file(), new byte[] {(byte) 0xff, (byte) 0xfe, '\n'},
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(register.file(), "{\"indexed\":\"c-8\",\"trace\":\"a\\u0000b\",\"head\":\"x\"}\n"
                + "{\"indexed\":\"c-9\",\"tra", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        assertThat(register.campaigns()).containsOnlyKeys("c-1", "c-3");

        Files.delete(folder.resolve("memory.mv.db"));
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            assertThat(ids(store, Filter.all())).as("caught up as it opens").containsExactly("c-1", "c-3");
        }
        Files.delete(folder.resolve("memory.mv.db"));
        assertThatThrownBy(() -> CampaignStore.openToRebuild(dir.resolve("nothing-here").toString()))
                .isInstanceOf(InputException.class).hasMessageContaining("no campaign store in");
        Rebuilt rebuilt;
        try (CampaignStore store = CampaignStore.openToRebuild(folder.toString())) {
            rebuilt = store.rebuild();
        }
        assertThat(rebuilt.reindexed()).isEqualTo(2);
        assertThat(rebuilt.lost()).isEmpty();
        assertThat(rebuilt.setAside()).isEmpty();
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            assertThat(ids(store, Filter.all())).containsExactly("c-1", "c-3");
        }
        assertThat(Files.readAllLines(register.file())).as("written anew, the spoiled lines gone, the removal kept")
                .hasSize(3).last().isEqualTo("{\"removed\":\"c-2\"}");
    }

    @Test
    void a_store_a_killed_writer_left_unreadable_is_made_again_from_its_traces_by_the_next_to_open_it()
            throws IOException {
        Path folder = dir.resolve("store");
        indexOne(folder);
        // As an add stopped by Ctrl-C once left it (a tester: H2 then said "Chunk 61 not found" of every open).
        byte[] bytes = damage(folder.resolve("memory.mv.db"));
        Files.writeString(folder.resolve("open.lock"), "pid 4711, sciloop memory add run, since 2026-12-06T10:00:00Z\n"
                + "writing since 2026-12-06T10:00:01Z\n");
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            assertThat(ids(store, Filter.all())).containsExactly("c-1");
        }
        try (var kept = Files.list(folder)) {
            assertThat(kept.filter(p -> p.getFileName().toString().startsWith("memory.mv.db.damaged-")).toList())
                    .singleElement().satisfies(p -> assertThat(Files.readAllBytes(p)).isEqualTo(bytes));
        }
        assertThat(Files.readString(folder.resolve("open.lock"))).as("let go of cleanly").isEmpty();
    }

    @Test
    void a_store_whose_file_lost_its_last_writes_is_put_right_by_the_traces_listed_as_it_opens() throws IOException {
        Path folder = dir.resolve("store");
        IndexedCampaign first = trace("a", "c-1", "s", DAY_1, List.of(observation("e1", "XPhos", 90, 40, "t")),
                List.of(), false);
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            store.index(first);
            store.index(trace("d", "c-4", "s", DAY_1, List.of(observation("e1", "dppf", 70, 20, "t")), List.of(),
                    true));
        }
        Path older = Files.copy(folder.resolve("memory.mv.db"), dir.resolve("older.mv.db"));
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            store.index(trace("a", "c-1", "s", DAY_1, List.of(observation("e1", "XPhos", 90, 40, "t"),
                    observation("e2", "SPhos", 95, 45, "t")), List.of(), true), true);  // a person told more
            store.index(trace("b", "c-2", "s", DAY_2, List.of(observation("e1", "SPhos", 80, 30, "t")), List.of(),
                    true));
            store.index(trace("c", "c-3", "s", DAY_2, List.of(observation("e1", "dppf", 80, 30, "t")), List.of(),
                    true));
            store.forget("c-4");
        }
        // The file as it was before those writes (H2 opens a file cut short the same way: as it was before them).
        Files.copy(older, folder.resolve("memory.mv.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.delete(dir.resolve("c").resolve("trace.jsonl"));
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            assertThat(ids(store, Filter.all())).as("c-4 removed again, c-2 indexed again").containsExactly("c-1",
                    "c-2");
            assertThat(store.campaign("c-1").orElseThrow().observations()).hasSize(2);
        }
        assertThat(TraceRegister.in(folder).campaigns()).as("the one that could not be put back is said once")
                .containsOnlyKeys("c-1", "c-2");
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            assertThat(store.rebuild().reindexed()).isEqualTo(2);
        }
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            assertThat(ids(store, Filter.all())).as("a rebuild brings back no removed campaign")
                    .containsExactly("c-1", "c-2");
        }
    }

    @Test
    void a_list_of_traces_emptied_or_in_the_way_is_said_and_never_taken_for_removals() throws IOException {
        Path folder = dir.resolve("store");
        indexTwo(folder);
        TraceRegister register = TraceRegister.in(folder);
        Files.write(register.file(), new byte[0]);
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            assertThat(ids(store, Filter.all())).containsExactly("c-1", "c-2");
        }
        assertThat(register.campaigns()).as("listed again").containsOnlyKeys("c-1", "c-2");
        damage(folder.resolve("memory.mv.db"));
        try (CampaignStore store = CampaignStore.openToRebuild(folder.toString())) {
            assertThat(store.rebuild().reindexed()).isEqualTo(2);
        }

        // A folder where the list goes: the store is read all the same, and a write refused in words.
        Files.delete(register.file());
        Files.createDirectory(register.file());
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            assertThat(ids(store, Filter.all())).containsExactly("c-1", "c-2");
            assertThatThrownBy(() -> store.index(trace("c", "c-3", "s", DAY_2, List.of(), List.of(), true)))
                    .isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("traces.jsonl")
                    .hasMessageContaining("a folder of that name is in the way");
            assertThat(ids(store, Filter.all())).containsExactly("c-1", "c-2");
        }
        assertThat(folder.resolve("traces.jsonl.next")).doesNotExist();
    }

    @Test
    void a_store_whose_disk_has_no_room_left_is_read_as_it_is_and_a_write_refused_in_words() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full");
        Path folder = dir.resolve("store");
        indexOne(folder);
        // Every write to /dev/full fails as on a full disk ("No space left on device"); a tester's full disk had
        // refused every command, list too, since a holder could not write its line.
        Files.delete(folder.resolve("open.lock"));
        Files.createSymbolicLink(folder.resolve("open.lock"), Path.of("/dev/full"));
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            assertThat(ids(store, Filter.all())).containsExactly("c-1");
            assertThat(store.readOnly()).isTrue();
            assertThatThrownBy(() -> store.index(trace("b", "c-2", "s", DAY_2, List.of(), List.of(), true)))
                    .isInstanceOf(ServiceUnavailableException.class)
                    .hasMessageContaining("its disk has no room left (No space left on device)");
            assertThatThrownBy(store::rebuild).isInstanceOf(ServiceUnavailableException.class)
                    .hasMessageContaining("cannot rebuild the index");
        }
        Files.delete(folder.resolve("open.lock"));
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            assertThat(store.readOnly()).as("room again").isFalse();
            store.index(trace("b", "c-2", "s", DAY_2, List.of(), List.of(), true));
        }
    }

    @Test
    void a_line_of_the_list_spoiled_in_one_field_is_written_again_and_drops_no_campaign() throws IOException {
        Path folder = dir.resolve("store");
        indexTwo(folder);
        TraceRegister register = TraceRegister.in(folder);
        String listed = Files.readString(register.file());
        String head1 = register.campaigns().get("c-1").head();
        // c-1's id spoiled, c-2's hash spoiled: each line still names its campaign by the other field.
        Files.writeString(register.file(), listed.replace("\"c-1\"", "\"c-X\"")
                .replace(register.campaigns().get("c-2").head(), "0".repeat(64)));
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            assertThat(ids(store, Filter.all())).containsExactly("c-1", "c-2");
            assertThat(register.putRight(store)).as("put right once, not at every opening")
                    .isEqualTo(new TraceRegister.Mended(List.of(), List.of()));
        }
        assertThat(register.campaigns()).containsOnlyKeys("c-1", "c-2");
        assertThat(register.campaigns().get("c-1").head()).isEqualTo(head1);

        // With the file gone, a line whose hash is spoiled still names its campaign by its id.
        Files.writeString(register.file(), Files.readString(register.file()).replace(head1, "1".repeat(64)));
        Files.delete(folder.resolve("memory.mv.db"));
        try (CampaignStore store = CampaignStore.openToRebuild(folder.toString())) {
            Rebuilt rebuilt = store.rebuild();
            assertThat(rebuilt.reindexed()).isEqualTo(2);
            assertThat(rebuilt.lost()).isEmpty();
        }
    }

    @Test
    void a_removal_outlives_the_list_written_anew_and_an_older_copy_of_the_file() throws IOException {
        Path folder = dir.resolve("store");
        indexTwo(folder);
        Path older = Files.copy(folder.resolve("memory.mv.db"), dir.resolve("older.mv.db"));
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            store.forget("c-2");
        }
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            store.rebuild();  // writes the list anew
        }
        Files.copy(older, folder.resolve("memory.mv.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            assertThat(ids(store, Filter.all())).containsExactly("c-1");
        }
        assertThat(TraceRegister.in(folder).listing().removed()).containsExactly("c-2");
    }

    @Test
    void a_store_made_before_its_traces_were_listed_lists_them_when_it_is_next_opened() {
        Path folder = dir.resolve("store");
        indexOne(folder);
        TraceRegister register = TraceRegister.in(folder);
        assertThat(register.file().toFile().delete()).isTrue();
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            assertThat(register.campaigns()).containsOnlyKeys("c-1");
            assertThat(register.campaigns().get("c-1").trace()).isEqualTo(dir.resolve("a").resolve("trace.jsonl")
                    .toAbsolutePath().normalize());
        }
    }

    @Test
    void two_stores_on_one_postgresql_see_each_others_campaigns() {
        String url = TestPostgres.newDatabaseUrl();
        CampaignStore lab = opened(CampaignStore.open(url));
        CampaignStore other = opened(CampaignStore.open(url));
        lab.index(trace("a", "c-1", "s", DAY_1, List.of(observation("e1", "XPhos", 90, 40, "t")), List.of(), true));
        assertThat(other.campaigns(Filter.all())).extracting(l -> l.campaign().id()).containsExactly("c-1");
        assertThat(other.description()).startsWith("PostgreSQL at 127.0.0.1:").doesNotContain("sciloop-test");
    }

    // --- helpers ---

    /** A store in {@code folder} that holds campaign c-1, indexed from run folder "a". */
    private void indexOne(Path folder) {
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            store.index(trace("a", "c-1", "s", DAY_1, List.of(observation("e1", "XPhos", 90, 40, "t")), List.of(),
                    true));
        }
    }

    /** As {@link #indexOne}, and campaign c-2 from run folder "b". */
    private void indexTwo(Path folder) {
        indexOne(folder);
        try (CampaignStore store = CampaignStore.open(folder.toString())) {
            store.index(trace("b", "c-2", "s", DAY_2, List.of(observation("e1", "SPhos", 80, 30, "t")), List.of(),
                    true));
        }
    }

    /** Changes every seventh byte of {@code file} past its header, as a failing disk might; the bytes it now holds. */
    static byte[] damage(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 4096; i < bytes.length; i += 7) {
            bytes[i] ^= 0x5a;
        }
        Files.write(file, bytes);
        return bytes;
    }

    private CampaignStore open(Kind kind) {
        return opened(CampaignStore.open(kind == Kind.EMBEDDED_H2 ? dir.resolve("store").toString()
                : TestPostgres.newDatabaseUrl()));
    }

    private CampaignStore opened(CampaignStore store) {
        opened.add(store);
        return store;
    }

    private IndexedCampaign trace(String run, String id, String scenario, Instant start, List<Observation> observations,
                                  List<Hypothesis> hypotheses, boolean finished) {
        Path file = dir.resolve(run).resolve("trace.jsonl");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        SyntheticTrace.write(file, id, scenario, start, observations, hypotheses, finished);
        return TraceIndexer.read(file);
    }

    private static Observation observation(String id, String ligand, double temperature, double yield, String tool) {
        return new Observation(id, Settings.of(Map.of("ligand", ligand, "temperature", temperature)),
                Map.of("yield", yield), Observation.Status.OK, "", tool);
    }

    private static Hypothesis hypothesis(String id, Claim claim, Hypothesis.Status status) {
        return new Hypothesis(id, 2, claim.describe(), claim.describe(), "-", status, List.of(), 0.9, "planner",
                claim, null);
    }

    private static Filter byParameters(String... names) {
        Filter all = Filter.all();
        return new Filter(all.scenario(), all.tool(), all.planner(), all.person(), all.since(), all.until(),
                List.of(names));
    }

    private static List<String> ids(CampaignStore store, Filter filter) {
        return store.campaigns(filter).stream().map(l -> l.campaign().id()).toList();
    }
}
