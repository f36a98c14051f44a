package org.sciloop.memory.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sciloop.core.InputException;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Observation;
import org.sciloop.core.tool.RecordedAnswers;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceVisitor;

/**
 * Reads a trace into what the store keeps of it. Only a trace whose hash chain is intact is indexed: the store
 * must never say more than the record vouches for.
 */
public final class TraceIndexer implements TraceVisitor {
    private String id;
    private TraceEvent.CampaignStarted header;
    private Instant started;
    private Instant ended;
    private String state = "open";
    private final Set<String> parameters = new LinkedHashSet<>();
    private final Set<String> people = new LinkedHashSet<>();
    private final List<IndexedCampaign.StoredObservation> observations = new ArrayList<>();
    private final Map<String, Hypothesis> hypotheses = new LinkedHashMap<>();
    /** Each hypothesis's statement as last written, at its line; the other passages as they come. */
    private final Map<String, IndexedCampaign.Passage> statements = new LinkedHashMap<>();
    private final List<IndexedCampaign.Passage> passages = new ArrayList<>();
    private long lines;
    private String head;
    /** The deterministic tool's fingerprint while its answers may be reused; null for another tool. */
    private String toolFingerprint;
    /** Calls made and the tool's own answers, by experiment, until the observation they make. */
    private final Map<String, Map<String, Object>> calls = new LinkedHashMap<>();
    private final Map<String, TraceEvent.ActionCompleted> answered = new LinkedHashMap<>();
    private final List<IndexedCampaign.StoredAnswer> answers = new ArrayList<>();
    /** The line whose hash a check compares with the store's, and that hash once read. */
    private final long lineOfInterest;
    private String hashAtLine;

    private TraceIndexer(long lineOfInterest) {
        this.lineOfInterest = lineOfInterest;
    }

    /**
     * The campaign of {@code trace} (a trace file); an {@link InputException} saying why when it is missing,
     * unreadable, damaged, or not a campaign's trace.
     */
    public static IndexedCampaign read(Path trace) {
        return read(trace, 0).campaign();
    }

    /** A campaign read from its trace, and the hash its trace now has at the line a check asked about. */
    public record Reading(IndexedCampaign campaign, Optional<String> hashAtLine) {
    }

    /** As {@link #read(Path)}, noting the hash of line {@code line} (none when the trace is shorter). */
    public static Reading read(Path trace, long line) {
        TraceIndexer indexer = new TraceIndexer(line);
        TraceReader.Report report = TraceReader.scan(trace, r -> r.accept(indexer));
        if (report.problem().isPresent()) {
            throw new InputException(trace + " does not verify (" + report.problem().get() + "); the store takes"
                    + " only what an intact trace vouches for ('sciloop verify' says more)");
        }
        if (indexer.header == null) {
            throw new InputException(trace + " holds no campaign (its first line is not a CampaignStarted)");
        }
        return new Reading(indexer.campaign(trace.toAbsolutePath().normalize()),
                Optional.ofNullable(indexer.hashAtLine));
    }

    private IndexedCampaign campaign(Path trace) {
        TraceEvent.CampaignStarted h = header;
        List<String> objectives = new ArrayList<>();
        JsonNode doc = h.document();
        if (doc.has("objectives")) {
            doc.get("objectives").forEach(o -> objectives.add(o.path("name").asText()));
        } else if (doc.has("objective")) {
            objectives.add(doc.get("objective").path("name").asText());
        }
        List<IndexedCampaign.Passage> prose = new ArrayList<>(statements.values());
        prose.addAll(passages);
        return new IndexedCampaign(id, trace, h.scenario(), h.source(), doc, h.seed(), h.tool(), h.planner(),
                List.copyOf(objectives), List.copyOf(parameters), started, Optional.ofNullable(ended), state,
                List.copyOf(people), lines, head, List.copyOf(observations), List.copyOf(hypotheses.values()),
                List.copyOf(answers), List.copyOf(prose));
    }

    private void passage(TraceRecord at, String kind, String subject, String text) {
        if (text != null && !text.isBlank()) {
            passages.add(new IndexedCampaign.Passage(at.seq(), kind, subject, text.strip()));
        }
    }

    private void statement(Hypothesis hypothesis, TraceRecord at) {
        hypotheses.put(hypothesis.id(), hypothesis);
        statements.remove(hypothesis.id());  // kept in the order of their last version
        statements.put(hypothesis.id(), new IndexedCampaign.Passage(at.seq(), "hypothesis", hypothesis.id(),
                hypothesis.statement()));
    }

