package org.sciloop.core.campaign;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sciloop.core.InputException;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.ModelExchange;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.core.trace.TraceEvent.PlannedExperiment;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceVisitor;

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
    private final Map<String, PlannedExperiment> planned = new HashMap<>();
    private final List<TraceEvent.ProposalMade> proposals = new ArrayList<>();
    /** Proposed and not yet denied, requested or observed, in proposal order. */
    private final Map<String, PlannedExperiment> open = new LinkedHashMap<>();
    /** Waiting for a person's approval, in the order it was asked. */
    private final Map<String, PlannedExperiment> awaitingApproval = new LinkedHashMap<>();
    /** Approved by a person (whether or not run since). */
    private final java.util.Set<String> approved = new java.util.HashSet<>();
    /** Requested, with no outcome line. */
    private final Map<String, PlannedExperiment> inFlight = new LinkedHashMap<>();
    /** Outcome written, observation not yet. */
    private final Map<String, ToolResult> answered = new LinkedHashMap<>();
    private int rounds;
    private int experimentsPlanned;
    private int denied;
    private TraceEvent.CampaignFinished finished;
    private Map<String, String> dataFiles;
    /** The latest resume that told results, and how many of them were signed after it. */
    private TraceRecord lastTell;
    private int signedSinceLastTell;

    private CampaignHistory(List<TraceRecord> records) {
        this.records = List.copyOf(records);
        this.started = (TraceEvent.CampaignStarted) records.get(0).event();
        Fold fold = new Fold();
        records.forEach(r -> r.accept(fold));
    }

    /** The history of an intact trace (see {@link org.sciloop.core.trace.TraceReader#readIntact}). */
    public static CampaignHistory of(List<TraceRecord> records) {
        return new CampaignHistory(records);
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

    /**
     * The fingerprints of the data files the campaign last read (at its start or its latest resume); empty
     * for a trace written before sciloop recorded them.
     */
    public Optional<Map<String, String>> dataFiles() {
        return Optional.ofNullable(dataFiles);
    }

    public Optional<TraceEvent.CampaignFinished> finished() {
        return Optional.ofNullable(finished);
    }

    /**
     * The pause the trace ends with (only its seal after it): empty for a campaign that finished, or whose last
     * process ended without pausing it (a kill, a crash), which a resume settles.
     */
    public Optional<TraceEvent.CampaignPaused> pause() {
        for (int i = records.size() - 1; i >= 0; i--) {
            TraceEvent e = records.get(i).event();
            if (e instanceof TraceEvent.CampaignPaused p) {
                return Optional.of(p);
            }
            if (!(e instanceof TraceEvent.Checkpoint)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Whether the trace ends with a sealed checkpoint: the last process that wrote it ended as it meant to. */
    public boolean sealed() {
        return !records.isEmpty() && records.get(records.size() - 1).event() instanceof TraceEvent.Checkpoint c
                && c.sealed();
    }

    /** Whether its last process ended without pausing or finishing it: a resume settles what it left. */
    public boolean interrupted() {
        return finished == null && pause().isEmpty();
    }

    /** Whether the campaign was a dry run: it traced what it would send, sent nothing, and never goes on. */
    public boolean dryRun() {
        return records.stream().anyMatch(r -> r.event() instanceof TraceEvent.ActionDryRun);
    }

    /** Refuses a finished campaign: resuming it would run experiments nobody asked for. */
    public CampaignHistory requireUnfinished() {
        return requireUnfinished("there is nothing to resume. Start a new campaign with 'sciloop run'.");
    }

    /** Refuses a finished campaign, saying {@code andSo}: what that means for what was asked. */
    public CampaignHistory requireUnfinished(String andSo) {
        if (finished != null) {
            throw new InputException("campaign " + campaignId() + " already finished (" + finished.stopReason()
                    + " after " + finished.experiments() + " experiments); " + andSo);
        }
        return this;
    }

    /**
     * A {@code tell} cut off before all its results were on record (a kill, a power cut): its lines, from its
     * {@code CampaignResumed} on, must be set aside before the campaign goes on, so that a tell is on record
     * whole or not at all.
     */
    public Optional<InterruptedTell> interruptedTell() {
        if (lastTell == null) {
            return Optional.empty();
        }
        int told = ((TraceEvent.CampaignResumed) lastTell.event()).told();
        return signedSinceLastTell < told ? Optional.of(new InterruptedTell(lastTell.seq(), told, signedSinceLastTell))
                : Optional.empty();
    }

    /**
     * A tell that stopped before all its results were on record.
     *
     * @param line the line of its {@code CampaignResumed}, the first of the tell
     * @param told how many results it told
     * @param recorded how many of them were recorded (and signed) before it stopped
     */
    public record InterruptedTell(long line, int told, int recorded) {
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

    /** Experiments the safety policy or an interlock refused. */
    public int denied() {
        return denied;
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

    /** The planner's proposals, in order. */
    public List<TraceEvent.ProposalMade> proposals() {
        return List.copyOf(proposals);
    }

    /** Experiments of the last proposal that were never requested, in order. */
    public List<PlannedExperiment> notStarted() {
        return List.copyOf(open.values());
    }

    /** Experiments that wait for a person's approval, in the order approval was asked. */
    public List<PlannedExperiment> awaitingApproval() {
        return List.copyOf(awaitingApproval.values());
    }

    /** Experiments a person approved. */
    public java.util.Set<String> approved() {
        return java.util.Collections.unmodifiableSet(approved);
    }

    /** Experiments requested with no recorded outcome: the tool must say what became of them. */
    public List<PlannedExperiment> inFlight() {
        return List.copyOf(inFlight.values());
    }

    /** Outcomes written whose observation was not yet, by experiment, in the order they were written. */
    public Map<String, ToolResult> answeredNotObserved() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(answered));
    }

    /** The experiment as its proposal planned it; empty for one the campaign imported (never proposed here). */
    public Optional<PlannedExperiment> planned(String experimentId) {
        return Optional.ofNullable(planned.get(experimentId));
    }

    /** How each event moves the campaign along. */
    private final class Fold implements TraceVisitor {
        @Override
        public void on(TraceEvent.CampaignStarted event, TraceRecord at) {
            dataFiles = event.dataFiles();
        }

        @Override
        public void on(TraceEvent.CampaignResumed event, TraceRecord at) {
            if (event.dataFiles() != null) {
                dataFiles = event.dataFiles();
            }
            if (event.told() > 0) {
                lastTell = at;
                signedSinceLastTell = 0;
            }
        }

        @Override
        public void on(TraceEvent.DeviceReserved event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ProposalMade event, TraceRecord at) {
            rounds = Math.max(rounds, event.round() + 1);
            proposals.add(event);
            for (PlannedExperiment e : event.experiments()) {
                open.put(e.id(), e);
                planned.put(e.id(), e);
                experimentsPlanned = Math.max(experimentsPlanned, idNumber(e.id()));
            }
        }

        @Override
        public void on(TraceEvent.ModelExchanged event, TraceRecord at) {
            modelExchanges.add(event.exchange());
        }

        @Override
        public void on(TraceEvent.HistoryRecalled event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.LookupMade event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.HypothesisProposed event, TraceRecord at) {
            hypotheses.put(event.hypothesis().id(), event.hypothesis());
        }

        @Override
        public void on(TraceEvent.HypothesisUpdated event, TraceRecord at) {
            hypotheses.put(event.hypothesis().id(), event.hypothesis());
        }

        @Override
        public void on(TraceEvent.ActionDenied event, TraceRecord at) {
            open.remove(event.experimentId());
            denied++;
        }

        @Override
        public void on(TraceEvent.ActionRequested event, TraceRecord at) {
            PlannedExperiment e = open.remove(event.experimentId());
            inFlight.put(event.experimentId(), e == null ? inFlight.get(event.experimentId()) : e);
        }

        @Override
        public void on(TraceEvent.DeviceStepped event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ActionDryRun event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ActionCompleted event, TraceRecord at) {
            inFlight.remove(event.experimentId());
            answered.put(event.experimentId(), new ToolResult.Success(event.outputs(),
                    Optional.ofNullable(event.ranAt()).map(Settings::new)));
        }

        @Override
        public void on(TraceEvent.ActionFailed event, TraceRecord at) {
            inFlight.remove(event.experimentId());
            answered.put(event.experimentId(), new ToolResult.Failure(event.reason(), event.retriable()));
        }

        @Override
        public void on(TraceEvent.ObservationRecorded event, TraceRecord at) {
            String id = event.observation().experimentId();
            answered.remove(id);
            open.remove(id);
            observations.add(event.observation());
            experimentsPlanned = Math.max(experimentsPlanned, idNumber(id));
        }

        @Override
        public void on(TraceEvent.ApprovalRequested event, TraceRecord at) {
            PlannedExperiment e = open.remove(event.experimentId());
            if (e != null) {
                awaitingApproval.put(event.experimentId(), e);
            }
        }

        @Override
        public void on(TraceEvent.ApprovalDecided event, TraceRecord at) {
            PlannedExperiment e = awaitingApproval.remove(event.experimentId());
            if (event.approved() && e != null) {
                approved.add(e.id());
                open.put(e.id(), e);  // to run; a denial is followed by its ActionDenied
            }
        }

        @Override
        public void on(TraceEvent.PersonSigned event, TraceRecord at) {
            signedSinceLastTell++;
        }

        @Override
        public void on(TraceEvent.CampaignPaused event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.CampaignFinished event, TraceRecord at) {
            finished = event;
        }

        @Override
        public void on(TraceEvent.Checkpoint event, TraceRecord at) {
        }
    }
}
