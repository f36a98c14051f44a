package org.sciloop.memory.graph;

import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jgrapht.Graph;
import org.jgrapht.graph.DirectedMultigraph;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.AttributeType;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;
import org.jgrapht.nio.graphml.GraphMLExporter;
import org.sciloop.core.hypothesis.Claim;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Observation;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceVisitor;
import org.sciloop.memory.store.CampaignStore;
import org.sciloop.memory.store.Contradictions;

/**
 * A campaign's hypotheses and their evidence as a directed graph (JGraphT): hypotheses, factors,
 * experiments and observations are vertices; an edge says how one bears on another:
 *
 * <ul>
 *   <li>experiment —tests→ hypothesis: the planner designed the experiment to test it;</li>
 *   <li>experiment —produced→ observation;</li>
 *   <li>observation —supports→ / —refutes→ hypothesis: the observation is evidence of the hypothesis's
 *       current version, whose status is supported / refuted;</li>
 *   <li>hypothesis —concerns→ factor;</li>
 *   <li>hypothesis —derived-from→ hypothesis: a later claim about the same subject (the same factor's
 *       trend, best level, optimum) than an earlier one, stated as the evidence moved;</li>
 *   <li>hypothesis —contradicts→ hypothesis: the two formal claims cannot both be true (the later points
 *       at the earlier).</li>
 * </ul>
 *
 * <p>Across campaigns ({@link #acrossCampaigns}), hypotheses of every stored campaign, each —stated-in→ its
 * campaign, meet at the factors they concern, and one campaign's hypothesis —contradicts→ or —replicates→ another's.
 *
 * <p>Built from the trace alone, so any recorded campaign has one, and the same trace always gives the same graph.
 */
public final class KnowledgeGraph {

    public enum Kind { HYPOTHESIS, FACTOR, EXPERIMENT, OBSERVATION, CAMPAIGN }

    public enum Relation {
        TESTS, PRODUCED, SUPPORTS, REFUTES, CONCERNS, DERIVED_FROM, CONTRADICTS, STATED_IN, REPLICATES;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** A vertex: its kind and its id in the campaign (a hypothesis id, a factor name, an experiment id). */
    public record Node(Kind kind, String id) {
    }

    /** An edge; an object of its own so that two vertices may be linked in more than one way. */
    public static final class Link {
        private final Relation relation;

        Link(Relation relation) {
            this.relation = relation;
        }

        public Relation relation() {
            return relation;
        }

        @Override
        public String toString() {
            return relation.label();
        }
    }

    /** exp-2 before exp-10: by the letters, then by how many digits, then as text. */
    private static final Comparator<String> NATURAL = Comparator.comparing((String id) -> id.replaceAll("\\d", ""))
            .thenComparingInt(id -> id.replaceAll("\\D", "").length()).thenComparing(id -> id);

    private final Graph<Node, Link> graph = new DirectedMultigraph<>(null, null, false);
    private final Map<String, Hypothesis> hypotheses = new LinkedHashMap<>();
    private final Map<String, Observation> observations = new LinkedHashMap<>();
    private final Map<String, String> experimentSettings = new LinkedHashMap<>();
    /** Across campaigns: each campaign's scenario. */
    private final Map<String, String> campaigns = new LinkedHashMap<>();

    private KnowledgeGraph() {
    }

    /** The graph of a recorded campaign. */
    public static KnowledgeGraph of(List<TraceRecord> records) {
        KnowledgeGraph g = new KnowledgeGraph();
        Builder builder = g.new Builder();
        records.forEach(r -> r.accept(builder));
        g.relateHypotheses();
        return g;
    }

    /**
     * The graph across campaigns: each stored hypothesis (its last version) stated in its campaign, the factors it
     * concerns shared by every campaign, and between campaigns, {@code contradicts} where they disagree
     * ({@link Contradictions}) and {@code replicates} where a later campaign settled the same claim the same way.
     * A hypothesis's id here is its campaign's id, '/', its id in the campaign.
     */
    public static KnowledgeGraph acrossCampaigns(List<CampaignStore.StoredHypothesis> stored) {
        KnowledgeGraph g = new KnowledgeGraph();
        for (CampaignStore.StoredHypothesis s : stored) {
            Hypothesis h = s.hypothesis();
            String id = s.campaign() + "/" + h.id();
            g.state(new Hypothesis(id, h.version(), h.statement(), h.claim(), h.prediction(), h.status(), h.evidence(),
                    h.confidence(), h.author(), h.formal(), h.assessment()));
            g.campaigns.put(s.campaign(), s.scenario());
            g.link(g.vertex(Kind.HYPOTHESIS, id), g.vertex(Kind.CAMPAIGN, s.campaign()), Relation.STATED_IN);
        }
        for (Contradictions.Contradiction c : Contradictions.among(stored)) {
            g.link(g.vertex(Kind.HYPOTHESIS, c.later().campaign() + "/" + c.later().hypothesis().id()),
                    g.vertex(Kind.HYPOTHESIS, c.earlier().campaign() + "/" + c.earlier().hypothesis().id()),
                    Relation.CONTRADICTS);
        }
        for (int i = 0; i < stored.size(); i++) {
            for (int j = 0; j < i; j++) {
                Hypothesis later = stored.get(i).hypothesis();
                Hypothesis earlier = stored.get(j).hypothesis();
                if (!stored.get(i).campaign().equals(stored.get(j).campaign()) && later.formal() != null
                        && later.formal().equals(earlier.formal()) && later.status().settled()
                        && later.status() == earlier.status()) {
                    g.link(g.vertex(Kind.HYPOTHESIS, stored.get(i).campaign() + "/" + later.id()),
                            g.vertex(Kind.HYPOTHESIS, stored.get(j).campaign() + "/" + earlier.id()),
                            Relation.REPLICATES);
                }
            }
        }
        return g;
    }