    private void line(TraceRecord at) {
        lines++;
        head = at.hash();
        if (at.seq() == lineOfInterest) {
            hashAtLine = at.hash();
        }
        if (at.actor() != null && at.actor().startsWith("person:")) {
            people.add(at.actor().substring("person:".length()));
        }
    }

    @Override
    public void on(TraceEvent.CampaignStarted event, TraceRecord at) {
        line(at);
        header = event;
        id = at.campaign();
        started = at.time();
        toolFingerprint = event.toolFingerprint();
    }

    @Override
    public void on(TraceEvent.CampaignResumed event, TraceRecord at) {
        line(at);
        if (event.dataFiles() != null && !event.dataFiles().equals(header.dataFiles())) {
            toolFingerprint = null;  // resumed on changed data: later answers are not those of the fingerprint
        }
        state = "open";
        ended = null;
    }

    @Override
    public void on(TraceEvent.DeviceReserved event, TraceRecord at) {
        line(at);
    }

    @Override
    public void on(TraceEvent.ProposalMade event, TraceRecord at) {
        line(at);
        passage(at, "rationale", "round-" + event.round(), event.rationale());
        for (TraceEvent.PlannedExperiment e : event.experiments()) {
            passage(at, "rationale", e.id(), e.rationale());
        }
    }

    @Override
    public void on(TraceEvent.ModelExchanged event, TraceRecord at) {
        line(at);
    }

    @Override
    public void on(TraceEvent.HistoryRecalled event, TraceRecord at) {
        line(at);
    }

    @Override
    public void on(TraceEvent.LookupMade event, TraceRecord at) {
        line(at);
    }

    @Override
    public void on(TraceEvent.HypothesisProposed event, TraceRecord at) {
        line(at);
        statement(event.hypothesis(), at);
    }

    @Override
    public void on(TraceEvent.HypothesisUpdated event, TraceRecord at) {
        line(at);
        statement(event.hypothesis(), at);
    }

    @Override
    public void on(TraceEvent.ActionDenied event, TraceRecord at) {
        line(at);
    }

    @Override
    public void on(TraceEvent.ActionRequested event, TraceRecord at) {
        line(at);
        calls.put(event.experimentId(), event.arguments());
    }

    @Override
    public void on(TraceEvent.DeviceStepped event, TraceRecord at) {
        line(at);
    }

    @Override
    public void on(TraceEvent.ActionDryRun event, TraceRecord at) {
        line(at);
    }

    @Override
    public void on(TraceEvent.ActionCompleted event, TraceRecord at) {
        line(at);
        // Only the tool's own answers: one taken from the record is already stored where it was measured.
        if (event.answeredFrom() == null && at.actor() != null && at.actor().startsWith("tool:")) {
            answered.put(event.experimentId(), event);
        }
    }

    @Override
    public void on(TraceEvent.ActionFailed event, TraceRecord at) {
        line(at);
    }

    @Override
    public void on(TraceEvent.ObservationRecorded event, TraceRecord at) {
        line(at);
        parameters.addAll(event.observation().settings().values().keySet());
        observations.add(new IndexedCampaign.StoredObservation(id, at.seq(), at.time(), at.actor(),
                event.observation()));
        if (at.actor() != null && at.actor().startsWith("person:")) {
            passage(at, "note", event.observation().experimentId(), event.observation().detail());
        }
        String experiment = event.observation().experimentId();
        Map<String, Object> call = calls.remove(experiment);
        TraceEvent.ActionCompleted answer = answered.remove(experiment);
        if (toolFingerprint != null && call != null && answer != null
                && event.observation().status() == Observation.Status.OK) {
            answers.add(new IndexedCampaign.StoredAnswer(toolFingerprint, RecordedAnswers.key(toolFingerprint, call),
                    at.seq(),
                    at.hash(), answer.outputs(), answer.ranAt()));
        }
    }

    @Override
    public void on(TraceEvent.ApprovalRequested event, TraceRecord at) {
        line(at);
    }

    @Override
    public void on(TraceEvent.ApprovalDecided event, TraceRecord at) {
        line(at);
        passage(at, "note", event.experimentId(), event.reason());
    }

    @Override
    public void on(TraceEvent.PersonSigned event, TraceRecord at) {
        line(at);
        people.add(event.person());
    }

    @Override
    public void on(TraceEvent.CampaignPaused event, TraceRecord at) {
        line(at);
        state = "paused";
        ended = at.time();
    }

    @Override
    public void on(TraceEvent.CampaignFinished event, TraceRecord at) {
        line(at);
        state = "finished";
        ended = at.time();
    }

    @Override
    public void on(TraceEvent.Checkpoint event, TraceRecord at) {
        line(at);
    }
}
