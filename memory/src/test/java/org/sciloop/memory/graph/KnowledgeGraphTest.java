package org.sciloop.memory.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.hypothesis.Claim;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;
import org.sciloop.memory.graph.KnowledgeGraph.Kind;
import org.sciloop.memory.graph.KnowledgeGraph.Node;
import org.sciloop.memory.graph.KnowledgeGraph.Relation;
import org.sciloop.memory.store.CampaignStore;
import org.xml.sax.InputSource;

class KnowledgeGraphTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Claim RISES = new Claim.MainEffect("y", "T", Claim.Trend.INCREASES);
    private static final Claim FALLS = new Claim.MainEffect("y", "T", Claim.Trend.DECREASES);
    private static final Claim SOLVENT_NONE = new Claim.NoEffect("y", "solvent");
    private static final Claim SOLVENT_BEST = new Claim.BestLevel("y", "solvent", "DMF", Claim.Extreme.HIGHEST);

    @TempDir
    Path dir;

    @Test
    void is_rebuilt_from_a_trace_with_tests_evidence_derivation_and_contradictions() throws Exception {
        KnowledgeGraph g = KnowledgeGraph.of(TraceReader.readIntact(trace()));

        assertThat(g.hypotheses()).extracting(Hypothesis::id).containsExactly("H2", "H3", "H1", "H4");
        assertThat(g.hypothesis("H1").orElseThrow().status()).isEqualTo(Hypothesis.Status.SUPPORTED);
        // What supports H1? The observations its supported version rests on.
        assertThat(g.into("H1", Relation.SUPPORTS)).extracting(Node::id).containsExactly("exp-1", "exp-2", "exp-3");
        assertThat(g.into("H1", Relation.TESTS)).extracting(Node::id).containsExactly("exp-3");
        assertThat(g.into("H2", Relation.REFUTES)).extracting(Node::id).containsExactly("exp-1", "exp-2", "exp-3");
        assertThat(g.contradictions("H2")).containsExactly("H1");
        assertThat(g.contradictions("H4")).containsExactly("H3");
        assertThat(g.into("H2", Relation.DERIVED_FROM)).as("what derives from H2").extracting(Node::id).containsExactly("H1");
        // Which open hypotheses have no test yet? H3 was tested by exp-2; H4 by nothing.
        assertThat(g.untested()).extracting(Hypothesis::id).containsExactly("H4");
        assertThat(g.graph().vertexSet()).contains(new Node(Kind.FACTOR, "T"), new Node(Kind.FACTOR, "solvent"),
                new Node(Kind.OBSERVATION, "exp-3"));
        assertThat(g.graph().edgeSet()).filteredOn(l -> l.relation() == Relation.CONCERNS).hasSize(4);
        assertThat(g.graph().edgeSet()).filteredOn(l -> l.relation() == Relation.PRODUCED).hasSize(3);
        assertThat(g.into("H9", Relation.SUPPORTS)).isEmpty();
    }

    @Test
    void exports_graphml_a_parser_reads_back_and_dot() throws Exception {
        KnowledgeGraph g = KnowledgeGraph.of(TraceReader.readIntact(trace()));
        StringWriter xml = new StringWriter();
        g.writeGraphML(xml);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml.toString())));
        assertThat(doc.getElementsByTagName("node").getLength()).isEqualTo(g.graph().vertexSet().size());
        assertThat(doc.getElementsByTagName("edge").getLength()).isEqualTo(g.graph().edgeSet().size());
        assertThat(xml.toString()).contains("hypothesis:H1", "SUPPORTED", "contradicts", "derived-from");

        StringWriter dot = new StringWriter();
        g.writeDot(dot);
        assertThat(dot.toString()).startsWith("digraph").contains("label=\"H1: y increases with T\"", "label=\"tests\"",
                "shape=\"box\"");
    }

    private Path trace() throws Exception {
        Path file = dir.resolve("trace.jsonl");
        try (TraceWriter w = TraceWriter.create(file, "c-1", CLOCK, Durability.NONE, TraceSigner.ephemeral())) {
            w.append("engine", new TraceEvent.CampaignStarted(TraceEvent.CampaignStarted.FORMAT_VERSION, "s", "s.yaml",
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), 1, "p", "tool", 3, 2,
                    w.signingKey()));
            w.append("planner:p", new TraceEvent.HypothesisProposed(h("H2", 1, FALLS, Hypothesis.Status.PROPOSED, 0)));
            w.append("planner:p", new TraceEvent.HypothesisProposed(h("H3", 1, SOLVENT_NONE, Hypothesis.Status.PROPOSED, 0)));
            w.append("planner:p", new TraceEvent.ProposalMade(0, List.of(planned("exp-1"), planned("exp-2", "H3")),
                    "", Map.of(), null));
            observe(w, "exp-1", 1);
            observe(w, "exp-2", 2);
            w.append("planner:p", new TraceEvent.HypothesisProposed(h("H1", 1, RISES, Hypothesis.Status.PROPOSED, 2)));
            w.append("planner:p", new TraceEvent.HypothesisProposed(h("H4", 1, SOLVENT_BEST, Hypothesis.Status.PROPOSED, 2)));
            w.append("planner:p", new TraceEvent.ProposalMade(1, List.of(planned("exp-3", "H1")), "", Map.of(), null));
            observe(w, "exp-3", 3);
            w.append("planner:p", new TraceEvent.HypothesisUpdated(h("H1", 2, RISES, Hypothesis.Status.SUPPORTED, 3)));
            w.append("planner:p", new TraceEvent.HypothesisUpdated(h("H2", 2, FALLS, Hypothesis.Status.REFUTED, 3)));
        }
        return file;
    }

    private static Hypothesis h(String id, int version, Claim claim, Hypothesis.Status status, int observations) {
        List<String> evidence = java.util.stream.IntStream.rangeClosed(1, observations).mapToObj(i -> "exp-" + i).toList();
        return new Hypothesis(id, version, claim.describe(), claim.describe(), "", status, evidence, 0.5, "planner:p",
                claim, null);
    }

    private static TraceEvent.PlannedExperiment planned(String id, String... tests) {
        return new TraceEvent.PlannedExperiment(id, Settings.of(Map.of("T", 1.0, "solvent", "DMF")), "", List.of(tests),
                Map.of());
    }

    private static void observe(TraceWriter w, String id, double y) {
        w.append("engine", new TraceEvent.ObservationRecorded(new Observation(id, Settings.of(Map.of("T", 1.0,
                "solvent", "DMF")), Map.of("y", y), Observation.Status.OK, "", "tool")));
    }

    @Test
    void across_campaigns_hypotheses_meet_at_their_factors_and_disagreement_and_replication_are_edges() {
        List<CampaignStore.StoredHypothesis> stored = List.of(
                stored("c-one", "H1", RISES, Hypothesis.Status.SUPPORTED),
                stored("c-one", "H2", SOLVENT_NONE, Hypothesis.Status.SUPPORTED),
                stored("c-two", "H1", RISES, Hypothesis.Status.SUPPORTED),
                stored("c-two", "H2", SOLVENT_BEST, Hypothesis.Status.SUPPORTED),
                stored("c-three", "H5", RISES, Hypothesis.Status.REFUTED));
        KnowledgeGraph g = KnowledgeGraph.acrossCampaigns(stored);

        assertThat(g.hypotheses()).extracting(Hypothesis::id).containsExactly("c-one/H1", "c-one/H2", "c-two/H1",
                "c-two/H2", "c-three/H5");
        assertThat(g.contradictions("c-three/H5")).as("refuted where two campaigns supported it")
                .containsExactlyInAnyOrder("c-one/H1", "c-two/H1");
        assertThat(g.contradictions("c-two/H2")).as("a best solvent against no solvent effect")
                .containsExactly("c-one/H2");
        assertThat(g.into("c-one/H1", Relation.REPLICATES)).extracting(Node::id).containsExactly("c-two/H1");
        assertThat(g.graph().outgoingEdgesOf(new Node(Kind.HYPOTHESIS, "c-two/H2"))).extracting(l -> l.relation()
                + " " + g.graph().getEdgeTarget(l).id()).contains("STATED_IN c-two", "CONCERNS solvent");
        assertThat(g.graph().incomingEdgesOf(new Node(Kind.FACTOR, "T"))).as("one factor for every campaign")
                .hasSize(3);
        StringWriter dot = new StringWriter();
        g.writeDot(dot);
        assertThat(dot.toString()).contains("shape=\"folder\"", "label=\"c-two (scenario of c-two)\"",
                "label=\"replicates\"", "label=\"contradicts\"");
    }

    private static CampaignStore.StoredHypothesis stored(String campaign, String id, Claim claim,
                                                       Hypothesis.Status status) {
        return new CampaignStore.StoredHypothesis(campaign, "scenario of " + campaign, new Hypothesis(id, 2,
                claim.describe(), claim.describe(), "", status, List.of("exp-1"), 0.9, "planner", claim, null));
    }
}