    /** What each event adds to the graph. */
    private final class Builder implements TraceVisitor {
        @Override
        public void on(TraceEvent.HypothesisProposed event, TraceRecord at) {
            state(event.hypothesis());
        }

        @Override
        public void on(TraceEvent.HypothesisUpdated event, TraceRecord at) {
            state(event.hypothesis());
        }

        @Override
        public void on(TraceEvent.ProposalMade event, TraceRecord at) {
            for (TraceEvent.PlannedExperiment x : event.experiments()) {
                Node experiment = vertex(Kind.EXPERIMENT, x.id());
                experimentSettings.put(x.id(), x.settings().toString());
                for (String tested : x.tests()) {
                    link(experiment, vertex(Kind.HYPOTHESIS, tested), Relation.TESTS);
                }
            }
        }

        @Override
        public void on(TraceEvent.ObservationRecorded event, TraceRecord at) {
            Observation obs = event.observation();
            observations.put(obs.experimentId(), obs);
            link(vertex(Kind.EXPERIMENT, obs.experimentId()), vertex(Kind.OBSERVATION, obs.experimentId()),
                    Relation.PRODUCED);
        }

        // Nothing else bears on the hypotheses.

        @Override
        public void on(TraceEvent.CampaignStarted event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.CampaignResumed event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.DeviceReserved event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ModelExchanged event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.HistoryRecalled event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.LookupMade event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ActionDenied event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ActionRequested event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.DeviceStepped event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ActionDryRun event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ActionCompleted event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ActionFailed event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ApprovalRequested event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ApprovalDecided event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.PersonSigned event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.CampaignPaused event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.CampaignFinished event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.Checkpoint event, TraceRecord at) {
        }
    }

    private void state(Hypothesis h) {
        hypotheses.put(h.id(), h);
        Node node = vertex(Kind.HYPOTHESIS, h.id());
        if (h.formal() != null) {
            for (String factor : h.formal().factors()) {
                Node f = vertex(Kind.FACTOR, factor);
                if (!graph.containsEdge(node, f)) {
                    link(node, f, Relation.CONCERNS);
                }
            }
        }
    }

    /** Evidence, derivation and contradiction follow from the hypotheses' final versions. */
    private void relateHypotheses() {
        List<Hypothesis> all = new ArrayList<>(hypotheses.values());
        for (Hypothesis h : all) {
            Node node = vertex(Kind.HYPOTHESIS, h.id());
            Relation verdict = h.status() == Hypothesis.Status.SUPPORTED ? Relation.SUPPORTS
                    : h.status() == Hypothesis.Status.REFUTED ? Relation.REFUTES : null;
            if (verdict != null) {
                for (String evidence : h.evidence()) {
                    link(vertex(Kind.OBSERVATION, evidence), node, verdict);
                }
            }
        }
        for (int i = 0; i < all.size(); i++) {
            Claim later = all.get(i).formal();
            if (later == null) {
                continue;
            }
            for (int j = i - 1; j >= 0; j--) {
                Claim earlier = all.get(j).formal();
                if (earlier == null) {
                    continue;
                }
                Node from = vertex(Kind.HYPOTHESIS, all.get(i).id());
                Node to = vertex(Kind.HYPOTHESIS, all.get(j).id());
                if (later.contradicts(earlier)) {
                    link(from, to, Relation.CONTRADICTS);
                }
                if (later.subject().equals(earlier.subject())) {
                    link(from, to, Relation.DERIVED_FROM);
                    break;  // from the nearest earlier one only
                }
            }
        }
    }

    private Node vertex(Kind kind, String id) {
        Node n = new Node(kind, id);
        graph.addVertex(n);
        return n;
    }

    private void link(Node from, Node to, Relation relation) {
        graph.addEdge(from, to, new Link(relation));
    }

    /** The graph itself, for queries of one's own (JGraphT algorithms work on it directly). */
    public Graph<Node, Link> graph() {
        return new org.jgrapht.graph.AsUnmodifiableGraph<>(graph);
    }

    /** Every hypothesis in its latest version, in the order first stated. */
    public List<Hypothesis> hypotheses() {
        return List.copyOf(hypotheses.values());
    }

