package org.sciloop.core.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sciloop.core.InputException;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.planner.ModelExchange;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceEvent.PlannedExperiment;
import org.sciloop.core.trace.TraceRecord;

/**
 * A campaign as its trace tells it: what the engine needs to pick it up where it stopped. Built by
 * folding the events in order; the trace is the only source, so nothing else needs to survive a crash.
 */
public final class CampaignHistory {
    private final List<TraceRecord> records;
    private final TraceEvent.CampaignStarted started;
    private final List<Observation> observations = new ArrayList<>();
    private final Map<String, Hypothesis> hypotheses = new LinkedHashMap<>();
    private final List<ModelExchange> modelExchanges = new ArrayList<>();
    /** Proposed and not yet denied, requested or observed, in proposal order. */
    private final Map<String, PlannedExperiment> open = new LinkedHashMap<>();
    /** Requested, with no outcome line. */
    private final Map<String, PlannedExperiment> inFlight = new LinkedHashMap<>();
    /** Outcome written, observation not yet. */
    private final Map<String, TraceEvent> answered = new LinkedHashMap<>();
    private int rounds;
    private int experimentsPlanned;
    private TraceEvent.CampaignFinished finished;

    private CampaignHistory(List<TraceRecord> records) {
        this.records = List.copyOf(records);
        this.started = (TraceEvent.CampaignStarted) records.get(0).event();
        records.forEach(r -> fold(r.event()));
    }

    /** The history of an intact trace (see {@link org.sciloop.core.trace.TraceReader#readIntact}). */
    public static CampaignHistory of(List<TraceRecord> records) {
        return new CampaignHistory(records);
    }

    private void fold(TraceEvent event) {
        if (event instanceof TraceEvent.ProposalMade p) {
            rounds = Math.max(rounds, p.round() + 1);
            p.experiments().forEach(e -> open.put(e.id(), e));
            p.experiments().forEach(e -> experimentsPlanned = Math.max(experimentsPlanned, idNumber(e.id())));
        } else if (event instanceof TraceEvent.ActionDenied d) {
            open.remove(d.experimentId());
        } else if (event instanceof TraceEvent.ActionRequested r) {
            PlannedExperiment e = open.remove(r.experimentId());
            inFlight.put(r.experimentId(), e == null ? inFlight.get(r.experimentId()) : e);
        } else if (event instanceof TraceEvent.ActionCompleted c) {
            inFlight.remove(c.experimentId());
            answered.put(c.experimentId(), c);
        } else if (event instanceof TraceEvent.ActionFailed f) {
            inFlight.remove(f.experimentId());
            answered.put(f.experimentId(), f);
        } else if (event instanceof TraceEvent.ObservationRecorded o) {
            answered.remove(o.observation().experimentId());
            open.remove(o.observation().experimentId());
            observations.add(o.observation());
            experimentsPlanned = Math.max(experimentsPlanned, idNumber(o.observation().experimentId()));
        } else if (event instanceof TraceEvent.HypothesisProposed h) {
            hypotheses.put(h.hypothesis().id(), h.hypothesis());
        } else if (event instanceof TraceEvent.HypothesisUpdated h) {
            hypotheses.put(h.hypothesis().id(), h.hypothesis());
        } else if (event instanceof TraceEvent.ModelExchanged m) {
            modelExchanges.add(m.exchange());
        } else if (event instanceof TraceEvent.CampaignFinished f) {
            finished = f;
        }
    }

    public TraceEvent.CampaignStarted started() {
        return started;
    }

    public String campaignId() {
        return records.get(0).campaign();
    }

    public TraceRecord last() {
        return records.get(records.size() - 1);
    }

    public List<TraceRecord> records() {
        return records;
    }

    public Optional<TraceEvent.CampaignFinished> finished() {
        return Optional.ofNullable(finished);
    }

    /** Refuses a finished campaign: resuming it would run experiments nobody asked for. */
    public CampaignHistory requireUnfinished() {
        if (finished != null) {
            throw new InputException("campaign " + campaignId() + " already finished (" + finished.stopReason()
                    + " after " + finished.experiments() + " experiments); there is nothing to resume."
                    + " Start a new campaign with 'sciloop run'.");
        }
        return this;
    }

    public List<Observation> observations() {
        return List.copyOf(observations);
    }

    public List<Hypothesis> hypotheses() {
        return List.copyOf(hypotheses.values());
    }

    /** Every model exchange on record, also those of a round cut off by a crash: they were paid for. */
    public List<ModelExchange> modelExchanges() {
        return List.copyOf(modelExchanges);
    }

    public int rounds() {
        return rounds;
    }

    /** The N of an engine-made experiment id {@code exp-N} (0 for any other id): new ids start above it. */
    static int idNumber(String experimentId) {
        try {
            return experimentId.startsWith("exp-") ? Integer.parseInt(experimentId.substring(4)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The highest experiment number used so far, planned or imported. */
    public int experimentsPlanned() {
        return experimentsPlanned;
    }

    /** Experiments of the last proposal that were never requested, in order. */
    public List<PlannedExperiment> notStarted() {
        return List.copyOf(open.values());
    }

    /** Experiments requested with no recorded outcome: the tool must say what became of them. */
    public List<PlannedExperiment> inFlight() {
        return List.copyOf(inFlight.values());
    }

    /** Outcomes (ActionCompleted or ActionFailed) whose observation was not yet written, by experiment. */
    public Map<String, TraceEvent> answeredNotObserved() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(answered));
    }

    public PlannedExperiment planned(String experimentId) {
        for (TraceRecord r : records) {
            if (r.event() instanceof TraceEvent.ProposalMade p) {
                for (PlannedExperiment e : p.experiments()) {
                    if (e.id().equals(experimentId)) {
                        return e;
                    }
                }
            }
        }
        throw new IllegalStateException("no experiment " + experimentId + " in the trace");
    }
}