    public Optional<Hypothesis> hypothesis(String id) {
        return Optional.ofNullable(hypotheses.get(id));
    }

    /** What bears on a hypothesis through {@code relation}: "what supports H?" is {@code into(H, SUPPORTS)}. */
    public List<Node> into(String hypothesisId, Relation relation) {
        Node h = new Node(Kind.HYPOTHESIS, hypothesisId);
        if (!graph.containsVertex(h)) {
            return List.of();
        }
        return graph.incomingEdgesOf(h).stream().filter(l -> l.relation() == relation).map(graph::getEdgeSource)
                .sorted(Comparator.comparing(Node::id, NATURAL)).toList();
    }

    /** The hypotheses {@code hypothesisId} contradicts or is contradicted by. */
    public List<String> contradictions(String hypothesisId) {
        Node h = new Node(Kind.HYPOTHESIS, hypothesisId);
        if (!graph.containsVertex(h)) {
            return List.of();
        }
        return graph.edgesOf(h).stream().filter(l -> l.relation() == Relation.CONTRADICTS)
                .map(l -> graph.getEdgeSource(l).equals(h) ? graph.getEdgeTarget(l) : graph.getEdgeSource(l))
                .map(Node::id).distinct().toList();
    }

    /** Open hypotheses (neither supported nor refuted) that no experiment was designed to test. */
    public List<Hypothesis> untested() {
        return hypotheses.values().stream().filter(h -> !h.status().settled())
                .filter(h -> into(h.id(), Relation.TESTS).isEmpty()).toList();
    }

    public void writeGraphML(Writer out) {
        GraphMLExporter<Node, Link> exporter = new GraphMLExporter<>(n -> n.kind().name().toLowerCase() + ":" + n.id());
        for (String key : List.of("kind", "label", "status", "confidence", "claim")) {
            exporter.registerAttribute(key, GraphMLExporter.AttributeCategory.NODE, AttributeType.STRING);
        }
        exporter.registerAttribute("relation", GraphMLExporter.AttributeCategory.EDGE, AttributeType.STRING);
        exporter.setVertexAttributeProvider(this::attributes);
        exporter.setEdgeAttributeProvider(l -> Map.of("relation", DefaultAttribute.createAttribute(l.relation().label())));
        exporter.exportGraph(graph, out);
    }

    public void writeDot(Writer out) {
        Map<Node, String> ids = new LinkedHashMap<>();
        graph.vertexSet().forEach(n -> ids.put(n, "n" + ids.size()));
        DOTExporter<Node, Link> exporter = new DOTExporter<>(ids::get);
        exporter.setVertexAttributeProvider(n -> {
            // DOT reads a backslash in a quoted string as an escape (JGraphT escapes only the quotes): doubled, a
            // level such as Pd\b stays as written.
            Map<String, Attribute> a = new LinkedHashMap<>();
            attributes(n).forEach((key, value) -> a.put(key, DefaultAttribute.createAttribute(
                    value.getValue().replace("\\", "\\\\"))));
            a.put("shape", DefaultAttribute.createAttribute(switch (n.kind()) {
                case HYPOTHESIS -> "box";
                case FACTOR -> "hexagon";
                case EXPERIMENT -> "ellipse";
                case OBSERVATION -> "note";
                case CAMPAIGN -> "folder";
            }));
            return a;
        });
        exporter.setEdgeAttributeProvider(l -> Map.of("label", DefaultAttribute.createAttribute(l.relation().label())));
        exporter.exportGraph(graph, out);
    }

    private Map<String, Attribute> attributes(Node n) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("kind", DefaultAttribute.createAttribute(n.kind().name().toLowerCase()));
        if (n.kind() == Kind.HYPOTHESIS && hypotheses.containsKey(n.id())) {
            Hypothesis h = hypotheses.get(n.id());
            a.put("label", DefaultAttribute.createAttribute(h.id() + ": " + h.statement()));
            a.put("status", DefaultAttribute.createAttribute(h.status().name()));
            a.put("confidence", DefaultAttribute.createAttribute(String.format(java.util.Locale.ROOT, "%.3f", h.confidence())));
            if (h.formal() != null) {
                a.put("claim", DefaultAttribute.createAttribute(h.formal().describe()));
            }
        } else if (n.kind() == Kind.OBSERVATION && observations.containsKey(n.id())) {
            Observation o = observations.get(n.id());
            a.put("label", DefaultAttribute.createAttribute(n.id() + ": " + (o.status() == Observation.Status.OK
                    ? o.outcomes().toString() : "failed")));
        } else if (n.kind() == Kind.CAMPAIGN && campaigns.containsKey(n.id())) {
            a.put("label", DefaultAttribute.createAttribute(n.id() + " (" + campaigns.get(n.id()) + ")"));
        } else if (n.kind() == Kind.EXPERIMENT && experimentSettings.containsKey(n.id())) {
            a.put("label", DefaultAttribute.createAttribute(n.id() + ": " + experimentSettings.get(n.id())));
        } else {
            a.put("label", DefaultAttribute.createAttribute(n.id()));
        }
        return a;
    }
}
